package dev.lambdatck.core.run;

import org.apiguardian.api.API;

import java.io.IOException;
import java.io.InputStream;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Properties;

/** Version and environment facts recorded in every results file. Host names and user names are never recorded. */
@API(status = API.Status.STABLE, since = "0.1")
public final class RunMetadata {

    private static final String POM_PROPERTIES = "META-INF/maven/dev.lambdatck/lambda-tck-core/pom.properties";

    private RunMetadata() {
    }

    /**
     * The TCK version: the jar manifest's Implementation-Version (set in the shaded CLI jar), else the
     * Maven pom.properties of tck-core, else {@code unknown} (classes run from a build directory).
     */
    public static String tckVersion() {
        String v = RunMetadata.class.getPackage().getImplementationVersion();
        if (v != null && !v.isBlank()) return v;
        try (InputStream in = RunMetadata.class.getClassLoader().getResourceAsStream(POM_PROPERTIES)) {
            if (in != null) {
                Properties p = new Properties();
                p.load(in);
                String pv = p.getProperty("version");
                if (pv != null && !pv.isBlank()) return pv;
            }
        } catch (IOException e) {
            // fall through: an unreadable resource only loses the version
        }
        return "unknown";
    }

    /** os, arch, java, cores; deliberately nothing that identifies the machine or the user. */
    public static Map<String, String> environment() {
        Map<String, String> m = new LinkedHashMap<>();
        m.put("os", System.getProperty("os.name") + " " + System.getProperty("os.version"));
        m.put("arch", System.getProperty("os.arch"));
        m.put("java", System.getProperty("java.version") + " (" + System.getProperty("java.vendor") + ")");
        m.put("cores", Integer.toString(Runtime.getRuntime().availableProcessors()));
        return m;
    }
}
