package dev.lambdatck.cli.run;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * Resolves {@code --fixture rust|cpp|shell|PATH} to the absolute path of a bootstrap. Language names
 * resolve under {@code $LAMBDA_TCK_HOME/fixtures-runtimes/<lang>/target/bootstrap} (the launcher sets
 * LAMBDA_TCK_HOME to the kit's directory; without it, the current directory is used).
 */
public final class FixtureResolver {

    public static final List<String> LANGUAGES = List.of("rust", "cpp", "shell");
    public static final String HOME_VARIABLE = "LAMBDA_TCK_HOME";

    private final Map<String, String> env;
    private final Path cwd;

    public FixtureResolver(Map<String, String> env, Path cwd) {
        this.env = env;
        this.cwd = cwd;
    }

    public static FixtureResolver system() {
        return new FixtureResolver(System.getenv(), Path.of("").toAbsolutePath());
    }

    public Path home() {
        String h = env.get(HOME_VARIABLE);
        return (h == null || h.isBlank() ? cwd : Path.of(h)).toAbsolutePath().normalize();
    }

    /**
     * @throws IllegalArgumentException for a path that does not exist or is not executable
     * @throws IllegalStateException    for a fixture language whose bootstrap was not built
     */
    public Path resolve(String value) {
        if (LANGUAGES.contains(value)) {
            Path p = home().resolve("fixtures-runtimes").resolve(value).resolve("target").resolve("bootstrap");
            if (!Files.isRegularFile(p)) {
                throw new IllegalStateException("the " + value + " fixture runtime is not built: " + p + " is missing"
                        + " (build it with ./mvnw -B -q -pl fixtures-runtimes install, or pass --fixture PATH;"
                        + (env.containsKey(HOME_VARIABLE) ? "" : " LAMBDA_TCK_HOME is not set, so the current directory was used;")
                        + " the ./lambda-tck launcher builds it)");
            }
            return p;
        }
        Path p = cwd.resolve(value).toAbsolutePath().normalize();
        if (Files.isDirectory(p)) p = p.resolve("bootstrap");
        if (!Files.isRegularFile(p)) {
            throw new IllegalArgumentException("--fixture: " + p + " does not exist (give rust, cpp, shell, or the path of a bootstrap)");
        }
        if (!Files.isExecutable(p)) throw new IllegalArgumentException("--fixture: " + p + " is not executable (chmod +x it)");
        return p;
    }
}
