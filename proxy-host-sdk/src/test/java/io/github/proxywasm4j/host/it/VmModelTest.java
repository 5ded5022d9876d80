package io.github.proxywasm4j.host.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.proxywasm4j.host.Headers;
import io.github.proxywasm4j.host.LogLevel;
import io.github.proxywasm4j.host.VirtualClock;
import io.github.proxywasm4j.host.junit.ProxyWasmExtension;
import io.github.proxywasm4j.host.upstream.HttpCallResponse;
import io.github.proxywasm4j.host.upstream.StubHttpUpstream;
import java.time.Duration;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Envoy's VM model: plugins whose VM key matches share one VM per thread, each with its root
 * context (cpp-host src/wasm.cc {@code makeVmKey}, {@code WasmBase::start}); shared data and
 * queues are scoped by VM id across the proxy (src/shared_data.cc, src/shared_queue.cc,
 * src/context.cc {@code lookupSharedQueue}). The plugins of one test form one proxy.
 */
class VmModelTest {
    @RegisterExtension
    static final ProxyWasmExtension singleton =
            ProxyWasmExtension.forModule(TestModules.path(TestModules.SINGLETON))
                    .withPlugin(b -> b.withLogLevel(LogLevel.INFO))
                    .build();

    @RegisterExtension
    static final ProxyWasmExtension addHeader =
            ProxyWasmExtension.forModule(TestModules.path(TestModules.ADD_HEADER))
                    .withRootId("add_header")
                    .build();

    static final Headers REQUEST = Headers.of(":method", "GET", ":path", "/", ":authority", "a");

    @Test
    @DisplayName(
            "two plugins with the same VM id, code and VM configuration share one VM: the second"
                    + " root context starts in it")
    void matchingPluginsShareAVm() {
        var service = singleton.plugin(b -> b.withRootId("singleton_service").withVmId("shared"));
        var filter = singleton.plugin(b -> b.withRootId("http_filter").withVmId("shared"));

        assertThat(service.vmCount()).isEqualTo(1);
        assertThat(filter.vmCount()).isZero();
        assertThat(service.logs(LogLevel.INFO))
                .containsExactly("singleton_service root 1 vm_start");
        // Context id 2: the filter's root context is the second context of the same VM.
        assertThat(filter.logs(LogLevel.INFO)).containsExactly("http_filter root 2 vm_start");
    }

    @Test
    @DisplayName("a different VM id (or VM configuration) gets a VM of its own")
    void differentVmIdGetsItsOwnVm() {
        singleton.plugin(b -> b.withRootId("singleton_service").withVmId("shared"));
        var filter = singleton.plugin(b -> b.withRootId("http_filter").withVmId("other"));
        var configured =
                singleton.plugin(
                        b ->
                                b.withRootId("http_filter")
                                        .withVmId("shared")
                                        .withVmConfiguration("x"));

        assertThat(filter.vmCount()).isEqualTo(1);
        assertThat(configured.vmCount()).isEqualTo(1);
    }

    @Test
    @DisplayName(
            "the singleton pattern: a service root context ticks, calls out and writes shared"
                    + " data; the filter root context reads it")
    void singletonServiceFeedsTheFilter() {
        var clock = VirtualClock.create();
        var upstream = StubHttpUpstream.replying(HttpCallResponse.of(200, "v1"));
        var service =
                singleton.plugin(
                        b ->
                                b.withRootId("singleton_service")
                                        .withVmId("shared")
                                        .withClock(clock)
                                        .withHttpUpstream(upstream));
        var filter =
                singleton.plugin(
                        b -> b.withRootId("http_filter").withVmId("shared").withClock(clock));

        try (var before = filter.newHttpStream()) {
            before.sendRequestHeaders(REQUEST, true);
            assertThat(before.requestHeaders().get("x-config")).hasValue("none");
        }
        clock.advance(Duration.ofSeconds(1));

        assertThat(upstream.requests()).hasSize(1);
        try (var after = filter.newHttpStream()) {
            after.sendRequestHeaders(REQUEST, true);
            assertThat(after.requestHeaders().get("x-config")).hasValue("v1");
            assertThat(after.requestHeaders().get("x-ticks")).hasValue("1");
        }
        assertThat(service.tickPeriod()).isEqualTo(Duration.ofSeconds(1));
        assertThat(filter.tickPeriod()).isZero();
    }

    @Test
    @DisplayName(
            "shared data is scoped by VM id across the proxy, and proxy_resolve_shared_queue"
                    + " finds the queue of another VM")
    void queuesAndDataAcrossVms() {
        var service = singleton.plugin(b -> b.withRootId("singleton_service").withVmId("shared"));
        var other = singleton.plugin(b -> b.withRootId("http_filter").withVmId("other"));
        service.sharedState().set("shared", "config", "shared-only".getBytes());

        try (var stream = other.newHttpStream()) {
            stream.sendRequestHeaders(
                    REQUEST.with("x-event", "hello").with("x-event-vm", "shared"), true);

            assertThat(stream.requestHeaders().get("x-enqueue")).hasValue("0");
            assertThat(stream.requestHeaders().get("x-config")).hasValue("none");
        }
        assertThat(service.sharedState().getString("shared", "event")).hasValue("hello");
    }

    @Test
    @DisplayName(
            "a new plugin configuration starts a new root context in the same VM: new streams"
                    + " see it, a stream in flight keeps the old one (Envoy's configuration"
                    + " update)")
    void reconfigureLikeEnvoy() {
        var plugin = addHeader.plugin(b -> b.withPluginConfiguration("{\"value\": \"one\"}"));
        var inFlight = plugin.newHttpStream();
        inFlight.sendRequestHeaders(REQUEST, true);

        plugin.reconfigure("{\"value\": \"two\"}");

        try (var fresh = plugin.newHttpStream()) {
            fresh.sendRequestHeaders(REQUEST, true);
            fresh.sendResponseHeaders(Headers.of(":status", "200"), true);
            assertThat(fresh.responseHeaders().get("hello")).hasValue("two");
        }
        inFlight.sendResponseHeaders(Headers.of(":status", "200"), true);
        assertThat(inFlight.responseHeaders().get("hello")).hasValue("one");
        inFlight.complete();
        assertThat(plugin.vmCount()).isEqualTo(1);
    }
}
