package dev.lambdatck.tck.layers.support;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.lambdatck.core.NotApplicable;
import dev.lambdatck.core.TckTimeouts;
import dev.lambdatck.core.evidence.EvidenceLog;
import dev.lambdatck.core.target.Capabilities;
import dev.lambdatck.core.target.DeployedFunction;
import dev.lambdatck.core.target.FunctionSpec;
import dev.lambdatck.core.target.PlatformTarget;
import dev.lambdatck.core.target.TargetDescriptor;
import dev.lambdatck.core.target.TargetException;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * One test's workbench: a scratch directory for packages and layer archives, deployment of functions on the
 * target (all undeployed when the test ends), scripted invocations of the fixture, and the evidence trail.
 * Obtain it as a test method parameter (see {@link LayerLabExtension}).
 */
public final class LayerLab implements AutoCloseable {

    /** The error code AWS answers for every refused layer configuration (layers.md §4.2). */
    public static final String INVALID_PARAMETER = "InvalidParameterValueException";
    public static final String INVALID_ENTRYPOINT = "Runtime.InvalidEntrypoint";
    /** Environment variable the wrapper bootstraps of the discovery tests set to say which one ran. */
    public static final String BOOT_MARK = "LAMBDA_TCK_BOOTSTRAP";
    public static final Duration FUNCTION_TIMEOUT = Duration.ofSeconds(3);

    private static final ObjectMapper JSON = new ObjectMapper();

    private final PlatformTarget platform;
    private final TargetDescriptor descriptor;
    private final TckTimeouts timeouts;
    private final Path fixture;
    private final String testName;
    private final Path work;
    private final List<DeployedFunction> deployed = new ArrayList<>();
    private int functions;
    private int dirs;
    private boolean closed;

    LayerLab(PlatformTarget platform, TargetDescriptor descriptor, TckTimeouts timeouts, Path fixture, String testName) {
        this.platform = platform;
        this.descriptor = descriptor;
        this.timeouts = timeouts;
        this.fixture = fixture;
        this.testName = testName;
        try {
            this.work = Files.createTempDirectory("lambda-tck-layers-");
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create a scratch directory", e);
        }
        EvidenceLog.current().logSource(this::logs);
    }

    /** Ends the test as NOT_APPLICABLE unless the target shows /var/task and /opt at their real paths. */
    public void requirePaths() {
        if (!descriptor.declares(Capabilities.FILESYSTEM_PATHS)) {
            throw new NotApplicable("target '" + descriptor.name() + "' does not declare capability "
                    + Capabilities.FILESYSTEM_PATHS + ": the function cannot be shown /opt and /var/task at their real paths");
        }
    }

    public boolean hasPaths() {
        return descriptor.declares(Capabilities.FILESYSTEM_PATHS);
    }

    /** The fixture runtime binary. */
    public Path fixture() {
        return fixture;
    }

    /** Writes a layer archive into the scratch directory. */
    public Path layer(LayerZip zip) {
        return zip.writeTo(work);
    }

