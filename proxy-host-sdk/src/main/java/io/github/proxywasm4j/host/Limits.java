package io.github.proxywasm4j.host;

import io.github.proxywasm4j.host.internal.limits.Limit;
import java.util.Arrays;
import java.util.Map;
import java.util.Objects;

/**
 * Bounds on everything a guest can make the host hold. Each has a default no real filter reaches
 * (see the README table "What a guest can make the host hold"). At a limit the guest gets Envoy's
 * answer where Envoy has one (a partial write, {@code INTERNAL_FAILURE} from a call past the
 * circuit breaker, {@code memory.grow} = -1, a 413 for a body past the buffer limit); otherwise the
 * VM fails through the plugin's failure policy with one message naming the limit, the value reached
 * and the setting that raises it.
 *
 * <pre>{@code
 * var plugin = ProxyWasmPlugin.builder(module)
 *     .withLimits(Limits.builder().withMaxSharedDataBytes(128 << 20).build())
 *     .build();
 * }</pre>
 *
 * <p>In run mode ({@code wasm:run}) the same settings are system properties: {@code
 * -Dwasm.limits.maxSharedDataBytes=134217728}.
 */
public final class Limits {
    private static final Limits DEFAULTS = builder().build();

    private final long[] values;

    private Limits(long[] values) {
        this.values = values;
    }

    /** Every limit at its default. */
    public static Limits defaults() {
        return DEFAULTS;
    }

    /** A builder starting from the defaults. */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * The defaults overridden by the {@code wasm.limits.*} entries of {@code properties} (e.g.
     * {@code System.getProperties()}); other entries are ignored.
     *
     * @throws IllegalArgumentException for an unknown {@code wasm.limits.} name or a value that is
     *     not a positive whole number
     */
    public static Limits fromProperties(Map<?, ?> properties) {
        var b = builder();
        for (var e : properties.entrySet()) {
            var name = String.valueOf(e.getKey());
            if (!name.startsWith("wasm.limits.")) {
                continue;
            }
            Limit limit = null;
            for (var l : Limit.values()) {
                if (l.property().equals(name)) {
                    limit = l;
                }
            }
            if (limit == null) {
                var known = new StringBuilder();
                for (var l : Limit.values()) {
                    known.append(known.length() == 0 ? "" : ", ").append(l.key());
                }
                throw new IllegalArgumentException(
                        "unknown limit -D"
                                + name
                                + "; fix: use one of wasm.limits.{"
                                + known
                                + "}");
            }
            long value;
            try {
                value = Long.parseLong(String.valueOf(e.getValue()).trim());
            } catch (NumberFormatException x) {
                throw new IllegalArgumentException(
                        "-D"
                                + name
                                + "="
                                + e.getValue()
                                + " is not a whole number; fix: pass e.g. -D"
                                + name
                                + "="
                                + limit.defaultValue());
            }
            b.set(limit, value);
        }
        return b.build();
    }

    /** The value of one limit (internal use). */
    public long get(Limit limit) {
        return values[limit.ordinal()];
    }

    /** Bytes of one {@code proxy_log} or WASI {@code fd_write} call [1 MiB]. */
    public long maxWriteBytes() {
        return get(Limit.MAX_WRITE_BYTES);
    }

    /** Log records kept by {@link ProxyWasmPlugin#logs()} [100,000]. */
    public long maxLogEntries() {
        return get(Limit.MAX_LOG_ENTRIES);
    }

    /** Bytes of log records kept by {@link ProxyWasmPlugin#logs()} [16 MiB]. */
    public long maxLogBytes() {
        return get(Limit.MAX_LOG_BYTES);
    }

    /** Shared data keys per vm_id [100,000]. */
    public long maxSharedDataKeys() {
        return get(Limit.MAX_SHARED_DATA_KEYS);
    }

    /** Shared data bytes (keys and values) per vm_id [32 MiB]. */
    public long maxSharedDataBytes() {
        return get(Limit.MAX_SHARED_DATA_BYTES);
    }

    /** Metrics one plugin may define [10,000]. */
    public long maxMetrics() {
        return get(Limit.MAX_METRICS);
    }

    /** Bytes of one metric name [1,024]. */
    public long maxMetricNameBytes() {
        return get(Limit.MAX_METRIC_NAME_BYTES);
    }

    /** Shared queues per vm_id [1,024]. */
    public long maxSharedQueues() {
        return get(Limit.MAX_SHARED_QUEUES);
    }

    /** Items waiting in one shared queue [10,000]. */
    public long maxQueueItems() {
        return get(Limit.MAX_QUEUE_ITEMS);
    }

    /** Bytes waiting in one shared queue [16 MiB]. */
    public long maxQueueBytes() {
        return get(Limit.MAX_QUEUE_BYTES);
    }

    /** Entries of one header or trailer map a guest may grow [10,000]. */
    public long maxHeaders() {
        return get(Limit.MAX_HEADERS);
    }

    /** Bytes (names plus values) of one header or trailer map a guest may grow [8 MiB]. */
    public long maxHeaderBytes() {
        return get(Limit.MAX_HEADER_BYTES);
    }

