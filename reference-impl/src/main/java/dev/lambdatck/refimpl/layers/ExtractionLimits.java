package dev.lambdatck.refimpl.layers;

/**
 * Bounds applied while unpacking a function and its layers.
 *
 * @param maxLayers          layers per function (AWS: 5)
 * @param maxUnzippedBytes   total unzipped size of the function code plus all layers (AWS: 262,144,000 bytes)
 * @param maxEntries         files, directories and links over the function plus all layers (not an AWS quota: a
 *                           guard so that a zip of millions of empty entries cannot exhaust inodes or time)
 * @param maxSymlinkTarget   longest symlink target accepted (PATH_MAX)
 */
public record ExtractionLimits(int maxLayers, long maxUnzippedBytes, int maxEntries, int maxSymlinkTarget) {

    public static final ExtractionLimits AWS = new ExtractionLimits(5, 262_144_000L, 100_000, 4096);

    public ExtractionLimits {
        if (maxLayers < 0 || maxUnzippedBytes < 0 || maxEntries < 0 || maxSymlinkTarget < 1) {
            throw new IllegalArgumentException("limits must not be negative");
        }
    }
}
