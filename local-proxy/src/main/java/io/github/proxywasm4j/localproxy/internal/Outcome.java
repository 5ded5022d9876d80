package io.github.proxywasm4j.localproxy.internal;

import java.util.Objects;

/**
 * What one step of the filter chain came to: a value to go on with (headers or body bytes for
 * the next hop), or a {@link Stop} that ends the exchange.
 *
 * <pre>{@code
 * var sent = chain.requestBody(chunk, false);
 * if (sent.stopped()) {
 *     return sent.stop();
 * }
 * upstream.write(sent.value());
 * }</pre>
 */
final class Outcome<T> {

    private final T value;
    private final Stop stop;

    private Outcome(T value, Stop stop) {
        this.value = value;
        this.stop = stop;
    }

    static <T> Outcome<T> proceed(T value) {
        return new Outcome<>(Objects.requireNonNull(value, "value"), null);
    }

    static <T> Outcome<T> stopped(Stop stop) {
        return new Outcome<>(null, Objects.requireNonNull(stop, "stop"));
    }

    /** Whether the chain ended the exchange; then {@link #stop()} says how. */
    public boolean stopped() {
        return stop != null;
    }

    /** The value to go on with; only when not {@link #stopped()}. */
    public T value() {
        if (stop != null) {
            throw new IllegalStateException("the filter chain stopped: " + stop);
        }
        return value;
    }

    /** How the chain ended the exchange; only when {@link #stopped()}. */
    public Stop stop() {
        if (stop == null) {
            throw new IllegalStateException("the filter chain did not stop");
        }
        return stop;
    }
}
