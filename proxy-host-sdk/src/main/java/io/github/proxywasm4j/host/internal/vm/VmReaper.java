package io.github.proxywasm4j.host.internal.vm;

import io.github.proxywasm4j.host.internal.limits.Limit;
import io.github.proxywasm4j.host.internal.limits.LimitExceeded;
import java.util.List;

/**
 * Keeps the VMs of a plugin bounded: a VM whose thread has ended is closed (Envoy ties a VM to a
 * worker thread, which never ends while the proxy runs), and a new VM past {@code maxVms} live ones
 * is refused with one message.
 */
public final class VmReaper {
    private VmReaper() {}

    /** Closes the VMs of ended threads; throws if {@code maxVms} live ones remain. */
    public static void reap(List<ProxyVm> vms, String rootId, long maxVms) {
        for (var vm : vms) {
            if (vm.ownerEnded()) {
                vms.remove(vm);
                vm.close();
                vm.releaseResources();
            }
        }
        if (vms.size() >= maxVms) {
            throw new IllegalStateException(
                    "plugin '"
                            + rootId
                            + "' cannot start a VM for thread '"
                            + Thread.currentThread().getName()
                            + "': "
                            + LimitExceeded.message(Limit.MAX_VMS, vms.size() + 1L, maxVms, "")
                            + " (or serve the plugin from a bounded thread pool)");
        }
    }
}
