package io.github.proxywasm4j.host.abi;

import static io.github.proxywasm4j.host.abi.ValueType.I32;

import java.util.List;

/**
 * The exports that are not {@code proxy_on_*} callbacks but that the host looks up by name: the
 * allocator and the WASI start functions.
 */
public final class ModuleExports {
    /**
     * The allocator cpp-host (Envoy) looks up first; the spec calls it deprecated and prefers
     * {@code proxy_on_memory_allocate}, but Envoy follows this order.
     */
    public static final FunctionSignature MALLOC =
            FunctionSignature.exported("malloc", List.of(I32), List.of(I32));

    /** The allocator used when {@code malloc} is not exported. */
    public static final FunctionSignature PROXY_ON_MEMORY_ALLOCATE =
            FunctionSignature.exported("proxy_on_memory_allocate", List.of(I32), List.of(I32));

    /** WASI reactor initialisation; when exported, {@code _start} is not called. */
    public static final FunctionSignature INITIALIZE =
            FunctionSignature.exported("_initialize", List.of(), List.of());

    /** Called with (0, 0) after {@code _initialize}, when both are exported. */
    public static final FunctionSignature MAIN =
            FunctionSignature.exported("main", List.of(I32, I32), List.of(I32));

    /** Called after {@code _initialize} when {@code main} is absent (newer cpp-host). */
    public static final FunctionSignature MAIN_VOID =
            FunctionSignature.exported("__main_void", List.of(), List.of(I32));

    /** WASI command entry; called only when {@code _initialize} is absent. */
    public static final FunctionSignature START =
            FunctionSignature.exported("_start", List.of(), List.of());

    private ModuleExports() {}

    /** The allocators in the order Envoy looks them up. */
    public static List<FunctionSignature> allocators() {
        return List.of(MALLOC, PROXY_ON_MEMORY_ALLOCATE);
    }

    /** The start functions, in the order Envoy considers them. */
    public static List<FunctionSignature> startFunctions() {
        return List.of(INITIALIZE, MAIN, MAIN_VOID, START);
    }
}
