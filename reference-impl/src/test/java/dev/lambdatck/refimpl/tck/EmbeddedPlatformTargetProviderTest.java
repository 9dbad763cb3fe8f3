package dev.lambdatck.refimpl.tck;

import dev.lambdatck.core.target.Capabilities;
import dev.lambdatck.core.target.DeployedFunction;
import dev.lambdatck.core.target.FunctionSpec;
import dev.lambdatck.core.target.PlatformTarget;
import dev.lambdatck.core.target.PlatformTargetProvider;
import dev.lambdatck.core.target.TargetDescriptor;
import dev.lambdatck.core.target.TargetException;
import dev.lambdatck.refimpl.support.Harness;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Map;
import java.util.ServiceLoader;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Through the SPI only, with the real process launcher. */
class EmbeddedPlatformTargetProviderTest {

    @TempDir
    Path tmp;

    static PlatformTargetProvider provider() {
        return ServiceLoader.load(PlatformTargetProvider.class).stream().map(ServiceLoader.Provider::get)
                .filter(p -> p.adapter().equals("embedded")).findFirst().orElseThrow();
    }

    @Test
    void isRegisteredWithItsDefaultCapabilities() {
        assertThat(provider().defaultCapabilities()).contains(Capabilities.CORE, Capabilities.INVOKE_API,
                Capabilities.ENVIRONMENT, Capabilities.LIFECYCLE, Capabilities.STREAMING, Capabilities.LAYERS);
    }

    @Test
    void deploysAndInvokesThroughTheSpi() throws Exception {
        Path code = Files.createDirectories(tmp.resolve("code"));
        Path b = code.resolve("bootstrap");
        Files.writeString(b, Harness.multiRuntime());
        Files.setPosixFilePermissions(b, PosixFilePermissions.fromString("rwxr-xr-x"));
        TargetDescriptor d = new TargetDescriptor("ref", null, "embedded", null, null, null, null, Map.of());
        try (PlatformTarget t = provider().create(d)) {
            t.start();
            DeployedFunction f = t.deploy(FunctionSpec.of("spi-echo", code));
            assertThat(f.invokeUrl().toString()).matches("http://127\\.0\\.0\\.1:\\d+/2015-03-31/functions/spi-echo/invocations");
            assertThat(f.streamingInvokeUrl()).isPresent();
            assertThat(Harness.text(Harness.invoke(f.invokeUrl(), "log:via-spi".getBytes()))).isEqualTo("logged");
            assertThat(f.logs()).contains("via-spi");
        }
    }

    @Test
    void unknownFaultOptionIsATargetError() {
        TargetDescriptor d = new TargetDescriptor("ref", null, "embedded", null, null, null, null, Map.of("faults", "nope"));
        try (PlatformTarget t = provider().create(d)) {
            assertThatThrownBy(t::start).isInstanceOf(TargetException.class).hasMessageContaining("unknown fault 'nope'");
        }
    }
}
