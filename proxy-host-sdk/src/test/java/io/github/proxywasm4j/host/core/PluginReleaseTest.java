package io.github.proxywasm4j.host.core;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.proxywasm4j.host.Headers;
import io.github.proxywasm4j.host.ProxyWasmPlugin;
import java.lang.ref.WeakReference;
import org.junit.jupiter.api.Test;

class PluginReleaseTest {

    @Test
    void aClosedPluginIsNotKeptAliveByTheThreadThatUsedIt() throws InterruptedException {
        // Test suites build thousands of plugins on one thread: the thread must not pin their VMs.
        var released = buildUseAndClose();

        for (int i = 0; i < 50 && released.get() != null; i++) {
            System.gc();
            Thread.sleep(20);
        }

        assertThat(released.get()).as("plugin reachable after close").isNull();
    }

    private static WeakReference<ProxyWasmPlugin> buildUseAndClose() {
        var plugin = ProxyWasmPlugin.builder(ProbeModules.lifecycle()).build();
        try (var stream = plugin.newHttpStream()) {
            stream.sendRequestHeaders(Headers.of(":method", "GET", ":path", "/"), true);
        }
        plugin.close();
        return new WeakReference<>(plugin);
    }
}
