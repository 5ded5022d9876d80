package io.github.proxywasm4j.host.internal.limits;

import io.github.proxywasm4j.host.LogEntry;
import io.github.proxywasm4j.host.LogLevel;
import java.util.ArrayDeque;
import java.util.List;
import java.util.Optional;

/**
 * The log records a plugin keeps for {@code plugin.logs()}: the newest ones, within a count and a
 * byte limit; the oldest go first. Thread-safe.
 */
public final class LogRing {
    private final ArrayDeque<LogEntry> entries = new ArrayDeque<>();
    private final long maxEntries;
    private final long maxBytes;
    private long bytes;

    public LogRing(long maxEntries, long maxBytes) {
        this.maxEntries = maxEntries;
        this.maxBytes = maxBytes;
    }

    public synchronized void add(LogEntry entry) {
        entries.addLast(entry);
        bytes += size(entry);
        while (entries.size() > maxEntries || (bytes > maxBytes && entries.size() > 1)) {
            bytes -= size(entries.removeFirst());
        }
    }

    public synchronized List<LogEntry> snapshot() {
        return List.copyOf(entries);
    }

    public synchronized void clear() {
        entries.clear();
        bytes = 0;
    }

    /** The text of the newest record at this level or above. */
    public synchronized Optional<String> lastAtLeast(LogLevel level) {
        var it = entries.descendingIterator();
        while (it.hasNext()) {
            var e = it.next();
            if (e.level().code() >= level.code()) {
                return Optional.of(e.message());
            }
        }
        return Optional.empty();
    }

    /** The bytes held, counting a character as a byte (Latin-1 strings hold one each). */
    public synchronized long bytes() {
        return bytes;
    }

    private static long size(LogEntry e) {
        return e.message().length() + 16L;
    }
}
