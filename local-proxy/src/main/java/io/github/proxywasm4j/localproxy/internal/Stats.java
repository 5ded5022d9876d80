package io.github.proxywasm4j.localproxy.internal;

import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;

/** The proxy's own counters, named as Envoy names them ({@code http.<prefix>.downstream_rq_total}). */
public final class Stats {

    private final Map<String, LongAdder> counters = new ConcurrentHashMap<>();

    public void increment(String name) {
        counters.computeIfAbsent(name, n -> new LongAdder()).increment();
    }

    public long get(String name) {
        var c = counters.get(name);
        return c == null ? 0 : c.sum();
    }

    /** A sorted snapshot. */
    public Map<String, Long> snapshot() {
        var out = new TreeMap<String, Long>();
        counters.forEach((k, v) -> out.put(k, v.sum()));
        return out;
    }
}
