package io.github.proxywasm4j.localproxy.internal;

import io.github.proxywasm4j.host.Headers;
import io.github.proxywasm4j.localproxy.Route;
import io.github.proxywasm4j.localproxy.VirtualHost;
import java.util.List;

/**
 * A listener's route table: the virtual host that serves the request's authority, then its first
 * route that matches the path (query left out), as Envoy's router matches after the decoder
 * filters ran.
 */
final class Router {

    /** Where a request goes. */
    sealed interface Decision permits BuiltIn, NoRoute, ToCluster {}

    /** The listener has no routes: the built-in responder answers. */
    record BuiltIn() implements Decision {}

    /** The listener has routes and none matches: 404 ({@code NR}). */
    record NoRoute() implements Decision {}

    /** The matched route's cluster. */
    record ToCluster(Route route) implements Decision {}

    private final List<VirtualHost> virtualHosts;

    Router(List<VirtualHost> virtualHosts) {
        this.virtualHosts = List.copyOf(virtualHosts);
    }

    Decision route(Headers h) {
        if (virtualHosts.isEmpty()) {
            return new BuiltIn();
        }
        var host = h.get(":authority").orElse("");
        var path = h.get(":path").orElse("/");
        var q = path.indexOf('?');
        var bare = q >= 0 ? path.substring(0, q) : path;
        for (var vh : virtualHosts) {
            if (vh.serves(host)) {
                return vh.route(bare).<Decision>map(ToCluster::new).orElseGet(NoRoute::new);
            }
        }
        return new NoRoute();
    }
}
