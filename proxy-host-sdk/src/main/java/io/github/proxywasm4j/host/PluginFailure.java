package io.github.proxywasm4j.host;

import java.util.Objects;
import java.util.Optional;

/**
 * Why a plugin's VM failed.
 *
 * @param rootId the plugin's root id
 * @param callback the guest function that was running, e.g. {@code proxy_on_request_headers}
 * @param reason what happened, e.g. {@code trap: unreachable} or {@code proc_exit(255)}
 * @param lastGuestLog the guest's last ERROR or CRITICAL log (for AssemblyScript the abort
 *     message with file and line), if any
 */
public record PluginFailure(
        String rootId, String callback, String reason, Optional<String> lastGuestLog) {
    public PluginFailure {
        Objects.requireNonNull(rootId, "rootId");
        Objects.requireNonNull(callback, "callback");
        Objects.requireNonNull(reason, "reason");
        Objects.requireNonNull(lastGuestLog, "lastGuestLog");
    }

    /** One sentence for a person. */
    public String describe() {
        return "plugin '"
                + rootId
                + "' failed in "
                + callback
                + ": "
                + reason
                + lastGuestLog.map(l -> "; last guest log: " + l).orElse("");
    }

    @Override
    public String toString() {
        return describe();
    }
}
