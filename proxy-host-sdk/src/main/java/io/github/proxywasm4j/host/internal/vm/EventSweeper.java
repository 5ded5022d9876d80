package io.github.proxywasm4j.host.internal.vm;

import java.util.ArrayList;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.locks.LockSupport;

/**
 * Runs events queued on a VM that was held when they arrived. A holder lets go without a fence, so
 * its look at the queue may miss an event queued at that moment; the poster must not wait for the
 * VM (it may hold another VM, or be the shared timer thread), so it hands the VM to this daemon
 * thread, which retries once the VM is free. Usually the holder has run the event by then and
 * the retry finds nothing to do.
 */
final class EventSweeper {
    private static final long FIRST_PAUSE_NANOS = 50_000;
    private static final long MAX_PAUSE_NANOS = 5_000_000;

    private static final ConcurrentLinkedQueue<Mailbox> PENDING = new ConcurrentLinkedQueue<>();
    private static volatile Thread thread;

    private EventSweeper() {}

    /** Makes sure the VM's queued events run once it is free. */
    static void watch(Mailbox vm) {
        if (!vm.sweepQueued.compareAndSet(false, true)) {
            return;
        }
        PENDING.add(vm);
        var t = thread;
        LockSupport.unpark(t != null ? t : ensureThread());
    }

    private static synchronized Thread ensureThread() {
        if (thread == null) {
            var t = new Thread(EventSweeper::run, "proxywasm4j-event-sweeper");
            t.setDaemon(true);
            t.start();
            thread = t;
        }
        return thread;
    }

    private static void run() {
        long pause = FIRST_PAUSE_NANOS;
        var batch = new ArrayList<Mailbox>();
        while (true) {
            if (PENDING.isEmpty()) {
                pause = FIRST_PAUSE_NANOS;
                LockSupport.park();
            } else {
                // Gives the holder time to finish and run the events itself.
                LockSupport.parkNanos(pause);
            }
            // A deadline may have interrupted a guest call this thread ran; that call is over.
            Thread.interrupted();
            Mailbox vm;
            while ((vm = PENDING.poll()) != null) {
                batch.add(vm);
            }
            boolean stillHeld = false;
            for (var v : batch) {
                v.sweepQueued.set(false);
                try {
                    // Watches the VM again if it is still held.
                    stillHeld |= !v.drainEvents();
                } catch (RuntimeException e) {
                    // What the event did wrong is the VM's to report; keep serving the others.
                }
            }
            batch.clear();
            pause = stillHeld ? Math.min(pause * 2, MAX_PAUSE_NANOS) : FIRST_PAUSE_NANOS;
        }
    }
}
