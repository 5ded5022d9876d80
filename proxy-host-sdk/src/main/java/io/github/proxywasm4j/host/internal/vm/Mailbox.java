package io.github.proxywasm4j.host.internal.vm;

import java.util.ArrayList;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;

/**
 * The VM lock and the cross-thread event queue of one {@link ProxyVm}: the one way into the VM.
 * Every entry runs under {@link #lock}; work that arrives from other threads (callout replies,
 * timers, queue notifications) is {@link #post posted} and run when the VM is free: by the poster,
 * by the holder when it lets go, by a thread in {@link #await}, or by the {@link EventSweeper}.
 * Actions a host call defers (cpp-host's {@code DeferAfterCallActions}) run when the outermost
 * guest call has returned.
 */
final class Mailbox {
    /** The most queued events one drain runs before it leaves the rest to the sweeper. */
    static final int EVENTS_PER_DRAIN = 1_000;

    /** Threads waiting in {@link #lockSlow()}; event drains give way to them. */
    private final AtomicInteger lockWaiters = new AtomicInteger();

    private static final java.lang.invoke.VarHandle STATE;
    private static final java.lang.invoke.VarHandle HOLDER;

    static {
        try {
            var lookup = java.lang.invoke.MethodHandles.lookup();
            STATE = lookup.findVarHandle(Mailbox.class, "state", int.class);
            HOLDER = lookup.findVarHandle(Mailbox.class, "holder", long.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    private final ProxyVm vm;

    // The VM lock: `state` is even when free and odd when held; each hold counts it up twice.
    // Lighter than a ReentrantLock (no owner-thread reference store, no hold-count bookkeeping in
    // the synchronizer): an uncontended entry is one CAS, and the holder lets go with a release
    // store, no fence. Every place that lets go looks at `events` afterwards, but without a fence
    // that look may miss an event queued at the same moment by a thread that found the VM held;
    // such a poster hands the VM to the EventSweeper, which runs the event once the VM is free.
    private volatile int state;

    // The holding thread's id (0 when free) and its hold count; written by the holder only.
    private long holder;
    private int holds;

    /** Threads in {@link #await}, woken after work that arrived from elsewhere has run. */
    private final ConcurrentLinkedQueue<Thread> awaiting = new ConcurrentLinkedQueue<>();

    /** Set while the VM waits in the {@link EventSweeper}'s list. */
    final java.util.concurrent.atomic.AtomicBoolean sweepQueued =
            new java.util.concurrent.atomic.AtomicBoolean();

    final ConcurrentLinkedQueue<Runnable> events = new ConcurrentLinkedQueue<>();
    private final ArrayList<Runnable> afterCall = new ArrayList<>();

    Mailbox(ProxyVm vm) {
        this.vm = vm;
    }

    void lock() {
        long me = Thread.currentThread().getId();
        // Only the holder itself can read its own id here: it clears the field before letting go.
        if ((long) HOLDER.getOpaque(this) == me) {
            holds++;
            return;
        }
        acquire();
    }

    /**
     * Runs deferred actions and work that arrived during the current entry now (caller holds the
     * VM once, no guest call in progress), so the entry's result can reflect them.
     */
    void runPendingNow() {
        if (holds == 1 && vm.depth == 0) {
            runAfterCall();
            if (!events.isEmpty()) {
                runEventsLocked();
            }
        }
    }

    /** Runs deferred actions, releases the VM, then runs events that arrived meanwhile. */
    void unlock() {
        boolean outer = holds == 1;
        try {
            if (outer && vm.depth == 0) {
                runAfterCall();
                runEventsLocked();
            }
        } finally {
            if (outer) {
                release();
            } else {
                holds--;
            }
        }
        if (outer && !events.isEmpty()) {
            drainEvents();
        }
    }

    /** Takes the VM (not held by this thread) for a first hold. */
    void acquire() {
        int s = state;
        if ((s & 1) != 0 || !STATE.compareAndSet(this, s, s + 1)) {
            lockSlow();
        }
        HOLDER.setOpaque(this, Thread.currentThread().getId());
        holds = 1;
    }

    /** Lets go of the last hold (no fence); the caller then looks at {@link #events}. */
    void release() {
        holds = 0;
        HOLDER.setOpaque(this, 0L);
        STATE.setRelease(this, state + 1);
    }

    /** Lets go with a full fence: a look at {@link #events} after it sees every earlier post. */
    private void releaseFenced() {
        holds = 0;
        HOLDER.setOpaque(this, 0L);
        STATE.setVolatile(this, state + 1);
    }

    /**
     * Waits for a held VM. Holders wake nobody, so this polls with a growing pause (at most 1 ms);
     * contention is rare: another thread's stream, or work from elsewhere running on the VM.
     */
    private void lockSlow() {
        boolean interrupted = false;
        long pause = 1_000;
        lockWaiters.incrementAndGet();
        try {
            for (int spins = 0; ; spins++) {
                int s = state;
                if ((s & 1) == 0 && STATE.compareAndSet(this, s, s + 1)) {
                    break;
                }
                if (spins < 64) {
                    Thread.onSpinWait();
                    continue;
                }
                LockSupport.parkNanos(this, pause);
                pause = Math.min(pause * 2, 1_000_000);
                if (Thread.interrupted()) {
                    // Taking the VM is not interruptible; the flag is kept for the caller.
                    interrupted = true;
                }
            }
        } finally {
            lockWaiters.decrementAndGet();
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
    }

    /** Queues work for the VM thread and runs it now if the VM is free. */
    void post(Runnable event) {
        events.add(event);
        drainEvents();
    }

    /**
     * Runs queued events if the VM is free; otherwise its holder or the sweeper runs them. False
     * if another thread held the VM.
     */
    boolean drainEvents() {
        long me = Thread.currentThread().getId();
        while (!events.isEmpty()) {
            int s = state;
            if ((s & 1) != 0) {
                if ((long) HOLDER.getOpaque(this) == me) {
                    // A call on this thread is in progress; it runs them when it returns.
                    return true;
                }
                // The holder looks at the queue after it lets go, but may miss this event.
                EventSweeper.watch(this);
                return false;
            }
            if (lockWaiters.get() != 0) {
                // A stream or close() waits for the VM: it goes first and runs these events when
                // it lets go. Without this, a guest that keeps feeding its own queue could keep the
                // VM busy through the sweeper and starve that caller (the lock is not fair).
                EventSweeper.watch(this);
                return false;
            }
            if (!STATE.compareAndSet(this, s, s + 1)) {
                continue;
            }
            HOLDER.setOpaque(this, me);
            holds = 1;
            try {
                if (vm.depth != 0) {
                    // A guest call is in progress (never expected with the VM free).
                    return true;
                }
                if (!runEventsLocked()) {
                    // The rest is the sweeper's; this caller goes back to its own work.
                    return true;
                }
            } finally {
                release();
            }
        }
        return true;
    }

    /**
     * Runs queued events, at most {@link #EVENTS_PER_DRAIN}; false when some are left, which the
     * {@link EventSweeper} then runs. A guest that keeps producing work for itself (a queue it
     * feeds from its own proxy_on_queue_ready) thus never holds the caller: its events are
     * interleaved with everything else, as on Envoy's event loop.
     */
    private boolean runEventsLocked() {
        Runnable r;
        boolean ran = false;
        int budget = EVENTS_PER_DRAIN;
        while (budget-- > 0 && (r = events.poll()) != null) {
            r.run();
            runAfterCall();
            ran = true;
        }
        boolean drained = budget >= 0 || events.isEmpty();
        if (!drained) {
            EventSweeper.watch(this);
        }
        if (ran && !awaiting.isEmpty()) {
            for (var t : awaiting) {
                LockSupport.unpark(t);
            }
        }
        return drained;
    }

    /**
     * Waits (VM held by the caller) until {@code done} holds, running events that arrive; false
     * when the timeout passed first. The VM is free while the caller sleeps, so replies and ticks
     * run on the threads that deliver them and wake it.
     */
    boolean await(java.util.function.BooleanSupplier done, long timeoutNanos)
            throws InterruptedException {
        long deadline = System.nanoTime() + timeoutNanos;
        var me = Thread.currentThread();
        awaiting.add(me);
        try {
            while (true) {
                if (done.getAsBoolean()) {
                    return true;
                }
                long remaining = deadline - System.nanoTime();
                if (remaining <= 0) {
                    return false;
                }
                if (!events.isEmpty() && vm.depth == 0) {
                    runEventsLocked();
                    continue;
                }
                if (Thread.interrupted()) {
                    throw new InterruptedException();
                }
                int saved = holds;
                releaseFenced();
                try {
                    if (events.isEmpty()) {
                        LockSupport.parkNanos(this, remaining);
                    }
                } finally {
                    acquire();
                    holds = saved;
                }
            }
        } finally {
            awaiting.remove(me);
        }
    }

    /** Side effects on the proxy run after the guest call returns (cpp-host DeferAfterCallActions). */
    void defer(Runnable action) {
        afterCall.add(action);
    }

    void runAfterCall() {
        while (!afterCall.isEmpty()) {
            var actions = new ArrayList<>(afterCall);
            afterCall.clear();
            for (var a : actions) {
                a.run();
            }
        }
    }
}
