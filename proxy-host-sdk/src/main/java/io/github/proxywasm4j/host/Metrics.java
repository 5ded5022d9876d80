package io.github.proxywasm4j.host;

import io.github.proxywasm4j.host.abi.MetricType;
import io.github.proxywasm4j.host.internal.state.MetricRegistry;
import java.util.List;

/** The metrics a plugin defined ({@code proxy_define_metric}), read by name. */
public final class Metrics {
    private final MetricRegistry registry;

    Metrics(MetricRegistry registry) {
        this.registry = registry;
    }

    /** A counter's value. */
    public long counter(String name) {
        return find(MetricType.COUNTER, name).value();
    }

    /** A gauge's value. */
    public long gauge(String name) {
        return find(MetricType.GAUGE, name).value();
    }

    /** A histogram's last recorded value. */
    public long histogram(String name) {
        return find(MetricType.HISTOGRAM, name).value();
    }

    /** The values recorded in a histogram, in order (the most recent 10,000). */
    public List<Long> histogramSamples(String name) {
        return find(MetricType.HISTOGRAM, name).samples();
    }

    /** Whether the plugin defined a metric of that type and name. */
    public boolean isDefined(MetricType type, String name) {
        return registry.byName(type, name) != null;
    }

    /** All defined metrics as {@code "counter name"} lines, sorted. */
    public List<String> names() {
        return registry.describe();
    }

    private MetricRegistry.Metric find(MetricType type, String name) {
        var m = registry.byName(type, name);
        if (m == null) {
            throw new ProxyWasmException(
                    "the plugin defined no "
                            + type.name().toLowerCase(java.util.Locale.ROOT)
                            + " named '"
                            + name
                            + "'; defined: "
                            + registry.describe()
                            + "; fix: check the name and that the filter called"
                            + " proxy_define_metric");
        }
        return m;
    }
}
