package dev.lambdatck.tck.adapters;

import dev.lambdatck.core.target.DeployedFunction;
import dev.lambdatck.core.target.FunctionSpec;
import dev.lambdatck.core.target.PlatformTarget;
import dev.lambdatck.core.target.TargetDescriptor;
import dev.lambdatck.core.target.TargetException;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.lambda.LambdaClient;
import software.amazon.awssdk.services.lambda.model.CreateFunctionResponse;
import software.amazon.awssdk.services.lambda.model.State;

import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * Deploys through CreateFunction (a zip of the code directory, runtime provided.al2023) and undeploys
 * through DeleteFunction; the suites then invoke the function over plain HTTP at
 * {@code <url>/2015-03-31/functions/NAME/invocations}. Layers are not uploaded (that needs PublishLayerVersion).
 */
final class LambdaApiTarget implements PlatformTarget {

    static final Duration ACTIVE_WAIT = Duration.ofSeconds(60);

    private final TargetDescriptor descriptor;
    private final List<String> created = new CopyOnWriteArrayList<>();
    private LambdaClient client;
    private URI base;

    LambdaApiTarget(TargetDescriptor descriptor) {
        this.descriptor = descriptor;
    }

    @Override
    public TargetDescriptor descriptor() {
        return descriptor;
    }

    @Override
    public void start() {
        if (descriptor.url() == null || descriptor.url().isBlank()) {
            throw new TargetException("target '" + descriptor.name() + "' (adapter lambda-api) needs 'url: http://host:port'");
        }
        try {
            base = URI.create(descriptor.url().replaceAll("/+$", ""));
        } catch (IllegalArgumentException e) {
            throw new TargetException("target url '" + descriptor.url() + "' is not a URL: " + e.getMessage(), e);
        }
        client = LambdaClient.builder()
                .endpointOverride(base)
                .region(Region.of(descriptor.option("region", "us-east-1")))
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create(
                        descriptor.option("accessKey", "lambda-tck"), descriptor.option("secretKey", "lambda-tck"))))
                .httpClient(UrlConnectionHttpClient.builder()
                        .connectionTimeout(Duration.ofSeconds(10)).socketTimeout(Duration.ofSeconds(60)).build())
                .build();
    }

    @Override
    public DeployedFunction deploy(FunctionSpec spec) {
        if (client == null) throw new TargetException("target not started");
        if (!spec.layers().isEmpty()) throw new TargetException("adapter lambda-api does not upload layers; function " + spec.name());
        byte[] zip = CodeZip.of(spec.codeDir());
        try {
            CreateFunctionResponse r = client.createFunction(b -> b
                    .functionName(spec.name())
                    .runtime(descriptor.option("runtime", "provided.al2023"))
                    .role(descriptor.option("role", "arn:aws:iam::000000000000:role/lambda-tck"))
                    .handler(spec.handler())
                    .code(c -> c.zipFile(SdkBytes.fromByteArray(zip)))
                    .timeout((int) Math.max(1, (spec.timeout().toMillis() + 999) / 1000))
                    .memorySize(spec.memoryMb())
                    .environment(e -> e.variables(spec.environment())));
            created.add(spec.name());
            if (r.state() != null && r.state() != State.ACTIVE) awaitActive(spec.name());
        } catch (SdkException e) {
            throw new TargetException("CreateFunction " + spec.name() + " at " + base + " failed: " + e.getMessage(), e);
        }
        String encoded = URLEncoder.encode(spec.name(), StandardCharsets.UTF_8);
        URI invoke = URI.create(base + "/2015-03-31/functions/" + encoded + "/invocations");
        URI streaming = URI.create(base + "/2021-11-15/functions/" + encoded + "/response-streaming-invocations");
        return new DeployedFunction() {
            @Override public String name() { return spec.name(); }
            @Override public URI invokeUrl() { return invoke; }
            @Override public Optional<URI> streamingInvokeUrl() { return Optional.of(streaming); }
            @Override public String logs() { return ""; }
            @Override public void close() { delete(spec.name()); }
        };
    }

    private void awaitActive(String name) {
        long end = System.nanoTime() + ACTIVE_WAIT.toNanos();
        while (System.nanoTime() < end) {
            State s = client.getFunctionConfiguration(b -> b.functionName(name)).state();
            if (s == null || s == State.ACTIVE) return;
            if (s == State.FAILED) throw new TargetException("function " + name + " failed to become active");
            try {
                Thread.sleep(200);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
        throw new TargetException("function " + name + " did not become active within " + ACTIVE_WAIT.toSeconds() + " s");
    }

    private void delete(String name) {
        if (!created.remove(name) || client == null) return;
        try {
            client.deleteFunction(b -> b.functionName(name));
        } catch (SdkException ignored) {
            // undeploy is best effort; the report names what was created
        }
    }

    @Override
    public void close() {
        for (String n : List.copyOf(created)) delete(n);
        if (client != null) client.close();
    }
}
