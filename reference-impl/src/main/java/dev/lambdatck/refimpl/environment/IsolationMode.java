package dev.lambdatck.refimpl.environment;

/** How the bootstrap sees its paths. */
public enum IsolationMode {
    /** Private mount namespace: code read-only at /var/task, layers read-only at /opt, private /tmp. */
    NAMESPACES,
    /** No namespaces here: paths are host directories, passed through LAMBDA_TASK_ROOT and friends. */
    HOST
}
