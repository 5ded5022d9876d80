package io.github.proxywasm4j.host.internal.time;

import java.util.ArrayList;
import java.util.PriorityQueue;

/**
 * Timers of a virtual clock: nothing fires until the clock is advanced, then due tasks run on the
 * advancing thread in due-time order (ties in scheduling order), so tests are deterministic.
 */
public final class VirtualScheduler implements Scheduler {
    private final Object lock = new Object();
    private final PriorityQueue<Task> queue =
            new PriorityQueue<>(
                    (a, b) ->
                            a.due != b.due
                                    ? Long.compare(a.due, b.due)
                                    : Long.compare(a.seq, b.seq));
    private long nowNanos;
    private long seq;

    public VirtualScheduler(long startNanos) {
        this.nowNanos = startNanos;
    }

    public long now() {
        synchronized (lock) {
            return nowNanos;
        }
    }

    @Override
    public Cancellable schedule(long delayNanos, Runnable task) {
        synchronized (lock) {
            var t = new Task(nowNanos + Math.max(0, delayNanos), seq++, task);
            queue.add(t);
            return () -> {
                synchronized (lock) {
                    t.cancelled = true;
                    queue.remove(t);
                }
            };
        }
    }

    /** Moves time forward by {@code nanos}, running every task that falls due on the way. */
    public void advance(long nanos) {
        if (nanos < 0) {
            throw new IllegalArgumentException(
                    "a virtual clock cannot go back, got an advance of "
                            + nanos
                            + " ns; fix: pass a positive duration");
        }
        long target;
        synchronized (lock) {
            target = nowNanos + nanos;
        }
        while (true) {
            Task next;
            synchronized (lock) {
                next = queue.peek();
                if (next == null || next.due > target) {
                    nowNanos = target;
                    return;
                }
                queue.poll();
                nowNanos = Math.max(nowNanos, next.due);
            }
            if (!next.cancelled) {
                next.task.run();
            }
        }
    }

    /** Tasks still waiting (for diagnostics). */
    public int pending() {
        synchronized (lock) {
            return new ArrayList<>(queue).size();
        }
    }

    private static final class Task {
        final long due;
        final long seq;
        final Runnable task;
        volatile boolean cancelled;

        Task(long due, long seq, Runnable task) {
            this.due = due;
            this.seq = seq;
            this.task = task;
        }
    }
}
