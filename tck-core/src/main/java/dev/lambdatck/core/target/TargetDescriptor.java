package dev.lambdatck.core.target;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import org.apiguardian.api.API;

import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * What is being certified and how to reach it; read from a YAML descriptor file or built from CLI flags.
 *
 * <pre>
 * name: my-platform
 * version: 1.2.3
 * adapter: rie                 # embedded | rie | lambda-api | runtime-binary
 * command: [aws-lambda-rie]    # for rie: the emulator; for runtime-binary: the bootstrap
 * url: http://127.0.0.1:9000   # for lambda-api
 * capabilities: [core, invoke-api, environment, lifecycle]
 * timeouts: {start: 20s, invoke: 10s}
 * options: {faults: "omit-deadline-header"}
 * </pre>
 */
@API(status = API.Status.STABLE, since = "0.1")
@JsonInclude(JsonInclude.Include.NON_EMPTY)
@JsonIgnoreProperties(ignoreUnknown = false)
public record TargetDescriptor(String name, String version, String adapter, List<String> command, String url,
                               Set<String> capabilities, Map<String, String> timeouts,
                               Map<String, String> options) {

    public TargetDescriptor {
        command = command == null ? List.of() : List.copyOf(command);
        capabilities = capabilities == null ? Set.of() : Set.copyOf(capabilities);
        timeouts = timeouts == null ? Map.of() : Map.copyOf(timeouts);
        options = options == null ? Map.of() : Map.copyOf(options);
    }

    public boolean declares(String capability) {
        return capabilities.contains(capability);
    }

    public String option(String key, String dflt) {
        return options.getOrDefault(key, dflt);
    }
}
