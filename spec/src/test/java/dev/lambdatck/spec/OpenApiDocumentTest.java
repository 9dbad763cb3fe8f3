package dev.lambdatck.spec;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.Operation;
import io.swagger.v3.oas.models.PathItem;
import io.swagger.v3.parser.OpenAPIV3Parser;
import io.swagger.v3.parser.core.models.ParseOptions;
import io.swagger.v3.parser.core.models.SwaggerParseResult;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Keeps {@code openapi/runtime-api.yaml} a valid OpenAPI 3.1 document that describes every Runtime API
 * endpoint and cites only rule ids that exist in the catalogue.
 */
class OpenApiDocumentTest {

    private static final String RULES_KEY = "x-lambda-tck-rules";
    private static final List<String> PATHS = List.of(
            "/runtime/invocation/next",
            "/runtime/invocation/{AwsRequestId}/response",
            "/runtime/invocation/{AwsRequestId}/error",
            "/runtime/init/error",
            "/runtime/restore/next",
            "/runtime/restore/error");

    private static Path specDir;
    private static Path document;
    private static SwaggerParseResult parsed;

    @BeforeAll
    static void parse() throws IOException {
        // surefire runs in the module directory (spec/); basedir is set by Maven, "." covers IDE runs
        specDir = Path.of(System.getProperty("basedir", ".")).toAbsolutePath().normalize();
        document = specDir.resolve("openapi/runtime-api.yaml");
        assertThat(document).as("OpenAPI document").isRegularFile();
        ParseOptions options = new ParseOptions();
        options.setResolve(true);
        parsed = new OpenAPIV3Parser().readContents(Files.readString(document), null, options);
    }

    @Test
    void parsesAsOpenApi31WithoutMessages() {
        assertThat(parsed.getMessages()).as("parser messages for %s", document).isEmpty();
        assertThat(parsed.getOpenAPI()).isNotNull();
        assertThat(parsed.getOpenAPI().getOpenapi()).startsWith("3.1");
    }

    @Test
    void describesEveryEndpoint() {
        OpenAPI api = parsed.getOpenAPI();
        assertThat(api.getPaths()).containsKeys(PATHS.toArray(String[]::new));
        assertThat(api.getServers()).singleElement()
                .satisfies(s -> assertThat(s.getUrl()).isEqualTo("http://{AWS_LAMBDA_RUNTIME_API}/2018-06-01"));
    }

    @Test
    void everyOperationCitesRules() {
        List<String> uncited = new ArrayList<>();
        for (Map.Entry<String, PathItem> path : parsed.getOpenAPI().getPaths().entrySet()) {
            for (Map.Entry<PathItem.HttpMethod, Operation> op : path.getValue().readOperationsMap().entrySet()) {
                Map<String, Object> ext = op.getValue().getExtensions();
                Object rules = ext == null ? null : ext.get(RULES_KEY);
                boolean snapstart = ext != null && "snapstart".equals(ext.get("x-lambda-tck-capability"));
                // restore endpoints have no rules yet; every other operation must cite at least one
                boolean ok = rules instanceof List<?> list && (snapstart || !list.isEmpty());
                if (!ok) uncited.add(op.getKey() + " " + path.getKey());
            }
        }
        assertThat(uncited).as("operations without " + RULES_KEY).isEmpty();
    }

    @Test
    void everyCitedRuleExists() throws IOException {
        RuleCatalogue catalogue = CatalogueLoader.fromDirectory(specDir);
        JsonNode tree = new ObjectMapper(new YAMLFactory()).readTree(document.toFile());
        TreeSet<String> cited = new TreeSet<>();
        collectCitations(tree, cited);
        assertThat(cited).as("rule ids cited in %s", document).isNotEmpty();
        assertThat(cited.stream().filter(id -> !catalogue.contains(id)).toList())
                .as("ids cited in %s but missing from the catalogue", document.getFileName())
                .isEmpty();
    }

    @Test
    void documentsTheExactErrorTexts() throws IOException {
        String text = Files.readString(document);
        assertThat(text).contains(
                "Exceeded maximum allowed payload size (6291556 bytes).",
                "InvalidRequestID", "InvalidFunctionResponseMode", "InvalidStateTransition",
                "application/vnd.aws.lambda.error.cause+json",
                "application/vnd.awslambda.http-integration-response");
    }

    private static void collectCitations(JsonNode node, TreeSet<String> out) {
        if (node.isObject()) {
            node.properties().forEach(e -> {
                if (e.getKey().equals(RULES_KEY)) e.getValue().forEach(id -> out.add(id.asText()));
                else collectCitations(e.getValue(), out);
            });
        } else if (node.isArray()) {
            node.forEach(n -> collectCitations(n, out));
        }
    }
}
