package dev.lambdatck.refimpl.invoke;

/**
 * What the invoker supplied besides the payload, already validated and decoded; null members are absent.
 *
 * @param clientContext    decoded JSON text of X-Amz-Client-Context
 * @param cognitoIdentity  JSON text of X-Amz-Cognito-Identity (a reference-platform extension, see README)
 * @param tenantId         X-Amz-Tenant-Id
 * @param traceId          X-Amzn-Trace-Id, or the one the platform generated
 * @param wantsLogTail     X-Amz-Log-Type: Tail
 */
public record InvocationMetadata(String clientContext, String cognitoIdentity, String tenantId, String traceId,
                                 boolean wantsLogTail) {

    public static InvocationMetadata none() {
        return new InvocationMetadata(null, null, null, TraceIds.generate(), false);
    }
}
