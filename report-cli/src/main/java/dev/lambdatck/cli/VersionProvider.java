package dev.lambdatck.cli;

import dev.lambdatck.spec.RuleCatalogue;
import picocli.CommandLine;

import java.io.IOException;
import java.io.InputStream;
import java.util.Properties;

/** {@code --version}: the kit's version (from a resource Maven fills in) and the spec version it checks. */
public final class VersionProvider implements CommandLine.IVersionProvider {

    static final String RESOURCE = "lambda-tck/cli-version.properties";

    public static String version() {
        try (InputStream in = VersionProvider.class.getClassLoader().getResourceAsStream(RESOURCE)) {
            if (in == null) return "unknown";
            Properties p = new Properties();
            p.load(in);
            String v = p.getProperty("version", "unknown");
            return v.startsWith("${") ? "unknown" : v;
        } catch (IOException e) {
            return "unknown";
        }
    }

    @Override
    public String[] getVersion() {
        String spec;
        try {
            spec = RuleCatalogue.bundled().specVersion();
        } catch (RuntimeException e) {
            spec = "unreadable (" + e.getMessage().lines().findFirst().orElse("") + ")";
        }
        return new String[] {
                "lambda-tck " + version(),
                "specification " + spec + " (AWS Lambda Runtime API 2018-06-01 and Lambda Layers)",
                "Java " + System.getProperty("java.version") + " on " + System.getProperty("os.name") + " " + System.getProperty("os.arch")
        };
    }
}
