package io.github.proxywasm4j.host.internal.limits;

/**
 * Every host-side structure a guest can grow, with its setting name (the builder method is {@code
 * with} + the capitalized name, the run-mode property {@code wasm.limits.} + the name), what it
 * counts and its default. The one table the builder, run mode, messages and README agree on.
 */
public enum Limit {
    MAX_WRITE_BYTES("maxWriteBytes", "bytes of one proxy_log or WASI fd_write call", 1L << 20),
    MAX_LOG_ENTRIES("maxLogEntries", "log records the plugin keeps", 100_000),
    MAX_LOG_BYTES("maxLogBytes", "bytes of log records the plugin keeps", 16L << 20),
    MAX_SHARED_DATA_KEYS("maxSharedDataKeys", "shared data keys of one vm_id", 100_000),
    MAX_SHARED_DATA_BYTES("maxSharedDataBytes", "shared data bytes of one vm_id", 32L << 20),
    MAX_METRICS("maxMetrics", "metrics defined by one plugin", 10_000),
    MAX_METRIC_NAME_BYTES("maxMetricNameBytes", "bytes of one metric name", 1_024),
    MAX_SHARED_QUEUES("maxSharedQueues", "shared queues of one vm_id", 1_024),
    MAX_QUEUE_ITEMS("maxQueueItems", "items waiting in one shared queue", 10_000),
    MAX_QUEUE_BYTES("maxQueueBytes", "bytes waiting in one shared queue", 16L << 20),
    MAX_HEADERS("maxHeaders", "entries of one header or trailer map", 10_000),
    MAX_HEADER_BYTES("maxHeaderBytes", "bytes of one header or trailer map", 8L << 20),
    MAX_BODY_BYTES("maxBodyBytes", "body bytes one stream direction buffers", 16L << 20),
    MAX_PROPERTY_BYTES("maxPropertyBytes", "bytes of properties one context sets", 8L << 20),
    MAX_PENDING_CALLOUTS(
            "maxPendingCallouts",
            "pending HTTP and gRPC callouts of one VM to one upstream",
            1_024),
    MAX_VMS("maxVms", "VMs of one plugin (one per thread)", 256),
    GUEST_MEMORY_BUDGET(
            "guestMemoryBudget",
            "bytes of guest memory of all VMs in this JVM (host heap held for guests)",
            -1);

    private final String key;
    private final String what;
    private final long defaultValue;

    Limit(String key, String what, long defaultValue) {
        this.key = key;
        this.what = what;
        this.defaultValue = defaultValue;
    }

    /** The setting's name, e.g. {@code maxSharedDataBytes}. */
    public String key() {
        return key;
    }

    /** What the limit counts. */
    public String what() {
        return what;
    }

    /** The default; for the memory budget a quarter of the JVM's maximum heap. */
    public long defaultValue() {
        if (this == GUEST_MEMORY_BUDGET) {
            return Runtime.getRuntime().maxMemory() / 4;
        }
        return defaultValue;
    }

    /** The builder method that sets it, e.g. {@code withMaxSharedDataBytes}. */
    public String builderMethod() {
        return "with" + Character.toUpperCase(key.charAt(0)) + key.substring(1);
    }

    /** The run-mode property that sets it, e.g. {@code wasm.limits.maxSharedDataBytes}. */
    public String property() {
        return "wasm.limits." + key;
    }

    /** How to raise it, for messages. */
    public String fix() {
        return "raise it with Limits.builder()."
                + builderMethod()
                + "(..) on the plugin builder, or -D"
                + property()
                + "=N with wasm:run";
    }
}
