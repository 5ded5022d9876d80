package io.github.proxywasm4j.host.it;

import io.github.proxywasm4j.host.ProxyWasmModule;
import io.github.proxywasm4j.host.ProxyWasmPlugin;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.UnaryOperator;

/**
 * The three SDK shapes of the fidelity filter (as/fidelity.ts, wat/fidelity_rust.wat,
 * wat/fidelity_cpp.wat): the same behaviours, selected by request header {@code x-mode}.
 */
enum Shapes {
    ASSEMBLYSCRIPT(TestModules.FIDELITY, "fidelity", "as"),
    RUST_LIKE(TestModules.FIDELITY_RUST, "", "wat"),
    CPP_LIKE(TestModules.FIDELITY_CPP, "", "wat");

    private static final Map<String, ProxyWasmModule> MODULES = new ConcurrentHashMap<>();

    final String module;
    final String rootId;

    /** The value of the {@code x-filter} header the filter adds to every response. */
    final String mark;

    Shapes(String module, String rootId, String mark) {
        this.module = module;
        this.rootId = rootId;
        this.mark = mark;
    }

    ProxyWasmPlugin plugin() {
        return plugin(b -> b);
    }

    ProxyWasmPlugin plugin(UnaryOperator<ProxyWasmPlugin.Builder> settings) {
        var loaded =
                MODULES.computeIfAbsent(module, m -> ProxyWasmModule.load(TestModules.path(m)));
        return settings.apply(ProxyWasmPlugin.builder(loaded).withRootId(rootId)).build();
    }
}
