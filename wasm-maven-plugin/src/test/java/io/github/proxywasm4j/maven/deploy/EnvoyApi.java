package io.github.proxywasm4j.maven.deploy;

import com.google.gson.GsonBuilder;
import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.StringValue;
import com.google.protobuf.Struct;
import com.google.protobuf.util.JsonFormat;
import io.envoyproxy.envoy.config.bootstrap.v3.Bootstrap;
import io.envoyproxy.envoy.extensions.filters.http.router.v3.Router;
import io.envoyproxy.envoy.extensions.filters.http.wasm.v3.Wasm;
import io.envoyproxy.envoy.extensions.filters.network.http_connection_manager.v3.HttpConnectionManager;
import java.util.Map;
import org.snakeyaml.engine.v2.api.Load;
import org.snakeyaml.engine.v2.api.LoadSettings;

/**
 * Envoy's own API definitions for Java ({@code io.envoyproxy.controlplane:api}) reading what the
 * plugin writes, the way Envoy reads a bootstrap: YAML to JSON, then protobuf's JSON parser, which
 * refuses unknown fields and unknown {@code @type}s.
 */
final class EnvoyApi {

    static final JsonFormat.TypeRegistry TYPES =
            JsonFormat.TypeRegistry.newBuilder()
                    .add(HttpConnectionManager.getDescriptor())
                    .add(Wasm.getDescriptor())
                    .add(Router.getDescriptor())
                    .add(StringValue.getDescriptor())
                    .build();

    private EnvoyApi() {}

    /** YAML text as JSON text (what Envoy's YAML loader hands to protobuf's JSON parser). */
    static String json(String yaml) {
        var value = new Load(LoadSettings.builder().build()).loadFromString(yaml);
        return new GsonBuilder().serializeNulls().create().toJson(value);
    }

    /** Parses {@code yaml} strictly as a v3 Bootstrap. */
    static Bootstrap bootstrap(String yaml) throws InvalidProtocolBufferException {
        var builder = Bootstrap.newBuilder();
        JsonFormat.parser().usingTypeRegistry(TYPES).merge(json(yaml), builder);
        return builder.build();
    }

    /** The first wasm HTTP filter of the first listener. */
    static Wasm wasmFilter(Bootstrap bootstrap) throws InvalidProtocolBufferException {
        var hcm =
                bootstrap
                        .getStaticResources()
                        .getListeners(0)
                        .getFilterChains(0)
                        .getFilters(0)
                        .getTypedConfig()
                        .unpack(HttpConnectionManager.class);
        for (var filter : hcm.getHttpFiltersList()) {
            if (filter.getTypedConfig().is(Wasm.class)) {
                return filter.getTypedConfig().unpack(Wasm.class);
            }
        }
        throw new AssertionError("no wasm filter in " + hcm);
    }

    /**
     * What the filter receives from {@code envoy.yaml}: the configuration's StringValue, or empty
     * bytes when there is none (as Envoy passes it).
     */
    static String envoyConfiguration(String yaml) throws InvalidProtocolBufferException {
        var config = wasmFilter(bootstrap(yaml)).getConfig();
        if (!config.hasConfiguration()) {
            return "";
        }
        return config.getConfiguration().unpack(StringValue.class).getValue();
    }

    /** The WasmPlugin's pluginConfig as the Struct istiod holds; empty when there is none. */
    static Struct pluginConfig(Map<?, ?> wasmPlugin) throws InvalidProtocolBufferException {
        var spec = (Map<?, ?>) wasmPlugin.get("spec");
        var struct = Struct.newBuilder();
        if (spec.get("pluginConfig") != null) {
            JsonFormat.parser()
                    .merge(new GsonBuilder().create().toJson(spec.get("pluginConfig")), struct);
        }
        return struct.build();
    }

    /** JSON text read as a Struct, as protobuf reads it. */
    static Struct struct(String json) throws InvalidProtocolBufferException {
        var struct = Struct.newBuilder();
        JsonFormat.parser().merge(json, struct);
        return struct.build();
    }
}
