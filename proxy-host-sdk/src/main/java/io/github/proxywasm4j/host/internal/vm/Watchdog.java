package io.github.proxywasm4j.host.internal.vm;

import java.lang.ref.WeakReference;
import java.util.concurrent.ConcurrentLinkedQueue;

/**
 * Interrupts guest calls that run past the plugin's deadline. One daemon thread advances an epoch
 * every {@value #SCAN_MILLIS} ms and scans the VMs; a VM records the epoch when a guest call starts
 * (no clock read on the hot path). Chicory checks {@code Thread.isInterrupted()} in loops and
 * calls, so an endless loop ends with an interruption the VM reports as a deadline failure.
 */
final class Watchdog {
    static final long SCAN_MILLIS = 10;

    /** Weak, so a plugin nobody closed can still be collected. */
    private static final ConcurrentLinkedQueue<WeakReference<ProxyVm>> VMS =
            new ConcurrentLinkedQueue<>();

    private static volatile long epoch = 1;
    private static volatile Thread thread;

    private Watchdog() {}

    static long epoch() {
        return epoch;
    }

    /** Called once per VM. */
    static void watch(ProxyVm vm) {
        VMS.add(new WeakReference<>(vm));
        if (thread == null) {
            ensureThread();
        }
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
            for (var it = VMS.iterator(); it.hasNext(); ) {
                var vm = it.next().get();
                if (vm == null || vm.closed()) {
                    it.remove();
                    continue;
                }
                long start = (long) ProxyVm.CALL_START.getAcquire(vm);
                if (start != 0
                        && (now - start) * SCAN_MILLIS * 1_000_000L > vm.cfg.deadlineNanos()) {
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
