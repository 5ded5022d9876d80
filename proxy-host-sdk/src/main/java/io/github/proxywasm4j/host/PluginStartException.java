package io.github.proxywasm4j.host;

import java.util.Optional;

/**
 * The plugin did not start: instantiation, {@code _initialize}/{@code _start}, {@code
 * proxy_on_vm_start} or {@code proxy_on_configure} trapped or returned false.
 */
public final class PluginStartException extends ProxyWasmException {
    private static final long serialVersionUID = 1L;

    private final String rootId;
    private final String callback;
    private final String lastGuestLog;

    /** An exception for a start step that failed. */
    public PluginStartException(
            String message,
            String rootId,
            String callback,
            Optional<String> lastGuestLog,
            Throwable cause) {
        super(message, cause);
        this.rootId = rootId;
        this.callback = callback;
        this.lastGuestLog = lastGuestLog.orElse(null);
    }

    /** The plugin's root id. */
    public String rootId() {
        return rootId;
    }

    /** The step that failed, e.g. {@code proxy_on_configure}. */
    public String callback() {
        return callback;
    }

    /** The guest's last CRITICAL log, if any. */
    public Optional<String> lastGuestLog() {
        return Optional.ofNullable(lastGuestLog);
    }
}
