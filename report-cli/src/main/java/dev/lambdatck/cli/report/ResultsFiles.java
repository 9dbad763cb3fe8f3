package dev.lambdatck.cli.report;

import com.fasterxml.jackson.core.JsonProcessingException;
import dev.lambdatck.cli.output.ResultsJson;
import dev.lambdatck.core.results.RunResults;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** Reads a results.json given by the user (the file or its directory), with one clear message for every bad input. */
public final class ResultsFiles {

    private ResultsFiles() {
    }

    /** The results.json itself: {@code path}, or {@code path/results.json} when path is a directory. */
    public static Path resolve(Path path) {
        return Files.isDirectory(path) ? path.resolve(ResultsJson.FILE) : path;
    }

    /**
     * @throws IllegalArgumentException when the file is missing, unreadable, not JSON, or not lambda-tck results
     *                                  of a schema this kit reads
     */
    public static RunResults read(Path path) {
        Path f = resolve(path);
        if (!Files.isRegularFile(f)) {
            throw new IllegalArgumentException(Files.isDirectory(path) ? path + " holds no " + ResultsJson.FILE : f + " does not exist");
        }
        RunResults r;
        try {
            r = ResultsJson.read(f);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException(f + " is not a valid results file: " + e.getOriginalMessage()
                    + (e.getLocation() != null ? " (line " + e.getLocation().getLineNr() + ")" : ""));
        } catch (IOException e) {
            throw new IllegalArgumentException("cannot read " + f + ": " + e.getMessage());
        }
        if (r == null || r.schemaVersion() == null || r.verdict() == null || r.rules() == null || r.tests() == null) {
            throw new IllegalArgumentException(f + " is not a lambda-tck results file (schemaVersion, verdict, rules or tests is missing)");
        }
        String major = r.schemaVersion().split("\\.", 2)[0];
        if (!major.equals(RunResults.SCHEMA_VERSION.split("\\.", 2)[0])) {
            throw new IllegalArgumentException(f + " has results schema " + r.schemaVersion() + "; this kit reads schema "
                    + RunResults.SCHEMA_VERSION + " (use the lambda-tck version that wrote it)");
        }
        return r;
    }
}
