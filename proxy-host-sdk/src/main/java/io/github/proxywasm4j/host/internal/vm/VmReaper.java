package io.github.proxywasm4j.host.internal.vm;

import io.github.proxywasm4j.host.internal.limits.Limit;
import io.github.proxywasm4j.host.internal.limits.LimitExceeded;
import java.util.List;
import java.util.function.Function;

/**
 * Keeps the VMs of a plugin bounded: a VM whose thread has ended is closed (Envoy ties a VM to a
 * worker thread, which never ends while the proxy runs), and a new VM past {@code maxVms} live ones
 * is refused with one message.
 */
public final class VmReaper {
    private VmReaper() {}

    /**
     * Closes the VMs of ended threads and drops what holds them; throws if {@code maxVms} live
     * ones remain.
     */
    public static <T> void reap(
            List<T> held, Function<T, ProxyVm> vmOf, String rootId, long maxVms) {
        for (var h : held) {
            var vm = vmOf.apply(h);
            if (vm.ownerEnded()) {
                held.remove(h);
                vm.close();
                vm.releaseResources();
            }
        }
        long live = held.stream().map(vmOf).distinct().count();
        if (live >= maxVms) {
            throw new IllegalStateException(
                    "plugin '"
                            + rootId
                            + "' cannot start a VM for thread '"
                            + Thread.currentThread().getName()
                            + "': "
                            + LimitExceeded.message(Limit.MAX_VMS, live + 1, maxVms, "")
                            + " (or serve the plugin from a bounded thread pool)");
        }
    }
}
