package dev.lambdatck.refimpl.environment;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;

/**
 * The file system a bootstrap sees in NAMESPACES mode, as a list of operations the supervisor executes inside the
 * new mount namespace (see supervisor.pl): a read-only tmpfs root holding read-only binds of the host's system
 * directories, the function code at /var/task and the merged layers at /opt (both read-only), an empty
 * /var/runtime, a private writable tmpfs at /tmp (512 MB, Lambda's default ephemeral storage), a minimal /dev and
 * a /proc of the new PID namespace. Nothing else of the host (its /tmp, /home, /var, /work...) is visible, and
 * propagation is private, so the host's own /var/task and /opt are never touched.
 * <p>
 * Each mount is a direct mount(2) call with mount(8) as the alternative (unknown architecture, or a user namespace
 * where a remount must keep locked flags, which util-linux handles).
 */
final class MountPlan {

    /** Host directories the bootstrap needs to run programs and load libraries; bound read-only. */
    static final List<String> SYSTEM_DIRS = List.of("usr", "bin", "sbin", "lib", "lib32", "lib64", "libx32", "etc");
    static final List<String> DEVICES = List.of("null", "zero", "full", "random", "urandom", "tty");

    private static final int MS_RDONLY = 1;
    private static final int MS_NOSUID = 2;
    private static final int MS_NODEV = 4;
    private static final int MS_NOEXEC = 8;
    private static final int MS_REMOUNT = 32;
    private static final int MS_BIND = 4096;
    private static final int MS_REC = 16384;

    private final String mountBinary;
    private final List<String> lines = new ArrayList<>();

    private MountPlan(String mountBinary) {
        this.mountBinary = mountBinary;
    }

    /**
     * @param root    an empty host directory on which the private root tmpfs is mounted
     * @param codeDir host directory shown at /var/task
     * @param optDir  host directory shown at /opt
     */
    static String build(String mountBinary, Path root, Path codeDir, Path optDir) throws IOException {
        return build(mountBinary, root, codeDir, optDir, false);
    }

    /** @param readOnlyTmp the read-only-tmp fault: /tmp mounted read-only */
    static String build(String mountBinary, Path root, Path codeDir, Path optDir, boolean readOnlyTmp) throws IOException {
        MountPlan p = new MountPlan(mountBinary);
        String r = root.toString();
        p.tmpfs("lambda-tck-root", r, "mode=0755,size=1m", false);
        for (String d : SYSTEM_DIRS) {
            Path host = Paths.get("/", d);
            if (Files.isSymbolicLink(host)) {
                p.op("symlink", Files.readSymbolicLink(host).toString(), r + "/" + d);
            } else if (Files.isDirectory(host)) {
                p.op("mkdir", r + "/" + d);
                p.bindReadOnly("/" + d, r + "/" + d);
            }
        }
        p.op("mkdir", r + "/dev");
        p.tmpfs("lambda-tck-dev", r + "/dev", "mode=0755,size=64k", false);
        for (String dev : DEVICES) {
            if (!Files.exists(Paths.get("/dev", dev))) continue;
            p.op("touch", r + "/dev/" + dev);
            p.lines.add("?" + p.syscall("/dev/" + dev, r + "/dev/" + dev, "-", MS_BIND, "-")
                    + "\t||\t" + encode(List.of("run", mountBinary, "--bind", "/dev/" + dev, r + "/dev/" + dev)));
        }
        p.op("symlink", "/proc/self/fd", r + "/dev/fd");
        p.op("symlink", "/proc/self/fd/0", r + "/dev/stdin");
        p.op("symlink", "/proc/self/fd/1", r + "/dev/stdout");
        p.op("symlink", "/proc/self/fd/2", r + "/dev/stderr");
        p.op("mkdir", r + "/dev/shm");
        p.tmpfs("lambda-tck-shm", r + "/dev/shm", "mode=1777,size=64m", true);
        p.op("mkdir", r + "/proc");
        // a proc of the new PID namespace; where that is not allowed (user namespace in a container with masked
        // /proc paths) fall back to the host's proc
        p.lines.add(p.syscall("proc", r + "/proc", "proc", MS_NOSUID | MS_NODEV | MS_NOEXEC, "-")
                + "\t||\t" + encode(List.of("run", mountBinary, "-t", "proc", "proc", r + "/proc"))
                + "\t||\t" + encode(List.of("run", mountBinary, "--rbind", "/proc", r + "/proc")));
        p.op("mkdir", r + "/sys");
        p.lines.add("?" + p.syscall("/sys", r + "/sys", "-", MS_BIND | MS_REC, "-")
                + "\t||\t" + encode(List.of("run", mountBinary, "--rbind", "/sys", r + "/sys")));
        p.op("mkdir", r + "/tmp");
        if (readOnlyTmp) {
            p.lines.add(p.syscall("lambda-tck-tmp", r + "/tmp", "tmpfs", MS_RDONLY, "mode=1777,size=512m")
                    + "\t||\t" + encode(List.of("run", mountBinary, "-t", "tmpfs", "-o", "ro,mode=1777,size=512m",
                    "lambda-tck-tmp", r + "/tmp")));
        } else {
            p.tmpfs("lambda-tck-tmp", r + "/tmp", "mode=1777,size=512m", false);
        }
        p.op("mkdir", r + "/var");
        p.op("mkdir", r + "/var/task");
        p.op("mkdir", r + "/var/runtime");
        p.op("mkdir", r + "/opt");
        p.bindReadOnly(codeDir.toString(), r + "/var/task");
        p.bindReadOnly(optDir.toString(), r + "/opt");
        p.lines.add(p.syscall("-", r, "-", MS_REMOUNT | MS_RDONLY, "-")
                + "\t||\t" + encode(List.of("run", mountBinary, "-o", "remount,ro", r)));
        return String.join("\n", p.lines) + "\n";
    }

    private void tmpfs(String name, String target, String options, boolean optional) {
        lines.add((optional ? "?" : "") + syscall(name, target, "tmpfs", 0, options)
                + "\t||\t" + encode(List.of("run", mountBinary, "-t", "tmpfs", "-o", options, name, target)));
    }

    private void bindReadOnly(String source, String target) {
        lines.add(syscall(source, target, "-", MS_BIND, "-")
                + "\t||\t" + encode(List.of("run", mountBinary, "--bind", source, target)));
        lines.add(syscall("-", target, "-", MS_REMOUNT | MS_BIND | MS_RDONLY, "-")
                + "\t||\t" + encode(List.of("run", mountBinary, "-o", "remount,bind,ro", target)));
    }

    private String syscall(String source, String target, String type, int flags, String data) {
        return encode(List.of("mount", source, target, type, Integer.toString(flags), data));
    }

    private void op(String... fields) {
        lines.add(encode(List.of(fields)));
    }

    private static String encode(List<String> fields) {
        for (String f : fields) {
            if (f.indexOf('\t') >= 0 || f.indexOf('\n') >= 0) {
                throw new IllegalArgumentException("path contains a tab or newline: " + f);
            }
        }
        return String.join("\t", fields);
    }
}