    /** A scratch file holding exactly these bytes (for archives that are not zips). */
    public Path rawFile(String name, byte[] content) {
        try {
            return Files.write(work.resolve(name), content);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A new, empty function package directory. */
    public Package pkg() {
        try {
            return new Package(Files.createDirectory(work.resolve("code-" + (++dirs))));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A package whose {@code bootstrap} is the fixture (mode 0755). */
    public Path fixturePackage() {
        return pkg().fixtureBootstrap().path();
    }

    /** A spec for a new function (unique name, {@link #FUNCTION_TIMEOUT}) with these layers in this order. */
    public FunctionSpec spec(Path code, Path... layers) {
        return FunctionSpec.of(nextName(), code).withTimeout(FUNCTION_TIMEOUT).withLayers(Arrays.asList(layers));
    }

    /** The same function name again (for a redeployment after closing the first one). */
    public FunctionSpec respec(FunctionSpec previous, Path... layers) {
        return new FunctionSpec(previous.name(), previous.codeDir(), previous.handler(), previous.environment(),
                previous.timeout(), previous.memoryMb(), Arrays.asList(layers), previous.concurrency());
    }

    /** Deploys; a refusal is a harness-level problem here (ERROR). Use {@link #attempt} where refusal is the point. */
    public DeployedFunction deploy(FunctionSpec spec) {
        EvidenceLog.current().note("deploy " + describe(spec));
        DeployedFunction fn = platform.deploy(spec);
        deployed.add(fn);
        return fn;
    }

    /** Undeploys one function now (so its name can be deployed again). */
    public void undeploy(DeployedFunction fn) {
        deployed.remove(fn);
        fn.close();
    }

    /**
     * Deploys and invokes once. A refusal is either the deployment failing or the first invocation ending in a
     * function error of type {@value #INVALID_PARAMETER}; both forms are accepted, since the SPI has no control plane.
     */
    public Attempt attempt(FunctionSpec spec, Script probe) {
        EvidenceLog.current().note("attempt to deploy " + describe(spec));
        DeployedFunction fn;
        try {
            fn = platform.deploy(spec);
        } catch (TargetException e) {
            EvidenceLog.current().note("deployment refused: " + e.getMessage());
            return new Attempt(null, e.getMessage(), null, null);
        }
        deployed.add(fn);
        InvokeResult r = invoke(fn, probe.bytes());
        if (r.functionError().isPresent() && INVALID_PARAMETER.equals(r.errorType())) {
            return new Attempt(fn, INVALID_PARAMETER + ": " + r.errorMessage(), r, null);
        }
        return new Attempt(fn, null, r, r.status() == 200 && r.functionError().isEmpty() ? parse(r) : null);
    }

    /** Invokes with a raw payload; the deadline is the function timeout plus the invoke allowance. */
    public InvokeResult invoke(DeployedFunction fn, byte[] payload) {
        return Invoker.invoke(fn, payload, timeouts.invokeFor(FUNCTION_TIMEOUT).plus(timeouts.start()));
    }

    /** Runs a script and returns the fixture's result document; anything else fails the test with what came back. */
    public ScriptResult run(DeployedFunction fn, Script script) {
        InvokeResult r = invoke(fn, script.bytes());
        if (r.status() != 200 || r.functionError().isPresent()) {
            throw new AssertionError("the fixture did not run the script: the invocation answered " + r);
        }
        ScriptResult result = parse(r);
        if (!result.document().path("error").isNull() && !result.document().path("error").isMissingNode()) {
            throw new AssertionError("the fixture could not read the script: " + result.document().path("error"));
        }
        return result;
    }

    private static ScriptResult parse(InvokeResult r) {
        JsonNode doc = r.json();
        if (!doc.has("results")) throw new AssertionError("the answer is not a fixture result document: " + r);
        return new ScriptResult(doc);
    }

    public TckTimeouts timeouts() {
        return timeouts;
    }

    /** Text for evidence: the bytes of a string. */
    public static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    private String nextName() {
        String base = testName.replaceAll("[^A-Za-z0-9-]", "-").toLowerCase(Locale.ROOT);
        if (base.length() > 40) base = base.substring(0, 40);
        return "ly-" + base + "-" + (++functions) + "-" + Long.toHexString(System.nanoTime() & 0xffffff);
    }

    private static String describe(FunctionSpec spec) {
        List<String> layers = spec.layers().stream().map(p -> p.getFileName().toString()).toList();
        return spec.name() + " with layers " + layers;
    }

    private String logs() {
        StringBuilder b = new StringBuilder();
        for (DeployedFunction f : List.copyOf(deployed)) {
            String l;
            try {
                l = f.logs();
            } catch (RuntimeException e) {
                l = "(logs unavailable: " + e.getMessage() + ")";
            }
            if (l != null && !l.isEmpty()) b.append("== ").append(f.name()).append('\n').append(l).append('\n');
        }
        return b.isEmpty() ? null : b.toString();
    }

    @Override
    public void close() {
        if (closed) return;
        closed = true;
        for (DeployedFunction f : deployed) {
            try {
                f.close();
            } catch (RuntimeException e) {
                EvidenceLog.current().note("undeploying " + f.name() + " failed: " + e.getMessage());
            }
        }
        deployed.clear();
        deleteTree(work);
    }

    static void deleteTree(Path root) {
        try {
            if (!Files.exists(root)) return;
            Files.walkFileTree(root, new SimpleFileVisitor<>() {
                @Override
                public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
                    Files.delete(file);
                    return FileVisitResult.CONTINUE;
                }

                @Override
                public FileVisitResult postVisitDirectory(Path dir, IOException exc) throws IOException {
                    Files.delete(dir);
                    return FileVisitResult.CONTINUE;
                }
            });
        } catch (IOException e) {
            // scratch space only; a leftover directory in the system temp dir is harmless
        }
    }

    /**
     * The outcome of {@link #attempt}: {@code refusal} is the message when refused; otherwise {@code result} is the
     * fixture's answer to the probe (null when the invocation did not return a result document).
     */
    public record Attempt(DeployedFunction function, String refusal, InvokeResult invoke, ScriptResult result) {
        public boolean refused() {
            return refusal != null;
        }
    }

    /** A function package directory being filled. */
    public final class Package {
        private final Path dir;

        Package(Path dir) {
            this.dir = dir;
        }

        public Package fixtureBootstrap() {
            return copy("bootstrap", fixture, "rwxr-xr-x");
        }

        /** The fixture binary under another name, for wrapper bootstraps. */
        public Package fixtureAs(String name) {
            return copy(name, fixture, "rwxr-xr-x");
        }

        /** Copies the fixture as {@code bootstrap} without any execute bit. */
        public Package nonExecutableBootstrap() {
            return copy("bootstrap", fixture, "rw-r--r--");
        }

        public Package file(String rel, String text, String perms) {
            try {
                Path p = dir.resolve(rel);
                Files.createDirectories(p.getParent());
                Files.writeString(p, text);
                Files.setPosixFilePermissions(p, PosixFilePermissions.fromString(perms));
                return this;
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }

        public Package dir(String rel) {
            try {
                Files.createDirectories(dir.resolve(rel));
                return this;
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }

        private Package copy(String rel, Path source, String perms) {
            try {
                Path p = dir.resolve(rel);
                Files.copy(source, p, StandardCopyOption.REPLACE_EXISTING);
                Files.setPosixFilePermissions(p, PosixFilePermissions.fromString(perms));
                return this;
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }

        public Path path() {
            return dir;
        }
    }
}
