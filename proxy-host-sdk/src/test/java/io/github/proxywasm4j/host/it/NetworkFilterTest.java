package io.github.proxywasm4j.host.it;

import static io.github.proxywasm4j.host.junit.ProxyWasmAssertions.assertThat;

import io.github.proxywasm4j.host.FailurePolicy;
import io.github.proxywasm4j.host.FilterAction;
import io.github.proxywasm4j.host.LogLevel;
import io.github.proxywasm4j.host.abi.PeerType;
import io.github.proxywasm4j.host.junit.ProxyWasmExtension;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The Go-SDK shaped TCP filter (wat/go_sdk_like_tcp.wat): ABI 0.2.0, _start, network callbacks. */
class NetworkFilterTest {

    @RegisterExtension
    static final ProxyWasmExtension wasm =
            ProxyWasmExtension.forModule(TestModules.path(TestModules.GO_SDK_LIKE_TCP))
                    .withRootId("tcp")
                    .withPlugin(b -> b.withLogLevel(LogLevel.INFO))
                    .build();

    @Test
    @DisplayName("_start runs once; its stderr output becomes an ERROR log")
    void startWritesToStderr() {
        var plugin = wasm.plugin();

        assertThat(plugin.logs(LogLevel.ERROR)).containsExactly("tcp filter started");
    }

    @Test
    @DisplayName("data in both directions passes through the filter, which rewrites it")
    void dataBothWays() {
        var plugin = wasm.plugin();
        var connection = plugin.newTcpConnection();

        assertThat(connection.newConnection()).isEqualTo(FilterAction.CONTINUE);
        assertThat(connection.sendDownstreamData("ping", false)).isEqualTo(FilterAction.CONTINUE);
        assertThat(connection.sendUpstreamData("pong", false)).isEqualTo(FilterAction.CONTINUE);

        assertThat(connection)
                .isFlowing()
                .hasDownstreamData("[wasm]ping")
                .hasUpstreamData("pong[/wasm]");
        assertThat(plugin)
                .hasCounter("tcp_connections", 1)
                .hasLog(LogLevel.INFO, "new connection " + connection.contextId() + " from ")
                .hasLog(LogLevel.INFO, "downstream 4 eos 0: ping")
                .hasLog(LogLevel.INFO, "upstream 4 eos 0: pong");
        connection.close();
    }

    @Test
    @DisplayName("downstream close runs on_downstream_connection_close, then done, log, delete")
    void teardownOrder() {
        var plugin = wasm.plugin();
        var connection = plugin.newTcpConnection();
        connection.newConnection();
        int id = connection.contextId();

        connection.closeDownstream(PeerType.REMOTE);

        assertThat(plugin.logs(LogLevel.INFO))
                .containsSubsequence(
                        "downstream close 2",
                        "tcp done " + id,
                        "tcp log " + id,
                        "tcp delete " + id);
    }

    @Test
    @DisplayName("upstream end of stream also reports the upstream close (peer UNKNOWN)")
    void upstreamEndOfStream() {
        var plugin = wasm.plugin();
        var connection = plugin.newTcpConnection();
        connection.newConnection();

        connection.sendUpstreamData("bye", true);

        assertThat(plugin.logs(LogLevel.INFO))
                .containsSubsequence("upstream 3 eos 1: bye", "upstream close 0");
        connection.close();
    }

    @Test
    @DisplayName("close_stream(DOWNSTREAM) from the filter closes the connection")
    void filterClosesConnection() {
        var plugin = wasm.plugin();
        var connection = plugin.newTcpConnection();
        connection.newConnection();

        connection.sendUpstreamData("close please", false);

        assertThat(connection).wasClosedByFilter();
    }

    @Test
    @DisplayName("FAIL_CLOSED: a trap in a data callback closes the connection")
    void trapFailClosed() {
        var plugin = wasm.plugin(b -> b.withFailurePolicy(FailurePolicy.FAIL_CLOSED));
        var connection = plugin.newTcpConnection();
        connection.newConnection();

        connection.sendDownstreamData("trap now", false);

        assertThat(connection).wasClosedByFilter();
        assertThat(plugin).hasFailedWith("proxy_on_downstream_data");
    }

