package io.github.proxywasm4j.host.abi;

import static io.github.proxywasm4j.host.abi.ValueType.I32;

import java.util.Collections;
import java.util.List;

/** Modules shaped like real SDK output, as builders a test can extend before building. */
final class TestModules {
    private TestModules() {}

    static FunctionSignature env(String name, int i32Params) {
        return FunctionSignature.imported("env", name, i32s(i32Params), List.of(I32));
    }

    static FunctionSignature exported(String name, int i32Params, boolean returnsI32) {
        return FunctionSignature.exported(
                name, i32s(i32Params), returnsI32 ? List.of(I32) : List.of());
    }

    static List<ValueType> i32s(int count) {
        return Collections.nCopies(count, I32);
    }

    /**
     * The add_header filter built with proxy-runtime 0.1.8 and asc {@code --optimize --use
     * abort=abort_proc_exit}: its 6 imports and 32 exports in module order, and a start section.
     */
    static WasmBinary proxyRuntime018() {
        return proxyRuntime018(true);
    }

    /**
     * The same filter; without {@code --use abort=abort_proc_exit} asc imports {@code env.abort}
     * where the module would import {@code wasi_unstable.proc_exit}.
     */
    static WasmBinary proxyRuntime018(boolean abortProcExit) {
        var module = WasmBinary.builder().importFunction(env("proxy_log", 3));
        if (abortProcExit) {
            module.importFunction("wasi_unstable", "proc_exit", i32s(1), List.of());
        } else {
            module.importFunction("env", "abort", i32s(4), List.of());
        }
        return module.importFunction(env("proxy_get_buffer_bytes", 5))
                .importFunction(env("proxy_get_property", 4))
                .importFunction(env("proxy_set_effective_context", 1))
                .importFunction(env("proxy_add_header_map_value", 5))
                .exportMemory("memory")
                .startSection()
                .exportFunction("__alloc", i32s(2), List.of(I32))
                .exportFunction("__retain", i32s(1), List.of(I32))
                .exportFunction("__release", i32s(1), List.of())
                .exportFunction("__collect", List.of(), List.of())
                .exportGlobal("__rtti_base", I32)
                .exportFunction("malloc", i32s(1), List.of(I32))
                .exportFunction("free", i32s(1), List.of())
                // binaryen merged the marker's empty body with __collect's
                .exportAlias("proxy_abi_version_0_2_0", "__collect")
                .exportFunction(exported("proxy_on_vm_start", 2, true))
                .exportFunction(exported("proxy_validate_configuration", 2, true))
                .exportFunction(exported("proxy_on_configure", 2, true))
                .exportFunction(exported("proxy_on_tick", 1, false))
                .exportFunction(exported("proxy_on_foreign_function", 3, false))
                .exportFunction(exported("proxy_on_queue_ready", 2, false))
                .exportFunction(exported("proxy_on_context_create", 2, false))
                .exportFunction(exported("proxy_on_request_headers", 3, true))
                .exportFunction(exported("proxy_on_request_body", 3, true))
                .exportFunction(exported("proxy_on_request_trailers", 2, true))
                .exportFunction(exported("proxy_on_request_metadata", 2, true))
                .exportFunction(exported("proxy_on_response_headers", 3, true))
                .exportFunction(exported("proxy_on_response_body", 3, true))
                .exportFunction(exported("proxy_on_response_trailers", 2, true))
                .exportFunction(exported("proxy_on_response_metadata", 2, true))
                .exportFunction(exported("proxy_on_http_call_response", 5, false))
                .exportFunction(exported("proxy_on_grpc_receive_initial_metadata", 3, false))
                .exportFunction(exported("proxy_on_grpc_trailing_metadata", 3, false))
                .exportFunction(exported("proxy_on_grpc_receive", 3, false))
                .exportFunction(exported("proxy_on_grpc_close", 3, false))
                .exportFunction(exported("proxy_on_done", 1, true))
                .exportFunction(exported("proxy_on_log", 1, false))
                .exportFunction(exported("proxy_on_delete", 1, false));
    }

    /**
     * A minimal module of the given ABI version: marker, memory, the allocator {@code
     * proxy_on_memory_allocate} and the context callbacks, like the Rust and Go SDKs.
     */
    static WasmBinary minimal(AbiVersion version) {
        return WasmBinary.builder()
                .importFunction(env("proxy_log", 3))
                .exportMemory("memory")
                .exportFunction(version.markerExport(), List.of(), List.of())
                .exportFunction(ModuleExports.PROXY_ON_MEMORY_ALLOCATE)
                .exportFunction(exported("proxy_on_context_create", 2, false))
                .exportFunction(version.callback("proxy_on_request_headers").orElseThrow());
    }
}
