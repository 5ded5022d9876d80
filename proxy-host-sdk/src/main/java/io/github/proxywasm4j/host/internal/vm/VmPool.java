package io.github.proxywasm4j.host.internal.vm;

import java.lang.ref.WeakReference;
import java.nio.ByteBuffer;
import java.util.HashMap;
import java.util.Map;

/**
 * The VMs of one proxy, per thread, by VM key: plugins whose VM configuration matches share one
 * VM per thread, as Envoy's {@code getOrCreateThreadLocalWasm} does with cpp-host's {@code
 * makeVmKey(vm_id, vm_configuration, code)} (src/wasm.cc), the runtime (engine) added as in
 * Envoy's VM configuration. The plugins hold their VMs; this only finds them.
 */
public final class VmPool {
    /** What decides whether two plugins share a VM. */
    public record Key(Object code, String vmId, ByteBuffer vmConfiguration, Object engine) {
        public static Key of(Object code, String vmId, byte[] vmConfiguration, Object engine) {
            return new Key(
                    code,
                    vmId,
                    ByteBuffer.wrap(vmConfiguration.clone()).asReadOnlyBuffer(),
                    engine);
        }
    }

    // Weak values: a dropped plugin's VM must not stay reachable from a thread's map.
    private final ThreadLocal<Map<Key, WeakReference<ProxyVm>>> byThread =
            ThreadLocal.withInitial(HashMap::new);

    /** This thread's running VM for the key, or null. */
    public ProxyVm find(Key key) {
        var ref = byThread.get().get(key);
        var vm = ref == null ? null : ref.get();
        return vm == null || vm.closed() || vm.failed() ? null : vm;
    }

    /** Makes {@code vm} this thread's VM for the key. */
    public void put(Key key, ProxyVm vm) {
        byThread.get().put(key, new WeakReference<>(vm));
    }
}
