package dev.lambdatck.tck.layers.support;

/** Small programs the suite ships inside packages and layers. */
public final class Wrappers {

    /** Name of the fixture binary next to a wrapper bootstrap. */
    public static final String FIXTURE_NAME = "tck-fixture";

    private Wrappers() {
    }

    /**
     * A {@code bootstrap} that marks itself in {@link LayerLab#BOOT_MARK} and runs the fixture lying next to it,
     * so the fixture's {@code echo} tells which of several bootstraps the platform started. Uses only the shell
     * (no PATH lookups), and finds the fixture through its own path, so it works wherever it is mounted.
     */
    public static String markingBootstrap(String mark) {
        return "#!/bin/sh\nexport " + LayerLab.BOOT_MARK + "=" + mark + "\nexec \"${0%/*}/" + FIXTURE_NAME + "\"\n";
    }

    /** A tool that prints {@code marker} and exits 0. */
    public static String printingTool(String marker) {
        return "#!/bin/sh\necho " + marker + "\n";
    }
}
