package io.github.proxywasm4j.host.abi;

import static io.github.proxywasm4j.host.abi.ValueType.I32;
import static io.github.proxywasm4j.host.abi.ValueType.I64;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The ABI facts in one place: which {@code env.proxy_*} functions each version provides and which
 * {@code proxy_on_*} exports the host calls, with exact types.
 *
 * <p>Parameters are written as the spec names them; each is {@code i32} unless prefixed with
 * {@code i64}. Sources: proxy-wasm spec v0.1.0/v0.2.0/v0.2.1 and proxy-wasm-cpp-host ({@code
 * FOR_ALL_HOST_FUNCTIONS}, {@code WasmBase::registerCallbacks}, {@code FOR_ALL_MODULE_FUNCTIONS},
 * {@code WasmBase::getFunctions}), which is what Envoy links against.
 */
final class AbiTables {
    private AbiTables() {}

    /** The 36 functions every version provides (cpp-host {@code FOR_ALL_HOST_FUNCTIONS}). */
    static final List<FunctionSignature> COMMON_HOST_FUNCTIONS =
            List.of(
                    // Context lifecycle, logging, time.
                    proxy("proxy_done", ""),
                    proxy("proxy_set_effective_context", "context_id"),
                    proxy("proxy_log", "log_level, message_data, message_size"),
                    proxy("proxy_get_current_time_nanoseconds", "return_time"),
                    proxy("proxy_set_tick_period_milliseconds", "tick_period"),
                    // Buffers.
                    proxy(
                            "proxy_get_buffer_bytes",
                            "buffer_id, start, max_size, return_value_data, return_value_size"),
                    proxy(
                            "proxy_set_buffer_bytes",
                            "buffer_id, start, size, value_data, value_size"),
                    proxy(
                            "proxy_get_buffer_status",
                            "buffer_id, return_buffer_size, return_unused"),
                    // Header maps.
                    proxy("proxy_get_header_map_size", "map_id, return_serialized_pairs_size"),
                    proxy(
                            "proxy_get_header_map_pairs",
                            "map_id, return_serialized_pairs_data, return_serialized_pairs_size"),
                    proxy(
                            "proxy_set_header_map_pairs",
                            "map_id, serialized_pairs_data, serialized_pairs_size"),
                    proxy(
                            "proxy_get_header_map_value",
                            "map_id, key_data, key_size, return_value_data, return_value_size"),
                    proxy(
                            "proxy_add_header_map_value",
                            "map_id, key_data, key_size, value_data, value_size"),
                    proxy(
                            "proxy_replace_header_map_value",
                            "map_id, key_data, key_size, value_data, value_size"),
                    proxy("proxy_remove_header_map_value", "map_id, key_data, key_size"),
                    // Local replies and status.
                    proxy(
                            "proxy_send_local_response",
                            "status_code, status_code_details_data, status_code_details_size,"
                                    + " body_data, body_size, serialized_headers_data,"
                                    + " serialized_headers_size, grpc_status"),
                    proxy(
                            "proxy_get_status",
                            "return_status_code, return_status_message_data,"
                                    + " return_status_message_size"),
                    // Outbound HTTP and gRPC.
                    proxy(
                            "proxy_http_call",
                            "upstream_name_data, upstream_name_size, serialized_headers_data,"
                                    + " serialized_headers_size, body_data, body_size,"
                                    + " serialized_trailers_data, serialized_trailers_size,"
                                    + " timeout_ms, return_call_id"),
                    proxy(
                            "proxy_grpc_call",
                            "upstream_name_data, upstream_name_size, service_name_data,"
                                    + " service_name_size, method_name_data, method_name_size,"
                                    + " serialized_initial_metadata_data,"
                                    + " serialized_initial_metadata_size, message_data,"
                                    + " message_size, timeout_ms, return_call_id"),
                    proxy(
                            "proxy_grpc_stream",
                            "upstream_name_data, upstream_name_size, service_name_data,"
                                    + " service_name_size, method_name_data, method_name_size,"
                                    + " serialized_initial_metadata_data,"
                                    + " serialized_initial_metadata_size, return_stream_id"),
                    proxy("proxy_grpc_send", "stream_id, message_data, message_size, end_stream"),
                    proxy("proxy_grpc_cancel", "call_or_stream_id"),
                    proxy("proxy_grpc_close", "call_or_stream_id"),
                    // Shared data and queues.
                    proxy(
                            "proxy_get_shared_data",
                            "key_data, key_size, return_value_data, return_value_size,"
                                    + " return_cas"),
                    proxy(
                            "proxy_set_shared_data",
                            "key_data, key_size, value_data, value_size, cas"),
                    proxy("proxy_register_shared_queue", "name_data, name_size, return_queue_id"),
                    proxy(
                            "proxy_resolve_shared_queue",
                            "vm_id_data, vm_id_size, name_data, name_size, return_queue_id"),
                    proxy("proxy_enqueue_shared_queue", "queue_id, value_data, value_size"),
                    proxy(
                            "proxy_dequeue_shared_queue",
                            "queue_id, return_value_data, return_value_size"),
                    // Metrics: the only i64 parameters of the proxy_* set.
                    proxy(
                            "proxy_define_metric",
                            "metric_type, name_data, name_size, return_metric_id"),
                    proxy("proxy_increment_metric", "metric_id, i64 delta"),
                    proxy("proxy_record_metric", "metric_id, i64 value"),
                    proxy("proxy_get_metric", "metric_id, return_value"),
                    // Properties and foreign functions.
                    proxy(
                            "proxy_get_property",
                            "path_data, path_size, return_value_data, return_value_size"),
                    proxy("proxy_set_property", "path_data, path_size, value_data, value_size"),
                    proxy(
                            "proxy_call_foreign_function",
                            "name_data, name_size, arguments_data, arguments_size,"
                                    + " return_results_data, return_results_size"));

