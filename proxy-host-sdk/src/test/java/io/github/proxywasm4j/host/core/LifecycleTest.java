package io.github.proxywasm4j.host.core;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.proxywasm4j.host.Headers;
import io.github.proxywasm4j.host.LogLevel;
import io.github.proxywasm4j.host.ProxyWasmPlugin;
import io.github.proxywasm4j.host.abi.PeerType;
import org.junit.jupiter.api.Test;

class LifecycleTest {
    private final ProxyWasmPlugin plugin =
            ProxyWasmPlugin.builder(ProbeModules.lifecycle()).build();

    @Test
    void startsTheRootContextAsEnvoyDoes() {
        assertThat(plugin.logs(LogLevel.INFO))
                .containsExactly("on_context_create", "on_vm_start", "on_configure");
    }

    @Test
    void drivesAnHttpStreamAndTearsItDownInEnvoyHttpOrder() {
        plugin.clearLogs();
        var stream = plugin.newHttpStream();

        stream.sendRequestHeaders(Headers.of(":path", "/"), false);
        stream.sendRequestBody("a", false);
        stream.sendRequestTrailers(Headers.of("t", "1"));
        stream.sendResponseHeaders(Headers.of(":status", "200"), false);
        stream.sendResponseBody("b", false);
        stream.sendResponseTrailers(Headers.of("t", "2"));
        stream.complete();

        assertThat(plugin.logs(LogLevel.INFO))
                .containsExactly(
                        "on_context_create",
                        "on_request_headers",
                        "on_request_body",
                        "on_request_trailers",
                        "on_response_headers",
                        "on_response_body",
                        "on_response_trailers",
                        "on_log",
                        "on_done",
                        "on_delete");
    }

    @Test
    void aStreamThatNeverReachedTheFilterIsCreatedForTheLogPhase() {
        plugin.clearLogs();

        plugin.newHttpStream().complete();

        assertThat(plugin.logs(LogLevel.INFO))
                .containsExactly("on_context_create", "on_log", "on_done", "on_delete");
    }

    @Test
    void drivesATcpConnectionAndTearsItDownInEnvoyTcpOrder() {
        plugin.clearLogs();
        var connection = plugin.newTcpConnection();

        connection.newConnection();
        connection.sendDownstreamData("ping", false);
        connection.sendUpstreamData("pong", true);
        connection.closeDownstream(PeerType.REMOTE);

        assertThat(plugin.logs(LogLevel.INFO))
                .containsExactly(
                        "on_context_create",
                        "on_new_connection",
                        "on_downstream_data",
                        "on_upstream_data",
                        "on_upstream_connection_close",
                        "on_downstream_connection_close",
                        "on_done",
                        "on_log",
                        "on_delete");
    }

    @Test
    void closingThePluginEndsTheRootContext() {
        plugin.clearLogs();

        plugin.close();

        assertThat(plugin.logs(LogLevel.INFO)).containsExactly("on_done", "on_delete");
    }
}
