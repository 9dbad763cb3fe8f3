package dev.lambdatck.refimpl.extensions;

import dev.lambdatck.refimpl.faults.Fault;
import dev.lambdatck.refimpl.faults.FaultSet;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

/** Discovery of external extensions: the regular files directly in the merged /opt/extensions (EXT-DISC-001). */
final class ExtensionFiles {

    private ExtensionFiles() {
    }

    /** File names, sorted; empty when there is no such directory. Files that cannot be executed are listed too (EXT-DISC-002). */
    static List<String> list(Path optDir, FaultSet faults) {
        if (faults.has(Fault.EXTENSIONS_NOT_STARTED) || optDir == null) return List.of();
        Path dir = optDir.resolve("extensions");
        if (!Files.isDirectory(dir)) return List.of();
        try (Stream<Path> entries = Files.list(dir)) {
            return entries.filter(Files::isRegularFile)
                    .filter(p -> !faults.has(Fault.LAUNCH_ERROR_IGNORED) || Files.isExecutable(p))
                    .map(p -> p.getFileName().toString()).sorted().toList();
        } catch (IOException e) {
            return List.of();
        }
    }
}
