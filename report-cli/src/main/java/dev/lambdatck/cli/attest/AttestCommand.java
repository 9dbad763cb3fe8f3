package dev.lambdatck.cli.attest;

import dev.lambdatck.cli.report.ResultsFiles;
import dev.lambdatck.core.results.RunResults;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.stream.Stream;

/** {@code lambda-tck attest}: packs a run into a bundle that {@code verify} can check offline. */
@Command(name = "attest",
        mixinStandardHelpOptions = true,
        sortOptions = false,
        description = {"Pack a run into an attestation bundle: results.json, the target descriptor (target.json, target.yaml),"
                + " the environment, the TCK and spec versions (tck.json), the expectations file the run used, and MANIFEST.json"
                + " with the SHA-256 of every bundle file and of the TCK artefacts (jar, rule catalogue, waiver list).",
                "Check a bundle with 'lambda-tck verify'."},
        footer = {"%nExamples:",
                "  lambda-tck run --target my-platform.yaml --expectations my-expectations.yaml",
                "  lambda-tck attest lambda-tck-results --out my-platform-bundle",
                "  lambda-tck verify my-platform-bundle",
                "%nExit codes: 0 bundle written, 2 bad input (no results, expectations file missing, bundle directory not empty),"
                        + " 3 the bundle could not be written."})
public final class AttestCommand implements Callable<Integer> {

    @Spec
    CommandLine.Model.CommandSpec spec;

    @Parameters(index = "0", paramLabel = "RESULTS_DIR", description = "The run's output directory (or its results.json).")
    Path results;

    @Option(names = "--out", required = true, paramLabel = "BUNDLE_DIR", description = "Directory for the bundle; must be empty or absent.")
    Path out;

    @Option(names = "--expectations", paramLabel = "FILE",
            description = "The expectations file the run used (default: the path recorded in results.json).")
    Path expectations;

    @Option(names = "--force", description = "Overwrite an earlier bundle in BUNDLE_DIR.")
    boolean force;

    @Override
    public Integer call() throws Exception {
        RunResults r = usage(() -> ResultsFiles.read(results));
        Path resultsFile = ResultsFiles.resolve(results);
        Path ex = expectations;
        if (ex == null && r.target() != null && r.target().get("expectationsFile") != null) {
            ex = Path.of(String.valueOf(r.target().get("expectationsFile")));
        }
        Path exFinal = ex;
        usage(() -> {
            prepare(out);
            return null;
        });
        Manifest m = usage(() -> BundleWriter.write(resultsFile, r, exFinal, out));
        PrintWriter pw = spec.commandLine().getOut();
        pw.println("bundle written: " + out.toAbsolutePath().normalize());
        for (String name : m.files().keySet()) pw.println("  " + name + "  sha256 " + m.files().get(name));
        pw.println("  " + Manifest.FILE + " (+ " + Manifest.DIGEST_FILE + ")");
        TckArtefacts t = m.tck();
        pw.println("TCK " + m.tckVersion() + ", spec " + m.specVersion()
                + (t.jar() == null ? " (run from a build directory: no jar digest)" : ", " + t.jar() + " sha256 " + t.jarSha256()));
        pw.println("verdict " + r.verdict() + "; check the bundle with: lambda-tck verify " + out);
        pw.flush();
        return 0;
    }

    /** An earlier bundle is replaced only with --force, and only if it holds nothing but bundle files. */
    private void prepare(Path dir) throws IOException {
        if (!Files.exists(dir)) return;
        if (!Files.isDirectory(dir)) throw new IllegalArgumentException(dir + " exists and is not a directory");
        List<Path> present;
        try (Stream<Path> s = Files.list(dir)) {
            present = s.sorted().toList();
        }
        if (present.isEmpty()) return;
        if (!force) throw new IllegalArgumentException(dir + " is not empty (use --force to replace an earlier bundle)");
        List<Path> foreign = present.stream().filter(p -> !Bundle.ALL.contains(p.getFileName().toString())).toList();
        if (!foreign.isEmpty()) {
            throw new IllegalArgumentException(dir + " holds files that are not part of a bundle (" + foreign.get(0).getFileName()
                    + (foreign.size() > 1 ? ", …" : "") + "): not replacing it");
        }
        for (Path p : present) Files.delete(p);
    }

    private <T> T usage(dev.lambdatck.cli.UsageErrors.Action<T> action) throws Exception {
        return dev.lambdatck.cli.UsageErrors.check(spec.commandLine(), action);
    }
}
