package io.github.proxywasm4j.host.internal.vm;

import io.github.proxywasm4j.host.internal.time.Scheduler;

/**
 * The root context's timer ({@code proxy_set_tick_period_milliseconds} and {@code proxy_on_tick}):
 * one period per root context, rescheduled after each tick, stopped when the VM fails or closes.
 */
final class Ticks {
    private final ProxyVm vm;
    private final RootContext root;
    private int tickPeriodMillis;
    private Scheduler.Cancellable tickTimer;
    private long tickGeneration;

    Ticks(ProxyVm vm, RootContext root) {
        this.vm = vm;
        this.root = root;
    }

    void setTickPeriod(int millis) {
        tickPeriodMillis = millis;
        cancelTicks();
        if (millis > 0 && vm.alive()) {
            long gen = tickGeneration;
            scheduleTick(gen);
        }
    }

    int tickPeriodMillis() {
        return tickPeriodMillis;
    }

    private void scheduleTick(long gen) {
        // The timer holds the VM weakly: a plugin nobody closed stops ticking once collected.
        var ref = new java.lang.ref.WeakReference<>(this);
        tickTimer =
                root.settings
                        .scheduler()
                        .schedule(
                                tickPeriodMillis * 1_000_000L,
                                () -> {
                                    var ticks = ref.get();
                                    if (ticks != null) {
                                        ticks.vm.post(() -> ticks.onTickTimer(gen));
                                    }
                                });
    }

    private void onTickTimer(long gen) {
        if (gen == tickGeneration && vm.alive()) {
            scheduleTick(gen);
            vm.tick(root);
        }
    }

    void cancelTicks() {
        tickGeneration++;
        if (tickTimer != null) {
            tickTimer.cancel();
            tickTimer = null;
        }
    }
}
