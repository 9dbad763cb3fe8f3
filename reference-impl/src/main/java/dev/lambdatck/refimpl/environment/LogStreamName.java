package dev.lambdatck.refimpl.environment;

import java.security.SecureRandom;
import java.time.Clock;
import java.time.LocalDate;
import java.time.format.DateTimeFormatter;
import java.util.HexFormat;

/** CloudWatch log stream names as Lambda makes them: {@code YYYY/MM/DD/[$LATEST]<32 hex>}, one per environment. */
public final class LogStreamName {

    private static final DateTimeFormatter DAY = DateTimeFormatter.ofPattern("yyyy/MM/dd");
    private static final SecureRandom RANDOM = new SecureRandom();

    private LogStreamName() {
    }

    public static String next(String version, Clock clock) {
        byte[] id = new byte[16];
        RANDOM.nextBytes(id);
        return LocalDate.now(clock.withZone(java.time.ZoneOffset.UTC)).format(DAY) + "/[" + version + "]"
                + HexFormat.of().formatHex(id);
    }
}
