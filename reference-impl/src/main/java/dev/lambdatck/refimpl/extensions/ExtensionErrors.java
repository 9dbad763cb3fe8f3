package dev.lambdatck.refimpl.extensions;

import dev.lambdatck.refimpl.runtimeapi.RuntimeApiErrors;
import io.netty.handler.codec.http.HttpResponseStatus;

/** The Extensions API's refusals; like RAPID (RIE agentregister.go and friends) all of them 403 but malformed requests. */
final class ExtensionErrors {

    private ExtensionErrors() {
    }

    static RuntimeApiErrors forbidden(String errorType, String message) {
        return new RuntimeApiErrors(HttpResponseStatus.FORBIDDEN, errorType, message);
    }

    static RuntimeApiErrors invalidName() {
        return forbidden("Extension.InvalidExtensionName", "Empty extension name");
    }

    static RuntimeApiErrors invalidEventType(String event) {
        return forbidden("Extension.InvalidEventType", "Invalid event type: " + event);
    }

    static RuntimeApiErrors registrationClosed() {
        return forbidden("Extension.RegistrationClosed", "Extension registration closed already");
    }

    static RuntimeApiErrors tooMany() {
        return forbidden("Extension.TooManyExtensions", "Too many extensions registered (at most "
                + ExtensionsApi.MAX_EXTENSIONS + ")");
    }

    static RuntimeApiErrors missingIdentifier() {
        return forbidden("Extension.MissingExtensionIdentifier", "Missing Lambda-Extension-Identifier header");
    }

    static RuntimeApiErrors unknownIdentifier() {
        return forbidden("Extension.UnknownExtensionIdentifier", "Unknown extension identifier");
    }

    static RuntimeApiErrors invalidState(String why) {
        return forbidden("Extension.InvalidExtensionState", why);
    }

    static RuntimeApiErrors badRequest(String message) {
        return new RuntimeApiErrors(HttpResponseStatus.BAD_REQUEST, "InvalidRequestFormat", message);
    }
}
