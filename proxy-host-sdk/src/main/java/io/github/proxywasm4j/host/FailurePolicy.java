package io.github.proxywasm4j.host;

/**
 * What happens to traffic after the plugin's VM failed (trap, {@code proc_exit}, deadline, memory
 * cap), as Envoy's {@code failure_policy}.
 */
public enum FailurePolicy {
    /** Streams get a local 503 ({@code wasm_fail_stream}, gRPC UNAVAILABLE); TCP is closed. */
    FAIL_CLOSED,
    /** The filter is bypassed: streams continue unmodified. */
    FAIL_OPEN,
    /** The failing stream is closed as FAIL_CLOSED; the next stream gets a fresh VM. */
    FAIL_RELOAD
}
