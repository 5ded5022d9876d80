package io.github.proxywasm4j.localproxy.internal;

import io.github.proxywasm4j.host.ProxyWasmPlugin;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Pattern;

/**
 * A snapshot of the proxy's counters and the plugins' metrics, named as Envoy names them, in the
 * three forms of Envoy's admin: {@code /stats} text, {@code /stats?format=json} and {@code
 * /stats/prometheus}.
 *
 * <p>A plugin's metric lives in Envoy's custom stat namespace {@code wasmcustom}: the admin shows
 * it without that prefix, and in Prometheus form without the {@code envoy_} prefix the proxy's own
 * stats get (Envoy's {@code PrometheusStatsFormatter::metricName}). The proxy's own stats have
 * their Envoy tags extracted ({@code http.<prefix>.downstream_rq_2xx} becomes {@code
 * envoy_http_downstream_rq_xx{envoy_response_code_class="2",envoy_http_conn_manager_prefix=
 * "<prefix>"}}). A histogram's quantiles, buckets, sum and count are over the values the host keeps
 * for it (the most recent 10,000).
 */
final class EnvoyStats {

    /** Envoy's namespace for metrics that wasm plugins define. */
    static final String CUSTOM_NAMESPACE = "wasmcustom.";

    /** The quantiles Envoy's admin reports for a histogram. */
    static final double[] QUANTILES = {0, 25, 50, 75, 90, 95, 99, 99.5, 99.9, 100};

    /** Envoy's default histogram buckets. */
    static final double[] BUCKETS = {
        0.5, 1, 5, 10, 25, 50, 100, 250, 500, 1000, 2500, 5000, 10000, 30000, 60000, 300000, 600000,
        1800000, 3600000
    };

    private static final Pattern NOT_PROMETHEUS = Pattern.compile("[^a-zA-Z0-9_]");
    private static final Pattern CODE_CLASS = Pattern.compile("(.*_rq)_([0-9])xx");

    enum Type {
        COUNTER,
        GAUGE,
        HISTOGRAM
    }

    /** One stat: its full Envoy name (a plugin's with {@code wasmcustom.}), and its value. */
    record Stat(String name, Type type, long value, List<Long> samples) {
        boolean custom() {
            return name.startsWith(CUSTOM_NAMESPACE);
        }

        /** The name the admin shows: a plugin's without the custom namespace. */
        String shownName() {
            return custom() ? name.substring(CUSTOM_NAMESPACE.length()) : name;
        }
    }

    private final List<Stat> stats;

    EnvoyStats(List<Stat> stats) {
        this.stats = stats;
    }

    /**
     * The proxy's counters, {@code server.live}, and every plugin's metrics (a metric that several
     * plugins define is summed, as Envoy shares one stat by name).
     */
    public static EnvoyStats snapshot(Stats proxy, List<ProxyWasmPlugin> plugins) {
        var byName = new TreeMap<String, Stat>();
        proxy.snapshot().forEach((k, v) -> byName.put(k, new Stat(k, Type.COUNTER, v, List.of())));
        byName.put("server.live", new Stat("server.live", Type.GAUGE, 1, List.of()));
        for (var plugin : plugins) {
            var metrics = plugin.metrics();
            for (var line : metrics.names()) {
                var space = line.indexOf(' ');
                var type = Type.valueOf(line.substring(0, space).toUpperCase(Locale.ROOT));
                var name = line.substring(space + 1);
                var stat =
                        switch (type) {
                            case COUNTER ->
                                    new Stat(
                                            CUSTOM_NAMESPACE + name,
                                            type,
                                            metrics.counter(name),
                                            List.of());
                            case GAUGE ->
                                    new Stat(
                                            CUSTOM_NAMESPACE + name,
                                            type,
                                            metrics.gauge(name),
                                            List.of());
                            case HISTOGRAM ->
                                    new Stat(
                                            CUSTOM_NAMESPACE + name,
                                            type,
                                            metrics.histogram(name),
                                            metrics.histogramSamples(name));
                        };
                byName.merge(stat.name() + " " + type, stat, EnvoyStats::sum);
            }
        }
        return new EnvoyStats(List.copyOf(byName.values()));
    }

