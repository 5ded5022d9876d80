package io.github.proxywasm4j.host.junit;

import io.github.proxywasm4j.host.HttpStream;
import io.github.proxywasm4j.host.ProxyWasmPlugin;
import io.github.proxywasm4j.host.TcpConnection;
import org.assertj.core.api.Assertions;

/**
 * AssertJ entry points for filter tests; extends {@link Assertions}, so one static import serves
 * both.
 *
 * <pre>{@code
 * import static io.github.proxywasm4j.host.junit.ProxyWasmAssertions.assertThat;
 *
 * assertThat(stream).continued().hasResponseHeader("hello", "world!");
 * assertThat(stream).sentLocalResponse(403);
 * assertThat(plugin).hasCounter("requests_total", 3).hasNoFailure();
 * }</pre>
 */
public final class ProxyWasmAssertions extends Assertions {
    private ProxyWasmAssertions() {}

    /** Assertions on what the filter did to one HTTP stream. */
    public static HttpStreamAssert assertThat(HttpStream actual) {
        return new HttpStreamAssert(actual);
    }

    /** Assertions on a plugin: metrics, logs, failure. */
    public static PluginAssert assertThat(ProxyWasmPlugin actual) {
        return new PluginAssert(actual);
    }

    /** Assertions on what the filter did to one TCP connection. */
    public static TcpConnectionAssert assertThat(TcpConnection actual) {
        return new TcpConnectionAssert(actual);
    }
}
