package io.github.proxywasm4j.localproxy.internal;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.proxywasm4j.host.Headers;
import io.github.proxywasm4j.localproxy.Route;
import io.github.proxywasm4j.localproxy.VirtualHost;
import java.util.List;
import org.junit.jupiter.api.Test;

class RouterTest {

    static Headers request(String authority, String path) {
        return Headers.of(":authority", authority, ":path", path, ":method", "GET");
    }

    @Test
    void aListenerWithoutRoutesShouldAnswerItself() {
        var router = new Router(List.of());

        assertThat(router.route(request("localhost", "/"))).isEqualTo(new Router.BuiltIn());
    }

    @Test
    void shouldPickTheFirstMatchingPrefixIgnoringTheQuery() {
        var api = Route.prefix("/api", "api");
        var router = new Router(List.of(VirtualHost.any(api, Route.prefix("/", "web"))));

        assertThat(router.route(request("localhost", "/api/users?q=/x")))
                .isEqualTo(new Router.ToCluster(api));
    }

    @Test
    void noMatchingRouteShouldBeNoRoute() {
        var router = new Router(List.of(VirtualHost.any(Route.prefix("/api", "api"))));

        assertThat(router.route(request("localhost", "/other"))).isEqualTo(new Router.NoRoute());
    }

    @Test
    void aHostNoVirtualHostServesShouldBeNoRoute() {
        var router =
                new Router(
                        List.of(
                                new VirtualHost(
                                        "only",
                                        List.of("example.com"),
                                        List.of(Route.prefix("/", "web")))));

        assertThat(router.route(request("other.org", "/"))).isEqualTo(new Router.NoRoute());
    }
}
