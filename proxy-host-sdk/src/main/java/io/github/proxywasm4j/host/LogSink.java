package io.github.proxywasm4j.host;

/**
 * Receives every log record of a plugin at or above the plugin's log level, on the thread that ran
 * the guest. Records are also kept in {@link ProxyWasmPlugin#logs()}.
 */
@FunctionalInterface
public interface LogSink {
    /** Called once per record. */
    void log(String rootId, LogEntry entry);

    /** Discards records (they are still kept in {@link ProxyWasmPlugin#logs()}). */
    static LogSink none() {
        return (rootId, entry) -> {};
    }

    /** Prints records to {@code System.err} as {@code [LEVEL] root_id: message}. */
    static LogSink stderr() {
        return (rootId, entry) ->
                System.err.println("[" + entry.level() + "] " + rootId + ": " + entry.message());
    }
}
