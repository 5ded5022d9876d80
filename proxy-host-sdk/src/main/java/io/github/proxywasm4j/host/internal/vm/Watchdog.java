package io.github.proxywasm4j.host.internal.vm;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Interrupts guest calls that run past the plugin's deadline. One daemon thread scans the VMs
 * that are inside a call; Chicory checks {@code Thread.isInterrupted()} in loops and calls, so an
 * endless loop ends with an interruption that the VM reports as a deadline failure.
 */
final class Watchdog {
    private static final long SCAN_NANOS = 20_000_000L;
    private static final Set<ProxyVm> VMS = ConcurrentHashMap.newKeySet();
    private static volatile Thread thread;

    private Watchdog() {}

    static void watch(ProxyVm vm) {
        if (VMS.add(vm)) {
            ensureThread();
        }
    }

    static void forget(ProxyVm vm) {
        VMS.remove(vm);
    }

    private static synchronized void ensureThread() {
        if (thread != null) {
            return;
        }
        var t = new Thread(Watchdog::run, "proxywasm4j-watchdog");
        t.setDaemon(true);
        t.start();
        thread = t;
    }

    private static void run() {
        while (true) {
            try {
                Thread.sleep(SCAN_NANOS / 1_000_000L);
            } catch (InterruptedException e) {
                return;
            }
            long now = System.nanoTime();
            for (var vm : VMS) {
                if (vm.closed()) {
                    VMS.remove(vm);
                    continue;
                }
                if (vm.callActive && now - vm.callStartNanos > vm.cfg.deadlineNanos) {
                    var t = vm.callThread;
                    vm.deadlineHit = true;
                    if (vm.callActive && t != null) {
                        t.interrupt();
                    } else {
                        vm.deadlineHit = false;
                    }
                }
            }
        }
    }
}
