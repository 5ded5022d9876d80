package io.github.proxywasm4j.localproxy.internal;

/** The type URLs of the Envoy v3 messages the local proxy reads and dumps. */
public final class EnvoyTypes {

    public static final String HCM =
            "type.googleapis.com/envoy.extensions.filters.network.http_connection_manager.v3"
                    + ".HttpConnectionManager";
    public static final String WASM =
            "type.googleapis.com/envoy.extensions.filters.http.wasm.v3.Wasm";
    public static final String ROUTER =
            "type.googleapis.com/envoy.extensions.filters.http.router.v3.Router";

    private EnvoyTypes() {}
}