    /**
     * Only in 0.1.0. The v0.1.0 spec says the last three return nothing, but cpp-host registers
     * them as {@code () -> i32}, and SDKs (e.g. proxy-runtime 0.1.8) import them that way.
     */
    static final List<FunctionSignature> V0_1_0_ONLY =
            List.of(
                    proxy("proxy_get_configuration", "return_value_data, return_value_size"),
                    proxy("proxy_continue_request", ""),
                    proxy("proxy_continue_response", ""),
                    proxy("proxy_clear_route_cache", ""));

    /** Added in 0.2.0 (replacing continue_request/continue_response). */
    static final List<FunctionSignature> FROM_V0_2_0 =
            List.of(
                    proxy("proxy_continue_stream", "stream_type"),
                    proxy("proxy_close_stream", "stream_type"));

    /** The only addition of 0.2.1. */
    static final List<FunctionSignature> FROM_V0_2_1 =
            List.of(proxy("proxy_get_log_level", "return_log_level"));

    /**
     * Callbacks cpp-host looks up in every version ({@code FOR_ALL_MODULE_FUNCTIONS}); the header
     * callbacks and {@code proxy_on_foreign_function} depend on the version and are added below.
     */
    static final List<FunctionSignature> COMMON_CALLBACKS =
            List.of(
                    // Memory: cpp-host uses malloc first and falls back to this one.
                    returning("proxy_on_memory_allocate", "size"),
                    // Plugin (root) context.
                    nothing("proxy_on_context_create", "context_id, parent_context_id"),
                    returning("proxy_on_vm_start", "root_context_id, vm_configuration_size"),
                    // Not in the spec; Envoy calls it to validate a configuration it may not apply.
                    returning(
                            "proxy_validate_configuration",
                            "root_context_id, plugin_configuration_size"),
                    returning("proxy_on_configure", "root_context_id, plugin_configuration_size"),
                    nothing("proxy_on_tick", "root_context_id"),
                    nothing("proxy_on_queue_ready", "root_context_id, queue_id"),
                    // TCP.
                    returning("proxy_on_new_connection", "context_id"),
                    returning("proxy_on_downstream_data", "context_id, data_size, end_of_stream"),
                    nothing("proxy_on_downstream_connection_close", "context_id, peer_type"),
                    returning("proxy_on_upstream_data", "context_id, data_size, end_of_stream"),
                    nothing("proxy_on_upstream_connection_close", "context_id, peer_type"),
                    // HTTP (headers callbacks are per version).
                    returning("proxy_on_request_body", "context_id, body_size, end_of_stream"),
                    returning("proxy_on_request_trailers", "context_id, num_trailers"),
                    // Not in the spec; HTTP/2 METADATA frames, result ignored by cpp-host.
                    returning("proxy_on_request_metadata", "context_id, num_elements"),
                    returning("proxy_on_response_body", "context_id, body_size, end_of_stream"),
                    returning("proxy_on_response_trailers", "context_id, num_trailers"),
                    returning("proxy_on_response_metadata", "context_id, num_elements"),
                    // Callouts.
                    nothing(
                            "proxy_on_http_call_response",
                            "root_context_id, call_id, num_headers, body_size, num_trailers"),
                    nothing(
                            "proxy_on_grpc_receive_initial_metadata",
                            "root_context_id, call_id, num_elements"),
                    nothing("proxy_on_grpc_receive", "root_context_id, call_id, message_size"),
                    nothing(
                            "proxy_on_grpc_receive_trailing_metadata",
                            "root_context_id, call_id, num_elements"),
                    nothing("proxy_on_grpc_close", "root_context_id, call_id, status_code"),
                    // Teardown.
                    returning("proxy_on_done", "context_id"),
                    nothing("proxy_on_log", "context_id"),
                    nothing("proxy_on_delete", "context_id"));

