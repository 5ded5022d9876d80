package io.github.proxywasm4j.host;

import java.util.Objects;

/**
 * One log record of a plugin: from {@code proxy_log}, from the guest's stdout (INFO) or stderr
 * (ERROR), or from the host about the plugin.
 *
 * @param level the level
 * @param message the text
 */
public record LogEntry(LogLevel level, String message) {
    public LogEntry {
        Objects.requireNonNull(level, "level");
        Objects.requireNonNull(message, "message");
    }

    /** A record at a level. */
    public static LogEntry of(LogLevel level, String message) {
        return new LogEntry(level, message);
    }

    @Override
    public String toString() {
        return "[" + level + "] " + message;
    }
}
