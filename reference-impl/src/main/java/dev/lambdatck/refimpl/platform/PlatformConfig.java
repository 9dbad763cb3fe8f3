package dev.lambdatck.refimpl.platform;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import dev.lambdatck.core.TckTimeouts;
import dev.lambdatck.refimpl.function.FunctionConfig;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * How to run a reference platform. Read from YAML:
 * <pre>
 * invokePort: 9000          # 0 = free port
 * bind: 127.0.0.1
 * initTimeout: 10s
 * faults: []
 * functions:
 *   - name: echo
 *     code: ./my-function   # dir or zip; bootstrap inside
 *     handler: function.handler
 *     timeout: 3s
 *     memory: 128
 *     concurrency: 1
 *     environment: {KEY: value}
 *     layers: [./layer1.zip]
 * </pre>
 * Relative paths are resolved against the YAML file's directory.
 */
public record PlatformConfig(String bindHost, int invokePort, Duration initTimeout, List<String> faults,
                             List<FunctionConfig> functions) {

    public static final Duration DEFAULT_INIT_TIMEOUT = Duration.ofSeconds(10);

    public PlatformConfig {
        if (bindHost == null || bindHost.isBlank()) bindHost = "127.0.0.1";
        if (invokePort < 0 || invokePort > 65535) throw new IllegalArgumentException("invokePort must be 0..65535, got " + invokePort);
        if (initTimeout == null) initTimeout = DEFAULT_INIT_TIMEOUT;
        faults = faults == null ? List.of() : List.copyOf(faults);
        functions = functions == null ? List.of() : List.copyOf(functions);
    }

    public static PlatformConfig defaults() {
        return new PlatformConfig("127.0.0.1", 0, DEFAULT_INIT_TIMEOUT, List.of(), List.of());
    }

    public PlatformConfig withFaults(List<String> f) {
        return new PlatformConfig(bindHost, invokePort, initTimeout, f, functions);
    }

    public PlatformConfig withInvokePort(int port) {
        return new PlatformConfig(bindHost, port, initTimeout, faults, functions);
    }

    public PlatformConfig withInitTimeout(Duration d) {
        return new PlatformConfig(bindHost, invokePort, d, faults, functions);
    }

    public PlatformConfig withBindHost(String host) {
        return new PlatformConfig(host, invokePort, initTimeout, faults, functions);
    }

    public PlatformConfig withFunctions(List<FunctionConfig> fs) {
        return new PlatformConfig(bindHost, invokePort, initTimeout, faults, fs);
    }

    private static final Set<String> TOP_KEYS = Set.of("invokePort", "bind", "initTimeout", "faults", "functions");
    private static final Set<String> FUNCTION_KEYS = Set.of("name", "version", "code", "handler", "timeout", "memory",
            "concurrency", "environment", "layers", "region", "accountId");

    /** @throws IllegalArgumentException with the file, the key and what is wrong */
    public static PlatformConfig read(Path file) {
        JsonNode root;
        try {
            root = new ObjectMapper(new YAMLFactory()).readTree(Files.readAllBytes(file));
        } catch (IOException e) {
            throw new IllegalArgumentException(file + ": cannot read platform config: " + e.getMessage(), e);
        }
        if (root == null || !root.isObject()) throw new IllegalArgumentException(file + ": expected a YAML mapping at the top");
        Path base = file.toAbsolutePath().getParent();
        String where = file.toString();
        checkKeys(root, TOP_KEYS, where);
        int port = root.has("invokePort") ? intValue(root.get("invokePort"), where + ": invokePort") : 0;
        String bind = root.has("bind") ? root.get("bind").asText() : "127.0.0.1";
        Duration init = root.has("initTimeout") ? duration(root.get("initTimeout"), where + ": initTimeout") : DEFAULT_INIT_TIMEOUT;
        List<String> faults = new ArrayList<>();
        if (root.has("faults")) {
            JsonNode f = root.get("faults");
            if (!f.isArray()) throw new IllegalArgumentException(where + ": faults must be a list");
            f.forEach(n -> faults.add(n.asText()));
        }
        List<FunctionConfig> functions = new ArrayList<>();
        if (root.has("functions")) {
            JsonNode fs = root.get("functions");
            if (!fs.isArray()) throw new IllegalArgumentException(where + ": functions must be a list");
            int i = 0;
            for (JsonNode f : fs) functions.add(function(f, base, where + ": functions[" + i++ + "]"));
        }
        return new PlatformConfig(bind, port, init, faults, functions);
    }

    private static FunctionConfig function(JsonNode f, Path base, String where) {
        if (!f.isObject()) throw new IllegalArgumentException(where + ": expected a mapping");
        checkKeys(f, FUNCTION_KEYS, where);
        if (!f.hasNonNull("name") || f.get("name").asText().isBlank()) throw new IllegalArgumentException(where + ": name is required");
        if (!f.hasNonNull("code")) throw new IllegalArgumentException(where + ": code is required (a directory or zip)");
        String name = f.get("name").asText();
        Path code = base.resolve(f.get("code").asText()).normalize();
        Map<String, String> env = new LinkedHashMap<>();
        if (f.has("environment")) {
            JsonNode e = f.get("environment");
            if (!e.isObject()) throw new IllegalArgumentException(where + ": environment must be a mapping");
            e.fields().forEachRemaining(en -> env.put(en.getKey(), en.getValue().asText()));
        }
        List<Path> layers = new ArrayList<>();
        if (f.has("layers")) {
            if (!f.get("layers").isArray()) throw new IllegalArgumentException(where + ": layers must be a list");
            f.get("layers").forEach(l -> layers.add(base.resolve(l.asText()).normalize()));
        }
        Duration timeout = f.has("timeout") ? duration(f.get("timeout"), where + ": timeout") : null;
        int memory = f.has("memory") ? intValue(f.get("memory"), where + ": memory") : 0;
        int concurrency = f.has("concurrency") ? intValue(f.get("concurrency"), where + ": concurrency") : 0;
        return new FunctionConfig(name, text(f, "version"), code, text(f, "handler"), env, timeout, memory, layers,
                concurrency, text(f, "region"), text(f, "accountId"));
    }

    private static String text(JsonNode n, String key) {
        return n.hasNonNull(key) ? n.get(key).asText() : null;
    }

    private static void checkKeys(JsonNode n, Set<String> allowed, String where) {
        for (Iterator<String> it = n.fieldNames(); it.hasNext(); ) {
            String k = it.next();
            if (!allowed.contains(k)) throw new IllegalArgumentException(where + ": unknown key '" + k + "' (known: " + allowed + ")");
        }
    }

    private static int intValue(JsonNode n, String where) {
        if (!n.canConvertToInt() && !n.isTextual()) throw new IllegalArgumentException(where + ": expected a number");
        try {
            return n.isTextual() ? Integer.parseInt(n.asText().trim()) : n.asInt();
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(where + ": expected a number, got '" + n.asText() + "'");
        }
    }

    private static Duration duration(JsonNode n, String where) {
        try {
            return TckTimeouts.parse(where, n.asText());
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(where + ": " + e.getMessage());
        }
    }
}
