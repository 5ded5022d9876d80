package ${package};

import static io.github.proxywasm4j.host.junit.ProxyWasmAssertions.assertThat;

import io.github.proxywasm4j.host.Headers;
import io.github.proxywasm4j.host.upstream.HttpCallResponse;
import io.github.proxywasm4j.host.upstream.StubHttpUpstream;
import io.github.proxywasm4j.host.VirtualClock;
import io.github.proxywasm4j.host.junit.ProxyWasmExtension;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The example callout filter in assembly/ext_auth_example.ts (root id ext_auth): asks an auth
 * service first, then lets the request go on, denies it, or answers 503 when the service fails or
 * is too slow. Shows stub upstreams that answer, fail or hold a call, and a timeout on a virtual
 * clock. GUIDE.md has more examples.
 */
class CalloutExampleTest {

    private static final Path MODULE =
            Path.of(System.getProperty("wasm.module", "target/wasm/optimized.wasm"));

    @RegisterExtension
    static final ProxyWasmExtension wasm =
            ProxyWasmExtension.forModule(MODULE).withRootId("ext_auth").build();

    static final Headers REQUEST =
            Headers.of(":method", "GET", ":path", "/orders", ":authority", "shop", "authorization", "Bearer t0k3n");

    @Test
    void allowedRequestsGoOnWithTheUser() {
        var auth = StubHttpUpstream.replying(new HttpCallResponse(Headers.of(":status", "200", "x-user", "alice"), new byte[0], Headers.empty()));
        var plugin = wasm.plugin(b -> b.withPluginConfiguration("auth").withHttpUpstream(auth));
        try (var stream = plugin.newHttpStream()) {
            assertThat(stream.sendRequestHeaders(REQUEST, true).isStop()).isTrue();

            // The stub answered at once; the callback resumed the request.
            assertThat(stream).continued().hasRequestHeader("x-user", "alice");
            var call = auth.lastRequest();
            assertThat(call.upstream()).isEqualTo("auth");
            assertThat(call.path()).isEqualTo("/check");
            assertThat(call.headers().get("authorization")).hasValue("Bearer t0k3n");
            assertThat(call.timeout()).isEqualTo(Duration.ofSeconds(1));
        }
    }

    @Test
    void deniedRequestsGet403() {
        var auth = StubHttpUpstream.replying(HttpCallResponse.of(401, "who are you"));
        var plugin = wasm.plugin(b -> b.withPluginConfiguration("auth").withHttpUpstream(auth));
        try (var stream = plugin.newHttpStream()) {
            stream.sendRequestHeaders(REQUEST, true);

            assertThat(stream).sentLocalResponse(403, "denied");
        }
    }

    @Test
    void aSlowAuthServiceTimesOutWith503() {
        var clock = VirtualClock.create();
        var auth = StubHttpUpstream.holding(); // records the call, answers only when told to
        var plugin = wasm.plugin(b -> b.withPluginConfiguration("auth").withHttpUpstream(auth).withClock(clock));
        try (var stream = plugin.newHttpStream()) {
            stream.sendRequestHeaders(REQUEST, true);
            clock.advance(Duration.ofMillis(999));
            assertThat(stream).hasRequestPaused().sentNoLocalResponse();

            clock.advance(Duration.ofMillis(1)); // the 1000 ms timeout fires inside advance(..)

            assertThat(stream).sentLocalResponse(503, "auth service unavailable");
        }
        assertThat(plugin).hasLogContaining("auth service unavailable");
    }

    @Test
    void aFailedCallGets503() {
        var plugin = wasm.plugin(b -> b.withPluginConfiguration("auth").withHttpUpstream(StubHttpUpstream.failing()));
        try (var stream = plugin.newHttpStream()) {
            stream.sendRequestHeaders(REQUEST, true);

            assertThat(stream).sentLocalResponse(503, "auth service unavailable");
        }
    }

    @Test
    void anUnknownClusterGets500() {
        var auth = StubHttpUpstream.replying(HttpCallResponse.of(200, "")).withUpstreams("auth");
        var plugin = wasm.plugin(b -> b.withPluginConfiguration("nowhere").withHttpUpstream(auth));
        try (var stream = plugin.newHttpStream()) {
            stream.sendRequestHeaders(REQUEST, true);

            assertThat(stream).sentLocalResponse(500, "auth call failed");
        }
    }
}
