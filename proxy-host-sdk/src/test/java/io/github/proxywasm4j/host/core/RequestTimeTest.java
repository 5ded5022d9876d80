package io.github.proxywasm4j.host.core;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.proxywasm4j.host.Headers;
import io.github.proxywasm4j.host.ProxyWasmPlugin;
import io.github.proxywasm4j.host.VirtualClock;
import io.github.proxywasm4j.host.core.ProbeModules.Behaviour;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/** {@code request.time}: when the request headers were sent, whenever it is read. */
class RequestTimeTest {
    private static final Headers REQUEST = Headers.of(":method", "GET", ":path", "/");

    private static long int64(byte[] b) {
        return ByteBuffer.wrap(b).order(ByteOrder.LITTLE_ENDIAN).getLong();
    }

    @Test
    void aModuleThatReadsPropertiesGetsTheTimeTheHeadersWereSentReadLater() throws Exception {
        // This module imports proxy_get_property, so the host reads the clock with the headers.
        var plugin = ProxyWasmPlugin.builder(ProbeModules.module(Behaviour.OK, false)).build();
        var stream = plugin.newHttpStream();
        var before = Instant.now();
        stream.sendRequestHeaders(REQUEST, true);
        var after = Instant.now();
        Thread.sleep(50);

        var time = int64(stream.property("request.time").orElseThrow());
        var nanos = before.getEpochSecond() * 1_000_000_000L + before.getNano();
        var afterNanos = after.getEpochSecond() * 1_000_000_000L + after.getNano();
        assertThat(time).isBetween(nanos, afterNanos);
        var duration = int64(stream.property("request.duration").orElseThrow());
        assertThat(duration).isGreaterThanOrEqualTo(Duration.ofMillis(50).toNanos());
    }

    @Test
    void withAVirtualClockItIsTheVirtualTimeOfTheHeadersEvenForAModuleThatCannotReadIt() {
        // lifecycle() imports only proxy_log.
        var clock = VirtualClock.startingAt(Instant.parse("2030-01-02T03:04:05Z"));
        var plugin = ProxyWasmPlugin.builder(ProbeModules.lifecycle()).withClock(clock).build();
        var stream = plugin.newHttpStream();
        stream.sendRequestHeaders(REQUEST, true);
        clock.advance(Duration.ofSeconds(7));

        var start = Instant.parse("2030-01-02T03:04:05Z");
        assertThat(int64(stream.property("request.time").orElseThrow()))
                .isEqualTo(start.getEpochSecond() * 1_000_000_000L);
        assertThat(int64(stream.property("request.duration").orElseThrow()))
                .isEqualTo(Duration.ofSeconds(7).toNanos());
    }

    @Test
    void beforeTheRequestHeadersThereIsNone() {
        var plugin = ProxyWasmPlugin.builder(ProbeModules.lifecycle()).build();
        var stream = plugin.newHttpStream();

        assertThat(stream.property("request.time")).isEmpty();
    }
}
