package dev.lambdatck.refimpl.layers;

/**
 * Counts what has really been written (not what archives declare) across the function and all its layers, and
 * stops extraction as soon as a limit is crossed, so a zip bomb costs at most the limit in disk and time.
 */
public final class ExtractionBudget {

    private final ExtractionLimits limits;
    private long bytes;
    private int entries;

    public ExtractionBudget(ExtractionLimits limits) {
        this.limits = limits;
    }

    public ExtractionLimits limits() {
        return limits;
    }

    public void addEntry() {
        if (++entries > limits.maxEntries()) {
            throw new InvalidArchiveException("Function code combined with layers has more than "
                    + limits.maxEntries() + " entries; refusing to unpack more.");
        }
    }

    /** Called for every chunk written; throws once the real total passes the limit. */
    public void addBytes(long n) {
        bytes += n;
        if (bytes > limits.maxUnzippedBytes()) {
            throw new InvalidArchiveException(SizeCheck.combinedMessage(limits.maxUnzippedBytes(), bytes)
                    .replace("The actual size is ", "The actual size is at least "));
        }
    }

    public long bytes() {
        return bytes;
    }

    public int entries() {
        return entries;
    }
}
