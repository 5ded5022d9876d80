package io.github.proxywasm4j.host;

import io.github.proxywasm4j.host.internal.state.SharedStore;
import io.github.proxywasm4j.host.internal.vm.VmPool;
import java.nio.charset.StandardCharsets;
import java.util.Optional;

/**
 * One proxy's shared state, as in Envoy: shared data ({@code proxy_get/set_shared_data}) and
 * shared queues keyed by VM id, and the VMs themselves. Every plugin built with the same {@code
 * SharedState} sees the same values across all its VMs, and plugins whose VM configuration
 * matches (VM id, code, VM configuration, engine) share one VM per thread, each with its root
 * context. By default each plugin gets its own; {@link
 * io.github.proxywasm4j.host.junit.ProxyWasmExtension} gives all plugins of a test the same one.
 *
 * <pre>{@code
 * var shared = SharedState.create();
 * var sender = ProxyWasmPlugin.builder(senderModule).withSharedState(shared).build();
 * var receiver = ProxyWasmPlugin.builder(receiverModule).withSharedState(shared).build();
 * }</pre>
 */
public final class SharedState {
    private final SharedStore store = new SharedStore();
    private final VmPool vms = new VmPool();

    private SharedState() {}

    VmPool vms() {
        return vms;
    }

    /** An empty state. */
    public static SharedState create() {
        return new SharedState();
    }

    /** The shared value of {@code key} for VM id {@code vmId}. */
    public Optional<byte[]> get(String vmId, String key) {
        var v = store.get(vmId, key);
        return v == null ? Optional.empty() : Optional.of(v.bytes().clone());
    }

    /** The shared value as UTF-8 text. */
    public Optional<String> getString(String vmId, String key) {
        return get(vmId, key).map(b -> new String(b, StandardCharsets.UTF_8));
    }

    /** Stores a value unconditionally, as a filter would with CAS 0. */
    public void set(String vmId, String key, byte[] value) {
        store.set(vmId, key, value.clone(), 0);
    }

    /** The number of items waiting in the queue {@code name} of VM id {@code vmId}; -1 if none. */
    public int queueSize(String vmId, String name) {
        int id = store.resolveQueue(vmId, name);
        return id == 0 ? -1 : store.queueSize(id);
    }

    SharedStore store() {
        return store;
    }
}
