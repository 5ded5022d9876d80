package io.github.proxywasm4j.host.internal.time;

/** Runs a task after a delay on the plugin's time source (real or virtual). */
public interface Scheduler {
    /** Runs {@code task} once after {@code delayNanos}; the handle cancels it. */
    Cancellable schedule(long delayNanos, Runnable task);

    /** A scheduled task that can be cancelled. */
    @FunctionalInterface
    interface Cancellable {
        void cancel();
    }
}
