package dev.lambdatck.tck.runtimeapi.runtime.fake;

/** One header field as it was on the wire: the name keeps its case, the value its bytes (read as UTF-8). */
public record Header(String name, String value) {

    public boolean is(String other) {
        return name.equalsIgnoreCase(other);
    }
}
