package io.github.proxywasm4j.host.internal.vm;

import io.github.proxywasm4j.host.abi.FunctionSignature;
import java.util.Collection;
import java.util.HashMap;
import java.util.Map;

/**
 * One host function of a table: its line of the ABI model, where cpp-host allows it besides normal
 * callbacks (inside the allocator, inside the language initialiser) and the adapter that calls its
 * typed method.
 */
record HostFn(FunctionSignature signature, int allowedRestrictions, Impl impl) {
    static final int IN_ALLOCATOR = 1 << ProxyVm.RESTRICT_ALLOCATOR;
    static final int IN_INIT = 1 << ProxyVm.RESTRICT_INIT;

    /**
     * The adapter: arguments as Chicory passes them, results as it expects them. Each one only
     * casts the arguments and calls the typed method, so a host call allocates nothing more.
     */
    @FunctionalInterface
    interface Impl {
        long[] call(ProxyVm vm, long[] args);
    }

    /** What a table adds to a function of the model. */
    record Binding(int allowedRestrictions, Impl impl) {}

    static Map.Entry<String, Binding> bind(String name, Impl impl) {
        return bind(name, 0, impl);
    }

    static Map.Entry<String, Binding> bind(String name, int allowedRestrictions, Impl impl) {
        return Map.entry(name, new Binding(allowedRestrictions, impl));
    }

    /**
     * The table of one import module: each function of the model with its binding. The model is
     * the one list of names and types; a function without a binding, or a binding the model does
     * not list, fails when the class loads.
     */
    static Map<String, HostFn> table(
            Collection<FunctionSignature> model, Map<String, Binding> bindings) {
        var table = new HashMap<String, HostFn>();
        for (var signature : model) {
            var binding = bindings.get(signature.name());
            if (binding == null) {
                throw new IllegalStateException(
                        "host function "
                                + signature.describe()
                                + " of the ABI model has no binding");
            }
            table.put(
                    signature.name(),
                    new HostFn(signature, binding.allowedRestrictions(), binding.impl()));
        }
        for (var name : bindings.keySet()) {
            if (!table.containsKey(name)) {
                throw new IllegalStateException(
                        "binding " + name + " names no host function of the ABI model");
            }
        }
        return Map.copyOf(table);
    }
}