    @Test
    @DisplayName("FAIL_OPEN: after a trap the bytes pass through unmodified")
    void trapFailOpen() {
        var plugin = wasm.plugin(b -> b.withFailurePolicy(FailurePolicy.FAIL_OPEN));
        var connection = plugin.newTcpConnection();
        connection.newConnection();

        var action = connection.sendDownstreamData("trap now", false);
        connection.sendUpstreamData("reply", false);

        assertThat(action).isEqualTo(FilterAction.CONTINUE);
        assertThat(connection).isFlowing().hasDownstreamData("trap now").hasUpstreamData("reply");
        assertThat(plugin.failure()).isPresent();
        connection.close();
    }

    @Test
    @DisplayName("connections are independent; the counter counts each")
    void severalConnections() {
        var plugin = wasm.plugin();
        for (int i = 0; i < 3; i++) {
            try (var connection = plugin.newTcpConnection()) {
                connection.newConnection();
                connection.sendDownstreamData("n" + i, false);
                assertThat(connection).hasDownstreamData("[wasm]n" + i);
            }
        }
        assertThat(plugin).hasCounter("tcp_connections", 3);
    }

    @Test
    @DisplayName(
            "close_stream from the filter closes the connection after the callback as Envoy does"
                    + " (context.cc closeStream): a LOCAL close event, then done, log, delete;"
                    + " later data no longer reaches the filter")
    void filterCloseRunsTheCloseEventAndTeardown() {
        var plugin = wasm.plugin();
        var connection = plugin.newTcpConnection();
        connection.newConnection();
        int id = connection.contextId();

        assertThat(connection.sendUpstreamData("close please", false))
                .isEqualTo(FilterAction.CLOSED);

        assertThat(plugin.logs(LogLevel.INFO))
                .containsSubsequence(
                        "upstream 12 eos 0: close please",
                        "downstream close 1",
                        "tcp done " + id,
                        "tcp log " + id,
                        "tcp delete " + id);
        plugin.clearLogs();
        assertThat(connection.sendDownstreamData("late", false)).isEqualTo(FilterAction.CLOSED);
        connection.closeDownstream(PeerType.REMOTE);
        assertThat(plugin.logs(LogLevel.INFO)).isEmpty();
    }

    @Test
    @DisplayName("FAIL_CLOSED: the closed connection takes no more data and runs no callbacks")
    void failClosedEndsTheConnection() {
        var plugin = wasm.plugin(b -> b.withFailurePolicy(FailurePolicy.FAIL_CLOSED));
        var connection = plugin.newTcpConnection();
        connection.newConnection();
        connection.sendDownstreamData("trap now", false);
        plugin.clearLogs();

        assertThat(connection.sendUpstreamData("reply", false)).isEqualTo(FilterAction.CLOSED);
        assertThat(plugin.logs(LogLevel.INFO)).isEmpty();
    }

    @Test
    @DisplayName(
            "data before newConnection() or after end of stream is refused, as Envoy never sends"
                    + " it")
    void ordersEnvoyCannotProduceAreRefused() {
        var plugin = wasm.plugin();
        var connection = plugin.newTcpConnection();
        org.assertj.core.api.Assertions.assertThatThrownBy(
                        () -> connection.sendDownstreamData("early", false))
                .isInstanceOf(IllegalStateException.class)
                .hasMessage(
                        "downstream data sent before the connection started: Envoy calls"
                                + " proxy_on_new_connection first; fix: call newConnection()"
                                + " first");
        connection.newConnection();
        connection.sendDownstreamData("last", true);
        org.assertj.core.api.Assertions.assertThatThrownBy(
                        () -> connection.sendDownstreamData("more", false))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageStartingWith("downstream data sent after its end of stream");
        connection.close();
    }
}
