package dev.lambdatck.refimpl.environment;

import dev.lambdatck.refimpl.function.FunctionConfig;
import dev.lambdatck.refimpl.layers.ContentSource;
import dev.lambdatck.refimpl.layers.ExtractionBudget;
import dev.lambdatck.refimpl.layers.ExtractionLimits;
import dev.lambdatck.refimpl.layers.InvalidArchiveException;
import dev.lambdatck.refimpl.layers.LayerMerger;
import dev.lambdatck.refimpl.layers.SizeCheck;
import dev.lambdatck.refimpl.layers.TreeWriter;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Unpacks a function's code into its task directory and merges its layers into its opt directory, checking the
 * layer count and the unzipped-size quota (code plus layers) first from the declared sizes and then on the bytes
 * really written.
 */
final class FunctionUnpacker {

    private final ExtractionLimits limits;

    FunctionUnpacker(ExtractionLimits limits) {
        this.limits = limits;
    }

    void unpack(FunctionConfig fn, Path taskDir, Path optDir) {
        try {
            LayerMerger merger = new LayerMerger(limits);
            merger.checkCount(fn.layers().size());
            ContentSource code = ContentSource.of(fn.code(), "function code");
            List<ContentSource> layers = new ArrayList<>();
            for (int i = 0; i < fn.layers().size(); i++) {
                layers.add(ContentSource.of(fn.layers().get(i), "layer " + (i + 1)));
            }
            SizeCheck.check(code.declaredSize(), layers.stream().map(ContentSource::declaredSize).toList(),
                    limits.maxUnzippedBytes());
            ExtractionBudget budget = new ExtractionBudget(limits);
            TreeWriter task = new TreeWriter(taskDir, "/var/task", budget);
            code.extractInto(task);
            task.finish();
            merger.merge(layers, optDir, budget);
        } catch (InvalidArchiveException e) {
            String detail = e.getCause() == null ? "" : " (" + e.getCause().getMessage() + ")";
            throw new EnvironmentException(e.errorType(), e.getMessage() + detail, e);
        } catch (IOException | UncheckedIOException e) {
            throw new EnvironmentException("Runtime.Unknown", "cannot unpack function " + fn.name() + ": "
                    + e.getMessage(), e);
        }
    }
}