    private static Stat sum(Stat a, Stat b) {
        var samples = new ArrayList<>(a.samples());
        samples.addAll(b.samples());
        return new Stat(a.name(), a.type(), a.value() + b.value(), samples);
    }

    List<Stat> stats() {
        return stats;
    }

    /**
     * Envoy's {@code /stats}: {@code name: value} for counters and gauges, sorted by name, then
     * each histogram's cumulative quantiles ({@code P50(nan,12)}).
     */
    public String text() {
        var out = new StringBuilder();
        var numbers = new TreeMap<String, Long>();
        var histograms = new TreeMap<String, Stat>();
        for (var s : stats) {
            if (s.type() == Type.HISTOGRAM) {
                histograms.put(s.shownName(), s);
            } else {
                numbers.put(s.shownName(), s.value());
            }
        }
        numbers.forEach((k, v) -> out.append(k).append(": ").append(v).append('\n'));
        histograms.forEach(
                (k, h) -> {
                    out.append(k).append(':');
                    if (h.samples().isEmpty()) {
                        out.append(" No recorded values");
                    } else {
                        var q = quantiles(h.samples());
                        for (int i = 0; i < QUANTILES.length; i++) {
                            out.append(" P")
                                    .append(number(QUANTILES[i]))
                                    .append("(nan,")
                                    .append(number(q[i]))
                                    .append(')');
                        }
                    }
                    out.append('\n');
                });
        return out.toString();
    }

    /** Envoy's {@code /stats?format=json}. */
    public String json() {
        var list = new ArrayList<Object>();
        var histograms = new ArrayList<Object>();
        for (var s : sortedByShownName()) {
            if (s.type() == Type.HISTOGRAM) {
                var values = new ArrayList<Object>();
                if (!s.samples().isEmpty()) {
                    for (var q : quantiles(s.samples())) {
                        var v = new LinkedHashMap<String, Object>();
                        v.put("interval", null);
                        v.put("cumulative", jsonNumber(q));
                        values.add(v);
                    }
                }
                var h = new LinkedHashMap<String, Object>();
                h.put("name", s.shownName());
                h.put("values", values);
                histograms.add(h);
            } else {
                var m = new LinkedHashMap<String, Object>();
                m.put("name", s.shownName());
                m.put("value", s.value());
                list.add(m);
            }
        }
        if (!histograms.isEmpty()) {
            var supported = new ArrayList<Object>();
            for (var q : QUANTILES) {
                supported.add(jsonNumber(q));
            }
            var h = new LinkedHashMap<String, Object>();
            h.put("supported_quantiles", supported);
            h.put("computed_quantiles", histograms);
            list.add(Map.of("histograms", h));
        }
        return Json.write(Map.of("stats", list)) + "\n";
    }

    /**
     * Envoy's {@code /stats/prometheus}: counters, then gauges, then histograms; each metric
     * family once with its {@code # TYPE} line, sorted by its tag-extracted name.
     */
    public String prometheus() {
        var out = new StringBuilder();
        for (var type : Type.values()) {
            var families = new TreeMap<String, List<Stat>>();
            var names = new LinkedHashMap<String, String>();
            for (var s : stats) {
                if (s.type() != type) {
                    continue;
                }
                var extracted = TaggedName.of(s.name());
                var name = prometheusName(extracted.name());
                if (name == null) {
                    continue;
                }
                families.computeIfAbsent(extracted.name(), k -> new ArrayList<>()).add(s);
                names.put(extracted.name(), name);
            }
            families.forEach(
                    (extractedName, members) -> {
                        var name = names.get(extractedName);
                        out.append("# TYPE ")
                                .append(name)
                                .append(' ')
                                .append(type.name().toLowerCase(Locale.ROOT))
                                .append('\n');
                        members.sort(Comparator.comparing(Stat::name));
                        for (var s : members) {
                            var tags = TaggedName.of(s.name()).tags();
                            if (type == Type.HISTOGRAM) {
                                histogram(out, name, tags, s.samples());
                            } else {
                                out.append(name)
                                        .append('{')
                                        .append(tags)
                                        .append("} ")
                                        .append(s.value())
                                        .append('\n');
                            }
                        }
                    });
        }
        return out.toString();
    }

