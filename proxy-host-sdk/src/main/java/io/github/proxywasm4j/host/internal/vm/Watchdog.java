package io.github.proxywasm4j.host.internal.vm;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Interrupts guest calls that run past the plugin's deadline. One daemon thread advances an epoch
 * every {@value #SCAN_MILLIS} ms and scans the VMs; a VM records the epoch when a guest call starts
 * (no clock read on the hot path). Chicory checks {@code Thread.isInterrupted()} in loops and
 * calls, so an endless loop ends with an interruption the VM reports as a deadline failure.
 */
final class Watchdog {
    static final long SCAN_MILLIS = 10;
    private static final Set<ProxyVm> VMS = ConcurrentHashMap.newKeySet();
    private static volatile long epoch = 1;
    private static volatile Thread thread;

    private Watchdog() {}

    static long epoch() {
        return epoch;
    }

    static void watch(ProxyVm vm) {
        VMS.add(vm);
        if (thread == null) {
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
                Thread.sleep(SCAN_MILLIS);
            } catch (InterruptedException e) {
                return;
            }
            long now = ++epoch;
            for (var vm : VMS) {
                if (vm.closed()) {
                    VMS.remove(vm);
                    continue;
                }
                long start = (long) ProxyVm.CALL_START.getAcquire(vm);
                if (start != 0 && (now - start) * SCAN_MILLIS * 1_000_000L > vm.cfg.deadlineNanos) {
                    var t = vm.callThread;
                    vm.deadlineHit = true;
                    if ((long) ProxyVm.CALL_START.getVolatile(vm) == start && t != null) {
                        t.interrupt();
                    } else {
                        vm.deadlineHit = false;
                    }
                }
            }
        }
    }
}
