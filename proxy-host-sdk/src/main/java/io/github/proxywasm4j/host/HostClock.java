package io.github.proxywasm4j.host;

/**
 * The time a plugin sees ({@code proxy_get_current_time_nanoseconds}, WASI {@code clock_time_get})
 * and that drives its ticks and callout timeouts. Use {@link #system()} or a {@link VirtualClock}.
 */
public interface HostClock {
    /** Wall-clock time in nanoseconds since the Unix epoch. */
    long epochNanos();

    /** Monotonic time in nanoseconds (any origin). */
    long monotonicNanos();

    /** The JVM's clocks; ticks and timeouts run on a real timer thread. */
    static HostClock system() {
        return SystemClock.INSTANCE;
    }
}