    private static void histogram(StringBuilder out, String name, String tags, List<Long> samples) {
        var prefix = tags.isEmpty() ? "" : tags + ",";
        for (var bucket : BUCKETS) {
            var count = samples.stream().filter(v -> v <= bucket).count();
            out.append(name)
                    .append("_bucket{")
                    .append(prefix)
                    .append("le=\"")
                    .append(number(bucket))
                    .append("\"} ")
                    .append(count)
                    .append('\n');
        }
        var sum = samples.stream().mapToLong(Long::longValue).sum();
        out.append(name)
                .append("_bucket{")
                .append(prefix)
                .append("le=\"+Inf\"} ")
                .append(samples.size())
                .append('\n');
        out.append(name).append("_sum{").append(tags).append("} ").append(sum).append('\n');
        out.append(name)
                .append("_count{")
                .append(tags)
                .append("} ")
                .append(samples.size())
                .append('\n');
    }

    // A plugin's metric: its own name, sanitized, or none when it cannot be a Prometheus name;
    // the proxy's: envoy_ and the sanitized name.
    static String prometheusName(String extractedName) {
        if (extractedName.startsWith(CUSTOM_NAMESPACE)) {
            var name =
                    NOT_PROMETHEUS
                            .matcher(extractedName.substring(CUSTOM_NAMESPACE.length()))
                            .replaceAll("_");
            return name.isEmpty() || Character.isDigit(name.charAt(0)) ? null : name;
        }
        return "envoy_" + NOT_PROMETHEUS.matcher(extractedName).replaceAll("_");
    }

    /**
     * A stat name with Envoy's default tags taken out, for the stats the local proxy has: {@code
     * http.<stat_prefix>.} and {@code cluster.<name>.} (up to the first dot, as Envoy's regexes),
     * and the response code class of {@code _rq_<N>xx}.
     */
    record TaggedName(String name, String tags) {
        static TaggedName of(String full) {
            String scope;
            String tagName;
            if (full.startsWith("http.")) {
                scope = "http.";
                tagName = "envoy_http_conn_manager_prefix";
            } else if (full.startsWith("cluster.")) {
                scope = "cluster.";
                tagName = "envoy_cluster_name";
            } else {
                return new TaggedName(full, "");
            }
            var rest = full.substring(scope.length());
            var dot = rest.indexOf('.');
            if (dot <= 0) {
                return new TaggedName(full, "");
            }
            var value = rest.substring(0, dot);
            var stat = rest.substring(dot + 1);
            var tags = tagName + "=\"" + escape(value) + "\"";
            var codeClass = CODE_CLASS.matcher(stat);
            if (codeClass.matches()) {
                stat = codeClass.group(1) + "_xx";
                tags = "envoy_response_code_class=\"" + codeClass.group(2) + "\"," + tags;
            }
            return new TaggedName(scope + stat, tags);
        }

        private static String escape(String value) {
            return value.replace("\\", "\\\\").replace("\n", "\\n").replace("\"", "\\\"");
        }
    }

    private List<Stat> sortedByShownName() {
        var sorted = new ArrayList<>(stats);
        sorted.sort(Comparator.comparing(Stat::shownName));
        return sorted;
    }

    // Nearest-rank quantiles of the recorded values, as Envoy's cumulative column.
    static double[] quantiles(List<Long> samples) {
        var sorted = samples.stream().mapToLong(Long::longValue).sorted().toArray();
        var out = new double[QUANTILES.length];
        for (int i = 0; i < QUANTILES.length; i++) {
            var rank = (int) Math.ceil(QUANTILES[i] / 100 * sorted.length);
            out[i] = sorted[Math.max(0, Math.min(sorted.length - 1, rank - 1))];
        }
        return out;
    }

    private static Object jsonNumber(double d) {
        return d == Math.rint(d) && Math.abs(d) < 1e15 ? (Object) (long) d : (Object) d;
    }

    private static String number(double d) {
        return d == Math.rint(d) && Math.abs(d) < 1e15
                ? Long.toString((long) d)
                : Double.toString(d);
    }
}
