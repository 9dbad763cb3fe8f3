package dev.lambdatck.cli.report;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Debian's headless {@code chromium}, run once per call with every background service off and all
 * traffic sent through a given proxy (loopback included), so a test can prove the page fetches nothing.
 */
final class HeadlessChromium {

    static final String INSTALL_HINT = "install Debian's chromium (the README's test command does it)";

    /**
     * The browser's own start-up services. Chromium 156 (Debian) contacts these even for about:blank and
     * despite the flags below (Gaia ListAccounts from the account reconcilor, an on-demand component
     * update check, the network time service); they cannot be turned off without a system policy file, so
     * they are told apart from the page's requests by host.
     */
    static final java.util.regex.Pattern BROWSER_SERVICES = java.util.regex.Pattern.compile(
            "^(CONNECT (accounts\\.google\\.com|update\\.googleapis\\.com|clients2\\.google\\.com):443 "
                    + "|(GET|POST) http://(update\\.googleapis\\.com/service/update2/|clients2\\.google\\.com/time/))");
    private static final Duration DEADLINE = Duration.ofSeconds(90);

    private final Path executable;
    private final Path profile;
    private final int proxyPort;

    HeadlessChromium(Path executable, Path profile, int proxyPort) {
        this.executable = executable;
        this.profile = profile;
        this.proxyPort = proxyPort;
    }

    /** {@code /usr/bin/chromium}, or {@code chromium} on the PATH; null when neither exists. */
    static Path find() {
        List<Path> candidates = new ArrayList<>(List.of(Path.of("/usr/bin/chromium")));
        String path = System.getenv("PATH");
        if (path != null) for (String d : path.split(java.io.File.pathSeparator)) candidates.add(Path.of(d, "chromium"));
        return candidates.stream().filter(Files::isExecutable).findFirst().orElse(null);
    }

    /** The DOM after the page's scripts ran. */
    String dumpDom(String url, String... extraFlags) throws IOException, InterruptedException {
        List<String> cmd = base(extraFlags);
        cmd.add("--dump-dom");
        cmd.add(url);
        return run(cmd);
    }

    void screenshot(String url, Path png, int width, int height) throws IOException, InterruptedException {
        List<String> cmd = base();
        cmd.add("--hide-scrollbars");
        cmd.add("--window-size=" + width + "," + height);
        cmd.add("--screenshot=" + png.toAbsolutePath());
        cmd.add(url);
        run(cmd);
        if (!Files.isRegularFile(png)) throw new IOException("chromium wrote no screenshot " + png);
    }

    private List<String> base(String... extra) {
        List<String> cmd = new ArrayList<>(List.of(executable.toString(), "--headless", "--no-sandbox", "--disable-gpu",
                "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update",
                "--disable-sync", "--user-data-dir=" + profile.toAbsolutePath(),
                "--disable-extensions", "--disable-features=NetworkTimeServiceQuerying,OptimizationHints,Translate,MediaRouter",
                "--proxy-server=127.0.0.1:" + proxyPort, "--proxy-bypass-list=<-loopback>"));
        cmd.addAll(List.of(extra));
        return cmd;
    }

    /** Runs chromium to completion within the deadline; stdout and stderr go to files (no pipe can fill up). */
    private String run(List<String> cmd) throws IOException, InterruptedException {
        Path out = Files.createTempFile(profile.getParent(), "chromium-", ".out");
        Path err = Files.createTempFile(profile.getParent(), "chromium-", ".err");
        Process p = new ProcessBuilder(cmd).redirectOutput(out.toFile()).redirectError(err.toFile()).start();
        try {
            if (!p.waitFor(DEADLINE.toSeconds(), TimeUnit.SECONDS)) {
                throw new IOException("chromium did not finish within " + DEADLINE.toSeconds() + " s; stderr:\n" + tail(err));
            }
            if (p.exitValue() != 0) throw new IOException("chromium exited with " + p.exitValue() + "; stderr:\n" + tail(err));
            return Files.readString(out, StandardCharsets.UTF_8);
        } finally {
            // never leave a browser process behind, whatever happened
            p.descendants().forEach(ProcessHandle::destroyForcibly);
            p.destroyForcibly();
            p.waitFor(10, TimeUnit.SECONDS);
        }
    }

    private static String tail(Path f) throws IOException {
        List<String> lines = Files.readAllLines(f, StandardCharsets.UTF_8);
        return String.join("\n", lines.subList(Math.max(0, lines.size() - 30), lines.size()));
    }
}
