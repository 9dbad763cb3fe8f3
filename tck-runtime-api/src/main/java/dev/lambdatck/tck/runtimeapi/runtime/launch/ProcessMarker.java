package dev.lambdatck.tck.runtimeapi.runtime.launch;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/**
 * A unique environment variable given to a runtime, which every process it starts inherits. On Linux the
 * processes carrying it are found through {@code /proc/<pid>/environ}, so a grandchild whose parent exited
 * at once (re-parented to init before any scan of descendants could see it) is still found and killed.
 * Elsewhere, or for a process that cleared its environment, only {@link ProcessHandle#descendants()} remains.
 */
final class ProcessMarker {

    static final String VARIABLE = "LAMBDA_TCK_RUNTIME_INSTANCE";
    private static final Path PROC = Path.of("/proc");

    private final String value = UUID.randomUUID().toString();

    String variable() {
        return VARIABLE;
    }

    String value() {
        return value;
    }

    /** Live processes whose environment holds the marker (empty where /proc is not readable). */
    List<ProcessHandle> processes() {
        List<ProcessHandle> out = new ArrayList<>();
        if (!Files.isDirectory(PROC)) return out;
        byte[] needle = (VARIABLE + "=" + value).getBytes(StandardCharsets.US_ASCII);
        long self = ProcessHandle.current().pid();
        try (DirectoryStream<Path> dirs = Files.newDirectoryStream(PROC, "[0-9]*")) {
            for (Path d : dirs) {
                long pid;
                try {
                    pid = Long.parseLong(d.getFileName().toString());
                } catch (NumberFormatException e) {
                    continue;
                }
                if (pid == self) continue;
                try {
                    if (contains(Files.readAllBytes(d.resolve("environ")), needle)) ProcessHandle.of(pid).ifPresent(out::add);
                } catch (IOException | SecurityException gone) {
                    // exited meanwhile, or not ours to read
                }
            }
        } catch (IOException e) {
            return out;
        }
        return out;
    }

    private static boolean contains(byte[] hay, byte[] needle) {
        outer:
        for (int i = 0; i + needle.length <= hay.length; i++) {
            if (i > 0 && hay[i - 1] != 0) continue; // variables start after a NUL
            for (int j = 0; j < needle.length; j++) if (hay[i + j] != needle[j]) continue outer;
            if (i + needle.length == hay.length || hay[i + needle.length] == 0) return true;
        }
        return false;
    }
}
