package dev.lambdatck.refimpl.invoke;

import dev.lambdatck.refimpl.faults.Fault;
import dev.lambdatck.refimpl.faults.FaultSet;
import io.netty.handler.codec.http.HttpHeaders;

/** Headers every Invoke API answer for an invocation carries. */
final class InvokerResponses {

    static final String FUNCTION_ERROR = "X-Amz-Function-Error";
    static final String LOG_RESULT = "X-Amz-Log-Result";
    static final String EXECUTED_VERSION = "X-Amz-Executed-Version";
    static final String REQUEST_ID = "X-Amzn-RequestId";
    /** The value production Lambda reports for every function or runtime error today. */
    static final String UNHANDLED = "Unhandled";

    private InvokerResponses() {
    }

    static void common(HttpHeaders h, Invocation inv, String version, FaultSet faults, boolean withTail) {
        h.set(REQUEST_ID, inv.requestId());
        if (!faults.has(Fault.NO_EXECUTED_VERSION)) h.set(EXECUTED_VERSION, version);
        if (withTail && inv.metadata().wantsLogTail() && !faults.has(Fault.NO_LOG_TAIL)) {
            h.set(LOG_RESULT, inv.tail().base64());
        }
    }

    static void functionError(HttpHeaders h, FunctionError e, FaultSet faults) {
        if (e.flagged()) h.set(FUNCTION_ERROR, UNHANDLED);
    }
}
