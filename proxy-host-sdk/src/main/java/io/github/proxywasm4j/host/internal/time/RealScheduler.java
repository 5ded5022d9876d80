package io.github.proxywasm4j.host.internal.time;

import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/** Wall-clock timers on one shared daemon thread; tasks only post events to VMs. */
public final class RealScheduler implements Scheduler {
    private static final RealScheduler SHARED = new RealScheduler();

    private final ScheduledExecutorService executor =
            Executors.newSingleThreadScheduledExecutor(
                    r -> {
                        var t = new Thread(r, "proxywasm4j-timers");
                        t.setDaemon(true);
                        return t;
                    });

    private RealScheduler() {}

    public static RealScheduler shared() {
        return SHARED;
    }

    @Override
    public Cancellable schedule(long delayNanos, Runnable task) {
        var future = executor.schedule(task, Math.max(0, delayNanos), TimeUnit.NANOSECONDS);
        return () -> future.cancel(false);
    }
}