    /** Body bytes one direction of a stream buffers [16 MiB]. */
    public long maxBodyBytes() {
        return get(Limit.MAX_BODY_BYTES);
    }

    /** Bytes of properties ({@code proxy_set_property}) one context holds [8 MiB]. */
    public long maxPropertyBytes() {
        return get(Limit.MAX_PROPERTY_BYTES);
    }

    /** Pending HTTP and gRPC callouts of one VM to one upstream [1,024, Envoy's default]. */
    public long maxPendingCallouts() {
        return get(Limit.MAX_PENDING_CALLOUTS);
    }

    /** VMs of one plugin, one per thread that uses it [256]. */
    public long maxVms() {
        return get(Limit.MAX_VMS);
    }

    /** Bytes of guest memory all VMs in this JVM may hold [a quarter of the maximum heap]. */
    public long guestMemoryBudget() {
        return get(Limit.GUEST_MEMORY_BUDGET);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Limits l && Arrays.equals(values, l.values);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(values);
    }

    @Override
    public String toString() {
        var sb = new StringBuilder("Limits{");
        for (var l : Limit.values()) {
            sb.append(l.ordinal() == 0 ? "" : ", ").append(l.key()).append('=').append(get(l));
        }
        return sb.append('}').toString();
    }

    /** Builds {@link Limits}; every setting starts at its default. */
    public static final class Builder {
        private final long[] values = new long[Limit.values().length];

        private Builder() {
            for (var l : Limit.values()) {
                values[l.ordinal()] = l.defaultValue();
            }
        }

        Builder set(Limit limit, long value) {
            Objects.requireNonNull(limit, "limit");
            if (value < 1) {
                throw new IllegalArgumentException(
                        limit.key()
                                + " must be at least 1, got "
                                + value
                                + "; fix: pass a positive value (default "
                                + limit.defaultValue()
                                + ")");
            }
            values[limit.ordinal()] = value;
            return this;
        }

        /** Bytes of one {@code proxy_log} or WASI {@code fd_write} call [1 MiB]. */
        public Builder withMaxWriteBytes(long bytes) {
            return set(Limit.MAX_WRITE_BYTES, bytes);
        }

        /** Log records kept [100,000]. */
        public Builder withMaxLogEntries(long entries) {
            return set(Limit.MAX_LOG_ENTRIES, entries);
        }

        /** Bytes of log records kept [16 MiB]. */
        public Builder withMaxLogBytes(long bytes) {
            return set(Limit.MAX_LOG_BYTES, bytes);
        }

        /** Shared data keys per vm_id [100,000]. */
        public Builder withMaxSharedDataKeys(long keys) {
            return set(Limit.MAX_SHARED_DATA_KEYS, keys);
        }

        /** Shared data bytes per vm_id [32 MiB]. */
        public Builder withMaxSharedDataBytes(long bytes) {
            return set(Limit.MAX_SHARED_DATA_BYTES, bytes);
        }

        /** Metrics per plugin [10,000]. */
        public Builder withMaxMetrics(long metrics) {
            return set(Limit.MAX_METRICS, metrics);
        }

        /** Bytes of one metric name [1,024]. */
        public Builder withMaxMetricNameBytes(long bytes) {
            return set(Limit.MAX_METRIC_NAME_BYTES, bytes);
        }

        /** Shared queues per vm_id [1,024]. */
        public Builder withMaxSharedQueues(long queues) {
            return set(Limit.MAX_SHARED_QUEUES, queues);
        }

        /** Items waiting in one shared queue [10,000]. */
        public Builder withMaxQueueItems(long items) {
            return set(Limit.MAX_QUEUE_ITEMS, items);
        }

        /** Bytes waiting in one shared queue [16 MiB]. */
        public Builder withMaxQueueBytes(long bytes) {
            return set(Limit.MAX_QUEUE_BYTES, bytes);
        }

        /** Entries of one header or trailer map [10,000]. */
        public Builder withMaxHeaders(long headers) {
            return set(Limit.MAX_HEADERS, headers);
        }

        /** Bytes of one header or trailer map [8 MiB]. */
        public Builder withMaxHeaderBytes(long bytes) {
            return set(Limit.MAX_HEADER_BYTES, bytes);
        }

        /** Body bytes one stream direction buffers [16 MiB]. */
        public Builder withMaxBodyBytes(long bytes) {
            return set(Limit.MAX_BODY_BYTES, bytes);
        }

        /** Bytes of properties one context holds [8 MiB]. */
        public Builder withMaxPropertyBytes(long bytes) {
            return set(Limit.MAX_PROPERTY_BYTES, bytes);
        }

        /** Pending callouts of one VM to one upstream [1,024]. */
        public Builder withMaxPendingCallouts(long callouts) {
            return set(Limit.MAX_PENDING_CALLOUTS, callouts);
        }

        /** VMs of one plugin [256]. */
        public Builder withMaxVms(long vms) {
            return set(Limit.MAX_VMS, vms);
        }

        /** Bytes of guest memory of all VMs in this JVM [a quarter of the maximum heap]. */
        public Builder withGuestMemoryBudget(long bytes) {
            return set(Limit.GUEST_MEMORY_BUDGET, bytes);
        }

        public Limits build() {
            return new Limits(values.clone());
        }
    }
}
