package dev.lambdatck.core.run;

import dev.lambdatck.core.junit.TargetContext;
import dev.lambdatck.core.target.PlatformTargetProvider;
import dev.lambdatck.core.target.TargetDescriptor;
import dev.lambdatck.core.target.TargetException;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * The target as the tests will see it (descriptor + CLI options + capability override), resolved once
 * up front so a bad descriptor is a clear error before anything runs, and so results.json records it.
 * Mirrors the resolution in {@link TargetContext}.
 */
final class ResolvedTarget {

    private ResolvedTarget() {
    }

    /** The value for {@code lambdatck.target}: descriptor paths made absolute, adapter names as given. */
    static String targetParameter(String target) {
        Path p = Path.of(target);
        if (target.endsWith(".yaml") || target.endsWith(".yml") || Files.isRegularFile(p)) {
            if (!Files.isRegularFile(p)) throw new IllegalArgumentException("target descriptor " + target + " does not exist");
            return p.toAbsolutePath().normalize().toString();
        }
        return target;
    }

    static TargetDescriptor resolve(RunRequest request) {
        TargetDescriptor d;
        try {
            d = TargetContext.readDescriptor(targetParameter(request.target()));
        } catch (TargetException e) {
            throw new IllegalArgumentException(e.getMessage(), e);
        }
        Map<String, String> options = new TreeMap<>(d.options());
        options.putAll(request.options());
        Set<String> caps = d.capabilities();
        if (caps.isEmpty()) {
            PlatformTargetProvider p = TargetContext.providers().get(d.adapter());
            if (p != null) caps = p.defaultCapabilities();
        }
        if (request.capabilities() != null) caps = Set.copyOf(request.capabilities());
        return new TargetDescriptor(d.name(), d.version(), d.adapter(), d.command(), d.url(), caps, d.timeouts(), options);
    }

    /** The descriptor as an ordered map for results.json, with the fixture and expectations file of the run. */
    static Map<String, Object> asMap(TargetDescriptor d, RunRequest request) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("name", d.name());
        if (d.version() != null) m.put("version", d.version());
        m.put("adapter", d.adapter());
        if (!d.command().isEmpty()) m.put("command", List.copyOf(d.command()));
        if (d.url() != null) m.put("url", d.url());
        m.put("capabilities", List.copyOf(new TreeSet<>(d.capabilities())));
        if (!d.timeouts().isEmpty()) m.put("timeouts", new TreeMap<>(d.timeouts()));
        if (!d.options().isEmpty()) m.put("options", new TreeMap<>(d.options()));
        if (request.fixture() != null) m.put("fixture", request.fixture().toString());
        if (request.expectations() != null) m.put("expectationsFile", request.expectations().toAbsolutePath().normalize().toString());
        return m;
    }
}
