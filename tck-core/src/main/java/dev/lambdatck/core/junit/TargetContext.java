package dev.lambdatck.core.junit;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import dev.lambdatck.core.TckTimeouts;
import dev.lambdatck.core.target.PlatformTarget;
import dev.lambdatck.core.target.PlatformTargetProvider;
import dev.lambdatck.core.target.TargetDescriptor;
import dev.lambdatck.core.target.TargetException;
import org.apiguardian.api.API;
import org.junit.jupiter.api.extension.ExtensionContext;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.ServiceLoader;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * The target of one TCK run, shared by every test of the run through the root extension store.
 *
 * <p>Configuration parameters (set by {@code lambda-tck run}, or by {@code -D} in a plain JUnit run):
 * {@code lambdatck.target} (adapter name or path of a descriptor YAML; default {@code embedded}),
 * {@code lambdatck.capabilities} (comma list overriding the descriptor's), {@code lambdatck.option.K}
 * (adds option K to the descriptor, e.g. {@code lambdatck.option.faults=omit-deadline-header}),
 * {@code lambdatck.timeout.*} (see {@link TckTimeouts}).
 */
@API(status = API.Status.STABLE, since = "0.1")
public final class TargetContext implements ExtensionContext.Store.CloseableResource, AutoCloseable {

    public static final String TARGET = "lambdatck.target";
    public static final String CAPABILITIES = "lambdatck.capabilities";
    public static final String OPTION_PREFIX = "lambdatck.option.";

    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory())
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);

    private final TargetDescriptor descriptor;
    private final TckTimeouts timeouts;
    private final PlatformTargetProvider provider;
    private PlatformTarget platform;
    private TargetException startFailure;

    private TargetContext(TargetDescriptor descriptor, TckTimeouts timeouts, PlatformTargetProvider provider) {
        this.descriptor = descriptor;
        this.timeouts = timeouts;
        this.provider = provider;
    }

    /** The context of the run this test belongs to, created on first use. */
    public static TargetContext of(ExtensionContext context) {
        ExtensionContext root = context.getRoot();
        return root.getStore(ExtensionContext.Namespace.create(TargetContext.class))
                .getOrComputeIfAbsent(TargetContext.class, k -> create(root), TargetContext.class);
    }

    static TargetContext create(ExtensionContext root) {
        String target = root.getConfigurationParameter(TARGET).orElse("embedded");
        TargetDescriptor d = readDescriptor(target);
        Map<String, String> options = new HashMap<>(d.options());
        // JUnit offers no way to list parameters; the options the CLI passes are enumerated in lambdatck.options
        root.getConfigurationParameter("lambdatck.options").ifPresent(keys -> {
            for (String k : keys.split(",")) {
                if (!k.isBlank()) root.getConfigurationParameter(OPTION_PREFIX + k.trim())
                        .ifPresent(v -> options.put(k.trim(), v));
            }
        });
        PlatformTargetProvider provider = providers().get(d.adapter());
        Set<String> caps = d.capabilities();
        if (caps.isEmpty() && provider != null) caps = provider.defaultCapabilities();
        String override = root.getConfigurationParameter(CAPABILITIES).orElse(null);
        if (override != null) caps = Set.of(override.split("\\s*,\\s*"));
        TargetDescriptor resolved = new TargetDescriptor(d.name(), d.version(), d.adapter(), d.command(), d.url(),
                new HashSet<>(caps), d.timeouts(), options);
        TckTimeouts timeouts = TckTimeouts.resolve(root::getConfigurationParameter, System.getenv(), d.timeouts());
        return new TargetContext(resolved, timeouts, provider);
    }

    /** Reads a descriptor: a YAML file when the value is a path to one, otherwise an adapter name. */
    public static TargetDescriptor readDescriptor(String target) {
        Path p = Path.of(target);
        if (target.endsWith(".yaml") || target.endsWith(".yml") || Files.isRegularFile(p)) {
            try {
                TargetDescriptor d = YAML.readValue(p.toFile(), TargetDescriptor.class);
                if (d.adapter() == null) throw new TargetException("target descriptor " + p + ": 'adapter' is missing");
                return d;
            } catch (IOException e) {
                throw new TargetException("cannot read target descriptor " + p + ": " + e.getMessage(), e);
            }
        }
        return new TargetDescriptor(target, null, target, List.of(), null, Set.of(), Map.of(), Map.of());
    }

    public static Map<String, PlatformTargetProvider> providers() {
        return ServiceLoader.load(PlatformTargetProvider.class).stream().map(ServiceLoader.Provider::get)
                .collect(Collectors.toMap(PlatformTargetProvider::adapter, p -> p, (a, b) -> a));
    }

    public TargetDescriptor descriptor() { return descriptor; }

    public TckTimeouts timeouts() { return timeouts; }

    /** The started platform; started once per run. A start failure is remembered and rethrown (ERROR). */
    public synchronized PlatformTarget platform() {
        if (startFailure != null) throw startFailure;
        if (platform == null) {
            if (provider == null) {
                startFailure = new TargetException("no platform adapter named '" + descriptor.adapter()
                        + "' is on the class path (known: " + providers().keySet() + ")");
                throw startFailure;
            }
            PlatformTarget p = provider.create(descriptor);
            try {
                p.start();
            } catch (RuntimeException e) {
                p.close();
                startFailure = e instanceof TargetException te ? te
                        : new TargetException("target '" + descriptor.name() + "' did not start: " + e.getMessage(), e);
                throw startFailure;
            }
            platform = p;
        }
        return platform;
    }

    @Override
    public synchronized void close() {
        if (platform != null) platform.close();
    }
}
