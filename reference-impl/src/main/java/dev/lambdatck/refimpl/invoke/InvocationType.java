package dev.lambdatck.refimpl.invoke;

/** X-Amz-Invocation-Type. */
public enum InvocationType {
    REQUEST_RESPONSE("RequestResponse"), EVENT("Event"), DRY_RUN("DryRun");

    private final String wire;

    InvocationType(String wire) {
        this.wire = wire;
    }

    public String wire() {
        return wire;
    }

    /** @return null when the value is not one of the three */
    public static InvocationType fromWire(String value) {
        if (value == null || value.isEmpty()) return REQUEST_RESPONSE;
        for (InvocationType t : values()) {
            if (t.wire.equals(value)) return t;
        }
        return null;
    }
}
