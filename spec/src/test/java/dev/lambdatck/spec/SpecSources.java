package dev.lambdatck.spec;

import java.nio.file.Files;
import java.nio.file.Path;

/** The spec module's source directory (surefire runs tests with the module directory as working directory). */
final class SpecSources {

    private SpecSources() {
    }

    static Path dir() {
        Path dir = Path.of(System.getProperty("basedir", "")).toAbsolutePath();
        if (!Files.isRegularFile(dir.resolve("catalogue.yaml"))) {
            throw new IllegalStateException("catalogue.yaml not found in " + dir + ": run the tests from the spec module");
        }
        return dir;
    }

    /** -Dspec.updateGolden=true, -Dspec.render=true: regenerate instead of compare. */
    static boolean flag(String name) {
        return Boolean.parseBoolean(System.getProperty(name, "false"));
    }
}
