package dev.lambdatck.core.target;

import org.apiguardian.api.API;

/**
 * Capability names used in the catalogue ({@code capability:}) and in target descriptors. A rule whose
 * capability the target does not declare is NOT_APPLICABLE for it, never PASS.
 */
@API(status = API.Status.STABLE, since = "0.1")
public final class Capabilities {
    public static final String CORE = "core";
    public static final String STREAMING = "streaming";
    public static final String INVOKE_API = "invoke-api";
    public static final String ENVIRONMENT = "environment";
    public static final String LIFECYCLE = "lifecycle";
    public static final String EXTENSIONS = "extensions";
    public static final String MANAGED_INSTANCES = "managed-instances";
    public static final String SNAPSTART = "snapstart";
    public static final String LAYERS = "layers";
    public static final String LAYERS_CONTROL_PLANE = "layers-control-plane";
    /** The target shows code at /var/task and layers at /opt to the bootstrap (mount namespaces or real paths). */
    public static final String FILESYSTEM_PATHS = "filesystem-paths";
    /** The runtime echoes Lambda-Runtime-Invocation-Id (optional, 2026). */
    public static final String INVOCATION_ID = "invocation-id";

    private Capabilities() {
    }
}
