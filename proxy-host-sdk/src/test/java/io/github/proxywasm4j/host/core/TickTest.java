package io.github.proxywasm4j.host.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.proxywasm4j.host.LogLevel;
import io.github.proxywasm4j.host.ProxyWasmPlugin;
import io.github.proxywasm4j.host.VirtualClock;
import io.github.proxywasm4j.host.core.ProbeModules.Behaviour;
import io.github.proxywasm4j.host.internal.time.VirtualScheduler;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import org.junit.jupiter.api.Test;

class TickTest {
    @Test
    void ticksFireOnlyWhenTheVirtualClockAdvances() {
        var clock = VirtualClock.create();
        var plugin =
                ProxyWasmPlugin.builder(ProbeModules.module(Behaviour.OK, true))
                        .withClock(clock)
                        .build();

        assertThat(plugin.tickPeriod()).isEqualTo(Duration.ofMillis(100));
        assertThat(plugin.logs(LogLevel.INFO)).isEmpty();

        clock.advance(Duration.ofMillis(99));
        assertThat(plugin.logs(LogLevel.INFO)).isEmpty();

        clock.advance(Duration.ofMillis(251));
        assertThat(plugin.logs(LogLevel.INFO)).containsExactly("tick", "tick", "tick");
    }

    @Test
    void theSystemClockDrivesTicksFromARealTimer() throws InterruptedException {
        var plugin = ProxyWasmPlugin.builder(ProbeModules.module(Behaviour.OK, true)).build();
        try {
            long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
            while (plugin.logs(LogLevel.INFO).size() < 2 && System.nanoTime() < deadline) {
                Thread.sleep(20);
            }
            assertThat(plugin.logs(LogLevel.INFO)).startsWith("tick", "tick");
        } finally {
            plugin.close();
        }
    }

    @Test
    void noTicksAfterThePluginClosed() {
        var clock = VirtualClock.create();
        var plugin =
                ProxyWasmPlugin.builder(ProbeModules.module(Behaviour.OK, true))
                        .withClock(clock)
                        .build();
        plugin.close();

        clock.advance(Duration.ofSeconds(1));

        assertThat(plugin.logs(LogLevel.INFO)).isEmpty();
    }

    @Test
    void virtualTimeIsWhatThePluginReadsAndStartsWhereAsked() {
        var clock = VirtualClock.startingAt(Instant.parse("2030-05-06T07:08:09Z"));
        clock.advanceMillis(1500);

        assertThat(clock.now()).isEqualTo(Instant.parse("2030-05-06T07:08:10.500Z"));
        assertThat(clock.monotonicNanos()).isEqualTo(1_500_000_000L);
    }

    @Test
    void dueTasksRunInTimeOrderWithTiesInSchedulingOrder() {
        var scheduler = new VirtualScheduler(0);
        var order = new ArrayList<String>();
        scheduler.schedule(30, () -> order.add("c@30"));
        scheduler.schedule(10, () -> order.add("a@10"));
        scheduler.schedule(10, () -> order.add("b@10"));
        var cancelled = scheduler.schedule(20, () -> order.add("cancelled"));
        cancelled.cancel();

        scheduler.advance(25);
        assertThat(order).containsExactly("a@10", "b@10");
        assertThat(scheduler.now()).isEqualTo(25);

        scheduler.advance(5);
        assertThat(order).containsExactly("a@10", "b@10", "c@30");
    }

    @Test
    void aTaskScheduledByATaskRunsInTheSameAdvanceWhenDue() {
        var scheduler = new VirtualScheduler(0);
        var times = new ArrayList<Long>();
        Runnable[] repeat = new Runnable[1];
        repeat[0] =
                () -> {
                    times.add(scheduler.now());
                    scheduler.schedule(10, repeat[0]);
                };
        scheduler.schedule(10, repeat[0]);

        scheduler.advance(35);

        assertThat(times).containsExactly(10L, 20L, 30L);
    }

    @Test
    void timeCannotGoBack() {
        assertThatThrownBy(() -> VirtualClock.create().advance(Duration.ofMillis(-1)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage(
                        "a virtual clock cannot go back, got an advance of -1000000 ns; fix: pass a"
                                + " positive duration");
    }
}
