package io.github.proxywasm4j.host;

import io.github.proxywasm4j.host.internal.time.VirtualScheduler;
import java.time.Duration;
import java.time.Instant;

/**
 * A clock that only moves when a test advances it. Ticks ({@code proxy_on_tick}) and callout
 * timeouts of every plugin built with it fire inside {@link #advance(Duration)}, on the calling
 * thread, in time order.
 *
 * <pre>{@code
 * var clock = VirtualClock.create();
 * var plugin = ProxyWasmPlugin.builder(module).withClock(clock).build();
 * clock.advance(Duration.ofSeconds(5)); // five ticks of a 1 s tick period
 * }</pre>
 */
public final class VirtualClock implements HostClock {
    private static final Instant DEFAULT_START = Instant.parse("2026-01-01T00:00:00Z");

    private final long epochOffsetNanos;
    private final VirtualScheduler scheduler;

    private VirtualClock(Instant start) {
        this.epochOffsetNanos = start.getEpochSecond() * 1_000_000_000L + start.getNano();
        this.scheduler = new VirtualScheduler(0);
    }

    /** A clock starting at 2026-01-01T00:00:00Z. */
    public static VirtualClock create() {
        return new VirtualClock(DEFAULT_START);
    }

    /** A clock starting at {@code start}. */
    public static VirtualClock startingAt(Instant start) {
        return new VirtualClock(start);
    }

    /** Moves time forward, firing due ticks and timeouts in order. */
    public void advance(Duration duration) {
        scheduler.advance(duration.toNanos());
    }

    /** Moves time forward by {@code millis} milliseconds. */
    public void advanceMillis(long millis) {
        advance(Duration.ofMillis(millis));
    }

    /** The current virtual instant. */
    public Instant now() {
        long n = epochNanos();
        return Instant.ofEpochSecond(
                Math.floorDiv(n, 1_000_000_000L), Math.floorMod(n, 1_000_000_000L));
    }

    @Override
    public long epochNanos() {
        return epochOffsetNanos + scheduler.now();
    }

    @Override
    public long monotonicNanos() {
        return scheduler.now();
    }

    VirtualScheduler scheduler() {
        return scheduler;
    }
}
