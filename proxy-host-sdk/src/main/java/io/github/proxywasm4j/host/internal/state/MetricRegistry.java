package io.github.proxywasm4j.host.internal.state;

import io.github.proxywasm4j.host.abi.MetricType;
import io.github.proxywasm4j.host.internal.limits.Limit;
import io.github.proxywasm4j.host.internal.limits.LimitExceeded;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Metrics of one plugin, shared by all its VMs. Ids follow cpp-host: {@code (seq << 2) | type}, so
 * the type is in the low two bits and lookups by id are an array index.
 */
public final class MetricRegistry {
    private final Map<String, Metric> byName = new ConcurrentHashMap<>();
    private volatile Metric[] bySeq = new Metric[16];
    private int nextSeq = 1;

    /** Defines or finds a metric; returns its id. */
    public int define(MetricType type, String name) {
        return define(type, name, Long.MAX_VALUE, Long.MAX_VALUE);
    }

    /**
     * Defines or finds a metric within a count and a name length; Envoy's stats have neither
     * bound, so going past one fails the caller's VM with {@link LimitExceeded}.
     */
    public int define(MetricType type, String name, long maxMetrics, long maxNameBytes) {
        var existing = byName.get(key(type, name));
        if (existing != null) {
            return existing.id;
        }
        long nameBytes = name.getBytes(java.nio.charset.StandardCharsets.UTF_8).length;
        if (nameBytes > maxNameBytes) {
            throw LimitExceeded.of(
                    Limit.MAX_METRIC_NAME_BYTES,
                    nameBytes,
                    maxNameBytes,
                    "metric '" + name.substring(0, Math.min(40, name.length())) + "...'");
        }
        synchronized (this) {
            existing = byName.get(key(type, name));
            if (existing != null) {
                return existing.id;
            }
            if (nextSeq > maxMetrics) {
                throw LimitExceeded.of(Limit.MAX_METRICS, nextSeq, maxMetrics, "");
            }
            int seq = nextSeq++;
            var metric = new Metric((seq << 2) | type.code(), type, name);
            var table = bySeq;
            if (seq >= table.length) {
                table = Arrays.copyOf(table, table.length * 2);
            }
            table[seq] = metric;
            bySeq = table;
            byName.put(key(type, name), metric);
            return metric.id;
        }
    }

    /** The metric with this id, or null. */
    public Metric byId(int id) {
        int seq = id >>> 2;
        var table = bySeq;
        if (seq <= 0 || seq >= table.length) {
            return null;
        }
        var m = table[seq];
        return m != null && m.id == id ? m : null;
    }

    /** The metric of this type and name, or null. */
    public Metric byName(MetricType type, String name) {
        return byName.get(key(type, name));
    }

    /** All metric names with their type, sorted. */
    public List<String> describe() {
        var list = new ArrayList<String>();
        for (var m : byName.values()) {
            list.add(m.type.name().toLowerCase(java.util.Locale.ROOT) + " " + m.name);
        }
        list.sort(null);
        return list;
    }

    private static String key(MetricType type, String name) {
        return type.code() + name;
    }

    static final int MAX_SAMPLES = 10_000;

    /** One counter, gauge or histogram. */
    public static final class Metric {
        public final int id;
        public final MetricType type;
        public final String name;
        private final AtomicLong value = new AtomicLong();

        /** The most recent samples of a histogram; bounded so a long-running proxy does not leak. */
        private final java.util.ArrayDeque<Long> samples = new java.util.ArrayDeque<>();

        Metric(int id, MetricType type, String name) {
            this.id = id;
            this.type = type;
            this.name = name;
        }

        public long value() {
            return value.get();
        }

        public void add(long delta) {
            value.addAndGet(delta);
        }

        public void set(long v) {
            value.set(v);
        }

        /** Histograms: keep the sample; the value is the last sample. */
        public void record(long sample) {
            synchronized (samples) {
                if (samples.size() == MAX_SAMPLES) {
                    samples.removeFirst();
                }
                samples.addLast(sample);
            }
            value.set(sample);
        }

        public List<Long> samples() {
            synchronized (samples) {
                return List.copyOf(samples);
            }
        }
    }
}
