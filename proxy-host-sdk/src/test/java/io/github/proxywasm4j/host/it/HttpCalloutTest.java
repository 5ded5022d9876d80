package io.github.proxywasm4j.host.it;

import static io.github.proxywasm4j.host.junit.ProxyWasmAssertions.assertThat;

import io.github.proxywasm4j.host.Headers;
import io.github.proxywasm4j.host.LogLevel;
import io.github.proxywasm4j.host.VirtualClock;
import io.github.proxywasm4j.host.junit.ProxyWasmExtension;
import io.github.proxywasm4j.host.upstream.HttpCallRequest;
import io.github.proxywasm4j.host.upstream.HttpCallResponse;
import io.github.proxywasm4j.host.upstream.StubHttpUpstream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The "callout" filter (as/callout.ts): an ext-authz style filter that asks an upstream first. */
class HttpCalloutTest {

    @RegisterExtension
    static final ProxyWasmExtension wasm =
            ProxyWasmExtension.forModule(TestModules.path(TestModules.CALLOUT))
                    .withRootId("callout")
                    .withPlugin(b -> b.withLogLevel(LogLevel.INFO))
                    .build();

    static final Headers REQUEST =
            Headers.of(":method", "GET", ":path", "/things", ":authority", "example");

    @Test
    @DisplayName("200 from the upstream: the request resumes with the answer in x-auth")
    void allowed() {
        // Given
        var upstream =
                StubHttpUpstream.replying(
                        new HttpCallResponse(
                                Headers.of(":status", "200", "x-auth-server", "a"),
                                "user-42".getBytes(StandardCharsets.UTF_8),
                                Headers.of("x-check", "passed")));
        var plugin = wasm.plugin(b -> b.withHttpUpstream(upstream));

        try (var stream = plugin.newHttpStream()) {
            // When
            var action = stream.sendRequestHeaders(REQUEST, true);

            // Then: the callout went out as the filter described it ...
            assertThat(action.isStop()).isTrue();
            HttpCallRequest call = upstream.lastRequest();
            assertThat(call.upstream()).isEqualTo("auth");
            assertThat(call.method()).isEqualTo("GET");
            assertThat(call.path()).isEqualTo("/check");
            assertThat(call.authority()).isEqualTo("auth");
            assertThat(call.headers().get("x-original-path")).hasValue("/things");
            assertThat(call.bodyText()).isEqualTo("check /things");
            assertThat(call.timeout()).isEqualTo(Duration.ofMillis(5000));
            // ... and its answer resumed the request (set_effective_context + continue_stream)
            assertThat(stream)
                    .continued()
                    .hasRequestHeader("x-auth", "user-42")
                    .hasRequestHeader("x-auth-trailer", "passed")
                    .hasRequestHeader("x-auth-header-count", "2");
        }
        assertThat(plugin)
                .hasCounter("callout_responses", 1)
                .hasLog(LogLevel.INFO, "callout response: status=0 headers=2 body=7 trailers=1")
                .hasNoFailure();
        assertThat(upstream.requests()).hasSize(1);
    }

    @Test
    @DisplayName("403 from the upstream: the filter denies locally with the upstream's body")
    void denied() {
        var upstream = StubHttpUpstream.replying(HttpCallResponse.of(403, "no entry"));
        var plugin = wasm.plugin(b -> b.withHttpUpstream(upstream));

        try (var stream = plugin.newHttpStream()) {
            stream.sendRequestHeaders(REQUEST, true);

            assertThat(stream).sentLocalResponse(403, "denied: no entry");
            assertThat(stream.localResponse().orElseThrow().details()).isEqualTo("auth_denied");
        }
    }

    @Test
    @DisplayName("a failed callout still calls back, with BROKEN_CONNECTION from get_status")
    void upstreamFailure() {
        var plugin = wasm.plugin(b -> b.withHttpUpstream(StubHttpUpstream.failing()));

        try (var stream = plugin.newHttpStream()) {
            stream.sendRequestHeaders(REQUEST, true);

            assertThat(stream).sentLocalResponse(503);
            assertThat(stream.localResponse().orElseThrow().bodyText())
                    .startsWith("auth unavailable: status 11");
        }
        assertThat(plugin).hasLog(LogLevel.INFO, "callout response: status=11 headers=0 body=0");
    }

    @Test
    @DisplayName("a callout without answer times out on the plugin clock; the stream does not hang")
    void timeout() {
        var clock = VirtualClock.create();
        var upstream = StubHttpUpstream.holding();
        var plugin = wasm.plugin(b -> b.withHttpUpstream(upstream).withClock(clock));

        try (var stream = plugin.newHttpStream()) {
            stream.sendRequestHeaders(REQUEST, true);
            assertThat(stream).hasRequestPaused();

            clock.advance(Duration.ofMillis(4999));
            assertThat(stream).hasRequestPaused().sentNoLocalResponse();

            clock.advance(Duration.ofMillis(1));
            assertThat(stream).sentLocalResponse(503);
            assertThat(stream.localResponse().orElseThrow().bodyText())
                    .startsWith("auth unavailable: status 11");
        }
        assertThat(plugin).hasCounter("callout_responses", 1);
    }

    @Test
    @DisplayName("a held callout answered later by the test resumes the paused request")
    void lateAnswer() {
        var clock = VirtualClock.create();
        var upstream = StubHttpUpstream.holding();
        var plugin = wasm.plugin(b -> b.withHttpUpstream(upstream).withClock(clock));

        try (var stream = plugin.newHttpStream()) {
            stream.sendRequestHeaders(REQUEST, true);
            clock.advance(Duration.ofMillis(500));
            assertThat(stream).hasRequestPaused();

            upstream.reply(0, HttpCallResponse.of(200, "late-user"));
            clock.advance(Duration.ofMillis(1));

            assertThat(stream).continued().hasRequestHeader("x-auth", "late-user");
        }
    }

    @Test
    @DisplayName("http_call to an unknown upstream returns BAD_ARGUMENT to the filter")
    void unknownUpstream() {
        var upstream =
                StubHttpUpstream.replying(HttpCallResponse.of(200, "ok")).withUpstreams("auth");
        var plugin =
                wasm.plugin(b -> b.withHttpUpstream(upstream).withPluginConfiguration("nowhere"));

        try (var stream = plugin.newHttpStream()) {
            stream.sendRequestHeaders(REQUEST, true);

            assertThat(stream).sentLocalResponse(500, "http_call status 2");
        }
        assertThat(upstream.requests()).isEmpty();
    }
}
