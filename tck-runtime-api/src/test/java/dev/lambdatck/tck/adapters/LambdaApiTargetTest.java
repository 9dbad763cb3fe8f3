package dev.lambdatck.tck.adapters;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.core.WireMockConfiguration;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import dev.lambdatck.core.target.DeployedFunction;
import dev.lambdatck.core.target.FunctionSpec;
import dev.lambdatck.core.target.PlatformTarget;
import dev.lambdatck.core.target.TargetDescriptor;
import dev.lambdatck.core.target.TargetException;
import org.apache.commons.compress.archivers.zip.ZipArchiveEntry;
import org.apache.commons.compress.archivers.zip.ZipFile;
import org.apache.commons.compress.utils.SeekableInMemoryByteChannel;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.delete;
import static com.github.tomakehurst.wiremock.client.WireMock.deleteRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The lambda-api adapter against a WireMock stub of CreateFunction and DeleteFunction. */
class LambdaApiTargetTest {

    @TempDir
    Path code;

    WireMockServer lambda;

    @BeforeEach
    void start() {
        lambda = new WireMockServer(WireMockConfiguration.options().bindAddress("127.0.0.1").dynamicPort());
        lambda.start();
        lambda.stubFor(post(urlEqualTo("/2015-03-31/functions")).willReturn(aResponse().withStatus(201)
                .withHeader("Content-Type", "application/json")
                .withBody("{\"FunctionName\":\"tck-fn\",\"State\":\"Active\",\"Runtime\":\"provided.al2023\"}")));
        lambda.stubFor(delete(urlEqualTo("/2015-03-31/functions/tck-fn")).willReturn(aResponse().withStatus(204)));
    }

    @AfterEach
    void stop() {
        lambda.stop();
    }

    TargetDescriptor descriptor(String url) {
        return new TargetDescriptor("stub", null, "lambda-api", List.of(), url, Set.of(), Map.of(), Map.of());
    }

    @Test
    void createsTheFunctionFromAZipOfTheCodeAndDeletesItOnClose() throws Exception {
        Path bootstrap = Files.writeString(code.resolve("bootstrap"), "#!/bin/sh\n");
        Files.setPosixFilePermissions(bootstrap, PosixFilePermissions.fromString("rwxr-xr-x"));
        Files.writeString(code.resolve("data.txt"), "data");
        FunctionSpec spec = FunctionSpec.of("tck-fn", code).withEnvironment(Map.of("K", "v")).withTimeout(Duration.ofSeconds(2)).withMemory(256);
        try (PlatformTarget t = new LambdaApiTargetProvider().create(descriptor(lambda.baseUrl()))) {
            t.start();
            DeployedFunction fn = t.deploy(spec);
            assertThat(fn.invokeUrl().toString()).isEqualTo(lambda.baseUrl() + "/2015-03-31/functions/tck-fn/invocations");
            assertThat(fn.streamingInvokeUrl()).hasValueSatisfying(u -> assertThat(u.getPath())
                    .isEqualTo("/2021-11-15/functions/tck-fn/response-streaming-invocations"));

            LoggedRequest create = lambda.findAll(postRequestedFor(urlEqualTo("/2015-03-31/functions"))).get(0);
            JsonNode body = new ObjectMapper().readTree(create.getBodyAsString());
            assertThat(body.path("FunctionName").asText()).isEqualTo("tck-fn");
            assertThat(body.path("Runtime").asText()).isEqualTo("provided.al2023");
            assertThat(body.path("Handler").asText()).isEqualTo("handler");
            assertThat(body.path("Timeout").asInt()).isEqualTo(2);
            assertThat(body.path("MemorySize").asInt()).isEqualTo(256);
            assertThat(body.path("Environment").path("Variables").path("K").asText()).isEqualTo("v");
            byte[] zip = Base64.getDecoder().decode(body.path("Code").path("ZipFile").asText());
            try (ZipFile z = ZipFile.builder().setSeekableByteChannel(new SeekableInMemoryByteChannel(zip)).get()) {
                ZipArchiveEntry b = z.getEntry("bootstrap");
                assertThat(b).as("bootstrap in the package").isNotNull();
                assertThat(b.getUnixMode() & 0777).as("bootstrap stays executable").isEqualTo(0755);
                assertThat(z.getEntry("data.txt")).isNotNull();
            }
            fn.close();
            lambda.verify(1, deleteRequestedFor(urlEqualTo("/2015-03-31/functions/tck-fn")));
        }
    }

    @Test
    void reportsARefusedCreateFunctionClearly() {
        lambda.stubFor(post(urlEqualTo("/2015-03-31/functions")).willReturn(aResponse().withStatus(400)
                .withHeader("Content-Type", "application/json").withHeader("X-Amzn-ErrorType", "InvalidParameterValueException")
                .withBody("{\"message\":\"bad runtime\"}")));
        try (PlatformTarget t = new LambdaApiTargetProvider().create(descriptor(lambda.baseUrl()))) {
            t.start();
            assertThatThrownBy(() -> t.deploy(FunctionSpec.of("tck-fn", code)))
                    .isInstanceOf(TargetException.class).hasMessageContaining("CreateFunction tck-fn");
        }
    }

    @Test
    void needsAUrl() {
        try (PlatformTarget t = new LambdaApiTargetProvider().create(descriptor(null))) {
            assertThatThrownBy(t::start).isInstanceOf(TargetException.class).hasMessageContaining("needs 'url");
        }
    }
}
