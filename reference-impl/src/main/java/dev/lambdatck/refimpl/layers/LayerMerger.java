package dev.lambdatck.refimpl.layers;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.List;

/**
 * Merges layers into one {@code /opt} tree in attachment order: index 0 first, directories unioned, a path present
 * in several layers taken from the last one (LY-MERGE-001..003). Reusable by a layers control plane.
 */
public final class LayerMerger {

    private final ExtractionLimits limits;

    public LayerMerger(ExtractionLimits limits) {
        this.limits = limits;
    }

    /** AWS's check at CreateFunction / UpdateFunctionConfiguration (layers.md §4.2, exact text). */
    public void checkCount(int layers) {
        if (layers > limits.maxLayers()) {
            throw new InvalidArchiveException("Cannot reference more than " + limits.maxLayers() + " layers.");
        }
    }

    /**
     * @param optDir host directory that becomes /opt; created if missing (an empty /opt when there are no layers)
     * @param budget shared with the function code, so the quota covers code plus layers
     */
    public void merge(List<ContentSource> layers, Path optDir, ExtractionBudget budget) {
        checkCount(layers.size());
        layers.forEach(ReadPermissionCheck::check); // refused as a whole before anything is written (LY-ZIP-010)
        try {
            TreeWriter writer = new TreeWriter(optDir, "/opt", budget);
            for (ContentSource layer : layers) {
                layer.extractInto(writer);
            }
            writer.finish();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + optDir + ": " + e.getMessage(), e);
        }
    }
}
