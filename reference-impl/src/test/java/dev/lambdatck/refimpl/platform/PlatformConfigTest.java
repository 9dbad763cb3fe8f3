package dev.lambdatck.refimpl.platform;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class PlatformConfigTest {

    @TempDir
    Path tmp;

    @Test
    void readsTheDocumentedShape() throws Exception {
        Path yaml = tmp.resolve("p.yaml");
        Files.writeString(yaml, """
                invokePort: 0
                faults: [omit-trace-header]
                functions:
                  - name: echo
                    code: ./my-function
                    handler: function.handler
                    timeout: 3s
                    memory: 256
                    concurrency: 2
                    environment: {KEY: value}
                    layers: [./layer1.zip]
                """);
        PlatformConfig c = PlatformConfig.read(yaml);
        assertThat(c.invokePort()).isZero();
        assertThat(c.faults()).containsExactly("omit-trace-header");
        var f = c.functions().get(0);
        assertThat(f.code()).isEqualTo(tmp.resolve("my-function"));
        assertThat(f.layers()).containsExactly(tmp.resolve("layer1.zip"));
        assertThat(f.timeout()).isEqualTo(Duration.ofSeconds(3));
        assertThat(f.memoryMb()).isEqualTo(256);
        assertThat(f.concurrency()).isEqualTo(2);
        assertThat(f.environment()).containsEntry("KEY", "value");
    }

    @Test
    void badInputGetsClearErrors() throws Exception {
        Path yaml = tmp.resolve("bad.yaml");
        Files.writeString(yaml, "invokePort: 9000\nfunctoins: []\n");
        assertThatThrownBy(() -> PlatformConfig.read(yaml)).hasMessageContaining("unknown key 'functoins'");
        Files.writeString(yaml, "functions:\n  - name: x\n");
        assertThatThrownBy(() -> PlatformConfig.read(yaml)).hasMessageContaining("functions[0]: code is required");
        Files.writeString(yaml, "functions:\n  - {name: x, code: ., timeout: soon}\n");
        assertThatThrownBy(() -> PlatformConfig.read(yaml)).hasMessageContaining("timeout");
        assertThatThrownBy(() -> PlatformConfig.read(tmp.resolve("missing.yaml"))).hasMessageContaining("cannot read");
    }
}
