package io.github.proxywasm4j.localproxy;

import java.time.Duration;
import java.util.List;
import java.util.Objects;

/**
 * A static upstream cluster: requests routed to it go to its endpoints in turn (round robin).
 *
 * @param name the name routes refer to
 * @param endpoints where the cluster's hosts listen; empty means "no healthy upstream" (503)
 * @param connectTimeout how long a connection to an endpoint may take
 */
public record Cluster(String name, List<Endpoint> endpoints, Duration connectTimeout) {

    /** Envoy's default {@code connect_timeout}. */
    public static final Duration DEFAULT_CONNECT_TIMEOUT = Duration.ofSeconds(5);

    public Cluster {
        Objects.requireNonNull(name, "name");
        endpoints = List.copyOf(endpoints);
        Objects.requireNonNull(connectTimeout, "connectTimeout");
    }

    /** A cluster of the given endpoints with the default connect timeout. */
    public static Cluster of(String name, Endpoint... endpoints) {
        return new Cluster(name, List.of(endpoints), DEFAULT_CONNECT_TIMEOUT);
    }

    /** This cluster with another connect timeout. */
    public Cluster withConnectTimeout(Duration timeout) {
        return new Cluster(name, endpoints, timeout);
    }
}
