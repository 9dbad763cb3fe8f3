package dev.lambdatck.refimpl.layers;

import java.util.List;

/**
 * The unzipped-size quota checked up front from the sizes archives declare, with AWS's error texts
 * (layers.md §4.2). Extraction enforces the same limit on the bytes really written ({@link ExtractionBudget}).
 */
public final class SizeCheck {

    private SizeCheck() {
    }

    /**
     * @param codeBytes  declared unzipped size of the function code
     * @param layerBytes declared unzipped size of each layer, in order
     */
    public static void check(long codeBytes, List<Long> layerBytes, long limit) {
        long layers = layerBytes.stream().mapToLong(Long::longValue).sum();
        if (codeBytes > limit) {
            throw new InvalidArchiveException("Unzipped size must be smaller than " + limit + " bytes");
        }
        if (layers > limit) {
            throw new InvalidArchiveException("Layers consume more than the available size of " + limit + " bytes");
        }
        if (codeBytes + layers > limit) {
            throw new InvalidArchiveException(combinedMessage(limit, codeBytes + layers));
        }
    }

    static String combinedMessage(long limit, long actual) {
        return "Function code combined with layers exceeds the maximum allowed size of " + limit
                + " bytes. The actual size is " + actual + " bytes.";
    }
}
