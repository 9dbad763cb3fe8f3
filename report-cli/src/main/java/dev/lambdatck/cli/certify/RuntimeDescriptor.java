package dev.lambdatck.cli.certify;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLGenerator;
import dev.lambdatck.core.target.TargetDescriptor;
import dev.lambdatck.tck.runtimeapi.runtime.launch.RuntimeTarget;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/**
 * The {@code runtime-binary} target descriptor of a runtime under test, built from command-line values and
 * written as YAML: the run engine reads targets from descriptor files, and the file also records what was
 * certified next to the results.
 */
public record RuntimeDescriptor(String name, Path bootstrap, Path taskRoot, String handler, Map<String, String> environment,
                                Collection<String> capabilities, String initErrorHandler) {

    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory()
            .disable(YAMLGenerator.Feature.WRITE_DOC_START_MARKER).enable(YAMLGenerator.Feature.MINIMIZE_QUOTES));

    public RuntimeDescriptor {
        environment = Map.copyOf(environment);
        capabilities = List.copyOf(new TreeSet<>(capabilities));
    }

    public TargetDescriptor descriptor() {
        Map<String, String> options = new LinkedHashMap<>();
        if (taskRoot != null) options.put(RuntimeTarget.TASK_ROOT, taskRoot.toAbsolutePath().normalize().toString());
        if (handler != null) options.put(RuntimeTarget.HANDLER, handler);
        // one option per variable: values may hold any character, keys are unique
        environment.forEach((k, v) -> options.put(RuntimeTarget.ENV_PREFIX + k, v));
        if (initErrorHandler != null) options.put(RuntimeTarget.INIT_ERROR_HANDLER, initErrorHandler);
        return new TargetDescriptor(name, null, RuntimeTarget.ADAPTER, List.of(bootstrap.toAbsolutePath().normalize().toString()),
                null, new java.util.LinkedHashSet<>(new ArrayList<>(capabilities)), Map.of(), options);
    }

    /** Writes the descriptor to {@code file} (parent directories are created) and returns the file. */
    public Path write(Path file) throws IOException {
        Path parent = file.toAbsolutePath().getParent();
        if (parent != null) Files.createDirectories(parent);
        String header = "# runtime under test, written by lambda-tck; run it again with: lambda-tck run --suite runtime --target " + file.getFileName() + "\n";
        Files.writeString(file, header + YAML.writeValueAsString(descriptor()));
        return file;
    }
}
