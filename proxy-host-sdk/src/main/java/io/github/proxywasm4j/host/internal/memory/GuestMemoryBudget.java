package io.github.proxywasm4j.host.internal.memory;

import java.lang.ref.Cleaner;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The guest memory all VMs of this JVM hold, on the Java heap: a memory reserves its bytes before
 * it allocates them and gives them back when its VM closes, or when it is collected if nobody
 * closed it. Growing past the budget fails like growing past the page cap ({@code memory.grow}
 * answers -1), so a guest meets the limit the wasm spec gives it, never an OutOfMemoryError.
 */
public final class GuestMemoryBudget {
    private static final AtomicLong RESERVED = new AtomicLong();
    private static final Cleaner CLEANER = Cleaner.create();
    private static final long RECLAIM_INTERVAL_NANOS = 1_000_000_000L;
    private static final long RECLAIM_WAIT_NANOS = 200_000_000L;
    private static volatile long lastReclaim = System.nanoTime() - RECLAIM_INTERVAL_NANOS;

    private GuestMemoryBudget() {}

    /** Bytes reserved by all guest memories now. */
    public static long reserved() {
        return RESERVED.get();
    }

    /** One memory's share; released once, explicitly or by the cleaner. */
    static final class Account implements Runnable {
        private final AtomicLong held = new AtomicLong();
        private final long budget;

        Account(long budget) {
            this.budget = budget;
        }

        long budget() {
            return budget;
        }

        /** Reserves {@code bytes} more; false when that would pass the budget. */
        boolean reserve(long bytes) {
            if (tryReserve(bytes)) {
                return true;
            }
            // Memories of VMs nobody closed are released when collected: give them one chance,
            // at most once a second and for a bounded time, before refusing.
            long now = System.nanoTime();
            if (now - lastReclaim < RECLAIM_INTERVAL_NANOS) {
                return false;
            }
            lastReclaim = now;
            System.gc();
            long end = now + RECLAIM_WAIT_NANOS;
            while (System.nanoTime() < end) {
                if (tryReserve(bytes)) {
                    return true;
                }
                try {
                    Thread.sleep(5);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return false;
                }
            }
            return false;
        }

        private boolean tryReserve(long bytes) {
            while (true) {
                long cur = RESERVED.get();
                if (cur + bytes > budget) {
                    return false;
                }
                if (RESERVED.compareAndSet(cur, cur + bytes)) {
                    held.addAndGet(bytes);
                    return true;
                }
            }
        }

        @Override
        public void run() {
            RESERVED.addAndGet(-held.getAndSet(0));
        }
    }

    /** An account for one memory, released by the cleaner when {@code owner} is collected. */
    static Account open(Object owner, long budget) {
        var account = new Account(budget);
        CLEANER.register(owner, account);
        return account;
    }
}
