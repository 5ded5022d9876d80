package io.github.proxywasm4j.localproxy.internal;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.proxywasm4j.localproxy.internal.EnvoyStats.Stat;
import io.github.proxywasm4j.localproxy.internal.EnvoyStats.Type;
import java.util.List;
import org.junit.jupiter.api.Test;

class EnvoyStatsTest {

    static Stat custom(String name, Type type, long value, Long... samples) {
        return new Stat(EnvoyStats.CUSTOM_NAMESPACE + name, type, value, List.of(samples));
    }

    @Test
    void aPluginsMetricNameShouldBeSanitizedWithoutEnvoysPrefix() {
        assertThat(EnvoyStats.prometheusName("wasmcustom.my-filter.requests"))
                .isEqualTo("my_filter_requests");
        assertThat(EnvoyStats.prometheusName("cluster.upstream_rq_total"))
                .isEqualTo("envoy_cluster_upstream_rq_total");
    }

    @Test
    void aPluginsMetricThatCannotBeAPrometheusNameShouldBeLeftOut() {
        var stats = new EnvoyStats(List.of(custom("1st_requests", Type.COUNTER, 3)));

        assertThat(EnvoyStats.prometheusName("wasmcustom.1st_requests")).isNull();
        assertThat(stats.prometheus()).isEmpty();
        assertThat(stats.text()).isEqualTo("1st_requests: 3\n");
    }

    @Test
    void aHistogramShouldHaveEnvoysBucketsSumAndCount() {
        var stats = new EnvoyStats(List.of(custom("latency_ms", Type.HISTOGRAM, 7, 3L, 7L, 120L)));

        assertThat(stats.prometheus())
                .startsWith(
                        "# TYPE latency_ms histogram\n"
                                + "latency_ms_bucket{le=\"0.5\"} 0\n"
                                + "latency_ms_bucket{le=\"1\"} 0\n"
                                + "latency_ms_bucket{le=\"5\"} 1\n"
                                + "latency_ms_bucket{le=\"10\"} 2\n")
                .contains("latency_ms_bucket{le=\"250\"} 3\n")
                .endsWith(
                        "latency_ms_bucket{le=\"3600000\"} 3\n"
                                + "latency_ms_bucket{le=\"+Inf\"} 3\n"
                                + "latency_ms_sum{} 130\n"
                                + "latency_ms_count{} 3\n");
        assertThat(stats.text())
                .isEqualTo(
                        "latency_ms: P0(nan,3) P25(nan,3) P50(nan,7) P75(nan,120) P90(nan,120)"
                                + " P95(nan,120) P99(nan,120) P99.5(nan,120) P99.9(nan,120)"
                                + " P100(nan,120)\n");
    }

    @Test
    void aHistogramWithoutValuesShouldSaySo() {
        var stats = new EnvoyStats(List.of(custom("latency_ms", Type.HISTOGRAM, 0)));

        assertThat(stats.text()).isEqualTo("latency_ms: No recorded values\n");
        assertThat(stats.json())
                .isEqualTo(
                        "{\"stats\":[{\"histograms\":{\"supported_quantiles\":[0,25,50,75,90,95,99,"
                                + "99.5,99.9,100],\"computed_quantiles\":[{\"name\":\"latency_ms\","
                                + "\"values\":[]}]}}]}\n");
    }

    @Test
    void tagsShouldBeExtractedUpToTheFirstDotAsEnvoysRegexesDo() {
        assertThat(EnvoyStats.TaggedName.of("cluster.backend.upstream_rq_5xx"))
                .isEqualTo(
                        new EnvoyStats.TaggedName(
                                "cluster.upstream_rq_xx",
                                "envoy_response_code_class=\"5\",envoy_cluster_name=\"backend\""));
        assertThat(EnvoyStats.TaggedName.of("server.live"))
                .isEqualTo(new EnvoyStats.TaggedName("server.live", ""));
    }
}
