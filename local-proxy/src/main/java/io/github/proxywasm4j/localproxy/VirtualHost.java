package io.github.proxywasm4j.localproxy;

import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;

/**
 * A virtual host: the routes used for requests whose {@code Host} matches one of its domains.
 *
 * @param name a name for logs
 * @param domains {@code *}, an exact host, {@code *.suffix} or {@code prefix.*}, as in Envoy
 * @param routes tried in order; the first match wins
 */
public record VirtualHost(String name, List<String> domains, List<Route> routes) {

    public VirtualHost {
        Objects.requireNonNull(name, "name");
        domains = List.copyOf(domains);
        routes = List.copyOf(routes);
    }

    /** A virtual host for every domain ({@code *}) with the given routes. */
    public static VirtualHost any(Route... routes) {
        return new VirtualHost("local_service", List.of("*"), List.of(routes));
    }

    /** Whether {@code host} (a Host header, port allowed) is one of this virtual host's domains. */
    public boolean serves(String host) {
        var h = host.toLowerCase(Locale.ROOT);
        var colon = h.lastIndexOf(':');
        var bare = colon > 0 && !h.endsWith("]") ? h.substring(0, colon) : h;
        for (var domain : domains) {
            var d = domain.toLowerCase(Locale.ROOT);
            if (d.equals("*") || d.equals(h) || d.equals(bare)) {
                return true;
            }
            if (d.startsWith("*") && bare.endsWith(d.substring(1))) {
                return true;
            }
            if (d.endsWith("*") && bare.startsWith(d.substring(0, d.length() - 1))) {
                return true;
            }
        }
        return false;
    }

    /** The first route serving {@code path}. */
    public Optional<Route> route(String path) {
        return routes.stream().filter(r -> r.matches(path)).findFirst();
    }
}
