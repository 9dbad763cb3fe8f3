package dev.lambdatck.tck.runtimeapi.support;

import dev.lambdatck.core.target.TargetException;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

/**
 * Finds the fixture runtime binary deployed as the function's {@code bootstrap}: configuration parameter
 * {@value #PARAMETER} (absolute path), else {@code $LAMBDA_TCK_HOME/fixtures-runtimes/rust/target/bootstrap},
 * else the same relative path found walking up from the working directory.
 */
public final class FixtureBinary {

    public static final String PARAMETER = "lambdatck.fixture";
    static final String RELATIVE = "fixtures-runtimes/rust/target/bootstrap";

    private FixtureBinary() {
    }

    /** @throws TargetException saying where it looked when there is no usable fixture */
    public static Path locate(Function<String, Optional<String>> config, Map<String, String> env, Path workingDir) {
        Optional<String> configured = config.apply(PARAMETER).filter(s -> !s.isBlank());
        if (configured.isPresent()) {
            Path p = Path.of(configured.get());
            if (!Files.isRegularFile(p)) {
                throw new TargetException("fixture runtime " + p + " (configuration parameter " + PARAMETER + ") does not exist");
            }
            if (!Files.isExecutable(p)) throw new TargetException("fixture runtime " + p + " is not executable");
            return p.toAbsolutePath().normalize();
        }
        String home = env.get("LAMBDA_TCK_HOME");
        if (home != null && !home.isBlank()) {
            Path p = Path.of(home).resolve(RELATIVE);
            if (Files.isExecutable(p)) return p.toAbsolutePath().normalize();
        }
        for (Path d = workingDir.toAbsolutePath(); d != null; d = d.getParent()) {
            Path p = d.resolve(RELATIVE);
            if (Files.isExecutable(p)) return p.normalize();
        }
        throw new TargetException("no fixture runtime found: set configuration parameter " + PARAMETER
                + " (lambda-tck run --fixture PATH) or build it (fixtures-runtimes/rust/build.sh); looked in "
                + (home != null ? "$LAMBDA_TCK_HOME/" + RELATIVE + " and " : "")
                + "every parent of " + workingDir.toAbsolutePath() + " for " + RELATIVE);
    }
}
