package dev.lambdatck.tck.runtimeapi.runtime;

import com.fasterxml.jackson.databind.JsonNode;
import dev.lambdatck.core.NotApplicable;
import dev.lambdatck.tck.runtimeapi.runtime.fake.RecordedRequest;
import dev.lambdatck.tck.runtimeapi.support.Json;

import java.util.Locale;
import java.util.Optional;
import java.util.regex.Pattern;

/** Checks shared by the error-reporting tests (/error and /init/error bodies and headers). */
final class ErrorDocuments {

    static final String ERROR_TYPE = "Lambda-Runtime-Function-Error-Type";
    static final String XRAY_CAUSE = "Lambda-Runtime-Function-XRay-Error-Cause";
    /** {@code Category.Reason}, e.g. {@code Runtime.HandlerFailed}, {@code Function.Unhandled}. */
    static final Pattern CATEGORY_REASON = Pattern.compile("[A-Z][A-Za-z0-9]*\\.[A-Z][A-Za-z0-9]*");
    static final Pattern RUNTIME_REASON = Pattern.compile("Runtime\\.[A-Z][A-Za-z0-9]*");

    private ErrorDocuments() {
    }

    /** The post must be an /error; a /response means there is no /error to judge (RTC-ERR-001 judges that). */
    static RecordedRequest requireError(RecordedRequest answer) {
        if (answer.kind() != RecordedRequest.Kind.ERROR) {
            throw new NotApplicable("the runtime posted no /error for the failing handler (it posted " + answer
                    + "); RTC-ERR-001 judges that");
        }
        return answer;
    }

    /** The body as a JSON object with string errorMessage and errorType, or an AssertionError saying what is wrong. */
    static JsonNode errorDocument(RecordedRequest post) {
        Optional<JsonNode> json = Json.parse(post.body());
        if (json.isEmpty()) throw new AssertionError("the " + post.kind() + " body is not JSON: " + RuntimeSession.preview(post.bodyText()));
        JsonNode doc = json.get();
        if (!doc.isObject()) throw new AssertionError("the " + post.kind() + " body is JSON but not an object: " + RuntimeSession.preview(post.bodyText()));
        for (String member : new String[]{"errorMessage", "errorType"}) {
            if (!doc.path(member).isTextual()) {
                throw new AssertionError("the " + post.kind() + " body has no string member " + member + ": " + RuntimeSession.preview(post.bodyText()));
            }
        }
        return doc;
    }

    /** The media type of the Content-Type header, lower case, without parameters; empty when absent. */
    static String mediaType(RecordedRequest post) {
        return post.header("Content-Type").map(v -> v.split(";", 2)[0].strip().toLowerCase(Locale.ROOT)).orElse("");
    }
}
