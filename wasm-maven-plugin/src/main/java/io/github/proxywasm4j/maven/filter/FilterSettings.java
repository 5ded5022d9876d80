package io.github.proxywasm4j.maven.filter;

import io.github.proxywasm4j.host.FailurePolicy;
import java.util.Locale;
import java.util.Objects;

/**
 * What the filter is given wherever it runs ({@code wasm:run}, {@code envoy.yaml}, the Istio
 * WasmPlugin): its root id, its plugin configuration and the failure policy. Immutable.
 *
 * @param rootId the name the filter passes to {@code registerRootContext}
 * @param configuration the plugin configuration
 * @param failurePolicy what happens to requests after the filter's VM fails
 */
public record FilterSettings(
        String rootId, PluginConfiguration configuration, FailurePolicy failurePolicy) {

    public FilterSettings {
        Objects.requireNonNull(rootId, "rootId");
        Objects.requireNonNull(configuration, "configuration");
        Objects.requireNonNull(failurePolicy, "failurePolicy");
    }

    /** An empty root id and configuration, {@code FAIL_CLOSED}: Envoy's defaults. */
    public static FilterSettings defaults() {
        return of("", "", FailurePolicy.FAIL_CLOSED);
    }

    /** The settings as the pom spells them; {@code null} reads as empty. */
    public static FilterSettings of(
            String rootId, String configuration, FailurePolicy failurePolicy) {
        return new FilterSettings(
                rootId == null ? "" : rootId,
                PluginConfiguration.of(configuration == null ? "" : configuration),
                failurePolicy);
    }

    /**
     * Reads a failure policy as the pom spells it ({@code fail_open} too).
     *
     * @throws IllegalArgumentException naming the three values and the setting
     */
    public static FailurePolicy failurePolicy(String value) {
        try {
            return FailurePolicy.valueOf(value.trim().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(
                    "failurePolicy '"
                            + value
                            + "' is not one of FAIL_CLOSED, FAIL_OPEN, FAIL_RELOAD; fix: set"
                            + " <failurePolicy> (or -Dwasm.failurePolicy) to one of them");
        }
    }
}
