package dev.lambdatck.refimpl.faults;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * For {@code layers-opt-writable} and {@code task-writable}: removes the read-only remount of /opt or /var/task from
 * a prepared function's mount plan (namespaces mode; see environment/MountPlan), leaving a writable bind mount.
 */
final class MountPlanFaults {

    private static final int MS_REMOUNT = 32;

    private MountPlanFaults() {
    }

    /**
     * @param codeDir the prepared function's task directory; the plan and the private root sit next to it
     * @param view    "opt" or "var/task"
     */
    static void dropReadOnlyRemount(Path codeDir, String view) throws IOException {
        Path plan = codeDir.resolveSibling("mount-plan");
        if (!Files.isRegularFile(plan)) return; // host mode: no mounts, nothing is read-only to begin with
        String target = codeDir.resolveSibling("root").resolve(view).toString();
        List<String> kept = new ArrayList<>();
        for (String line : Files.readAllLines(plan)) {
            String[] f = line.split("\t");
            boolean remount = f.length > 4 && f[0].equals("mount") && f[2].equals(target)
                    && (Integer.parseInt(f[4]) & MS_REMOUNT) != 0;
            if (!remount) kept.add(line);
        }
        Files.write(plan, kept);
    }
}
