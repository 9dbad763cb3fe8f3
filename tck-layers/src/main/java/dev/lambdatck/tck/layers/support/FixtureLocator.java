package dev.lambdatck.tck.layers.support;

import dev.lambdatck.core.target.TargetException;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Finds the fixture runtime binary with the same rule as the platform suite: configuration parameter
 * {@value #PARAMETER} (an absolute path), then {@code $LAMBDA_TCK_HOME/fixtures-runtimes/rust/target/bootstrap},
 * then {@code fixtures-runtimes/rust/target/bootstrap} in the working directory or any of its parents.
 */
public final class FixtureLocator {

    public static final String PARAMETER = "lambdatck.fixture";
    static final String RELATIVE = "fixtures-runtimes/rust/target/bootstrap";

    private FixtureLocator() {
    }

    /** @throws TargetException (the test ends in ERROR) naming every place that was searched */
    public static Path locate(Optional<String> configured, String home, Path workingDir) {
        List<Path> tried = new ArrayList<>();
        if (configured.isPresent() && !configured.get().isBlank()) {
            Path p = Path.of(configured.get().trim()).toAbsolutePath();
            if (Files.isRegularFile(p) && Files.isExecutable(p)) return p;
            throw new TargetException(PARAMETER + " = " + p + " is not an executable file");
        }
        if (home != null && !home.isBlank()) {
            Path p = Path.of(home).resolve(RELATIVE);
            if (usable(p)) return p;
            tried.add(p);
        }
        for (Path d = workingDir.toAbsolutePath(); d != null; d = d.getParent()) {
            Path p = d.resolve(RELATIVE);
            if (usable(p)) return p;
            tried.add(p);
        }
        throw new TargetException("no fixture runtime found: set " + PARAMETER + " (lambda-tck run --fixture PATH) or build it"
                + " with 'bash fixtures-runtimes/rust/build.sh'; searched " + tried);
    }

    private static boolean usable(Path p) {
        return Files.isRegularFile(p) && Files.isExecutable(p);
    }
}