    /** 0.1.0 header callbacks have no end_of_stream parameter. */
    static final List<FunctionSignature> V0_1_0_CALLBACKS =
            List.of(
                    returning("proxy_on_request_headers", "context_id, num_headers"),
                    returning("proxy_on_response_headers", "context_id, num_headers"));

    /** cpp-host looks up proxy_on_foreign_function only for 0.2.x modules. */
    static final List<FunctionSignature> V0_2_X_CALLBACKS =
            List.of(
                    returning("proxy_on_request_headers", "context_id, num_headers, end_of_stream"),
                    returning(
                            "proxy_on_response_headers", "context_id, num_headers, end_of_stream"),
                    nothing(
                            "proxy_on_foreign_function",
                            "root_context_id, function_id, arguments_size"));

    /**
     * Always registered by cpp-host for Emscripten-built modules, whatever the ABI version ({@code
     * WasmBase::registerCallbacks}).
     */
    static final List<FunctionSignature> EMSCRIPTEN_HELPERS =
            List.of(
                    FunctionSignature.imported(
                            "env", "pthread_equal", List.of(I32, I32), List.of(I32)),
                    FunctionSignature.imported(
                            "env", "emscripten_notify_memory_growth", List.of(I32), List.of()));

    @SafeVarargs
    static List<FunctionSignature> concat(List<FunctionSignature>... lists) {
        var all = new ArrayList<FunctionSignature>();
        for (var list : lists) {
            all.addAll(list);
        }
        return List.copyOf(all);
    }

    /** An {@code env} import returning an i32 status. */
    private static FunctionSignature proxy(String name, String params) {
        return FunctionSignature.imported("env", name, types(params), List.of(I32));
    }

    private static FunctionSignature returning(String name, String params) {
        return FunctionSignature.exported(name, types(params), List.of(I32));
    }

    private static FunctionSignature nothing(String name, String params) {
        return FunctionSignature.exported(name, types(params), List.of());
    }

    /** Reads "a, i64 b, c" as (i32, i64, i32). */
    static List<ValueType> types(String params) {
        if (params.isBlank()) {
            return List.of();
        }
        var types = new ArrayList<ValueType>();
        for (var param : Arrays.asList(params.split(","))) {
            types.add(param.trim().startsWith("i64 ") ? I64 : I32);
        }
        return List.copyOf(types);
    }
}
