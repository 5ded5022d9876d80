package io.github.proxywasm4j.host.internal.vm;

/**
 * One host function of a table: its implementation and where cpp-host allows it besides normal
 * callbacks (inside the allocator, inside the language initialiser).
 */
record HostFn(int allowedRestrictions, Impl impl) {
    static final int IN_ALLOCATOR = 1 << ProxyVm.RESTRICT_ALLOCATOR;
    static final int IN_INIT = 1 << ProxyVm.RESTRICT_INIT;

    /** The implementation: arguments as Chicory passes them, results as it expects them. */
    @FunctionalInterface
    interface Impl {
        long[] call(ProxyVm vm, long[] args);
    }
}
