package io.github.proxywasm4j.maven.mojo;

import io.github.proxywasm4j.maven.filter.FilterSettings;
import org.apache.maven.plugins.annotations.Parameter;

/**
 * The filter settings, declared once for every goal that hands them to the filter: {@code
 * wasm:run} and {@code wasm:package} (the generated {@code envoy.yaml} and WasmPlugin).
 */
abstract class AbstractFilterMojo extends AbstractWasmMojo {
    /**
     * The root id: the name the filter passes to {@code registerRootContext}. Envoy's {@code
     * root_id}, the WasmPlugin's {@code pluginName}.
     *
     * <p>Example: {@code <rootId>add_header</rootId>}
     *
     * @since 0.1.0
     */
    @Parameter(property = "wasm.rootId", defaultValue = "")
    String rootId;

    /**
     * The plugin configuration the filter reads in {@code onConfigure}. Make it a JSON object to
     * ship to Istio: the WasmPlugin carries it as {@code pluginConfig}, which istiod hands the
     * filter as compact JSON with sorted keys, and {@code envoy.yaml} carries that same text, so
     * the filter reads the same bytes under Envoy and Istio. Other text works with {@code
     * wasm:run} and {@code envoy.yaml}, and fails the build when an image (and so a WasmPlugin)
     * is set.
     *
     * <p>Example: {@code <pluginConfiguration>{"value": "what ever you want"}</pluginConfiguration>}
     *
     * @since 0.1.0
     */
    @Parameter(property = "wasm.pluginConfiguration", defaultValue = "")
    String pluginConfiguration;

    /**
     * What happens to requests after the filter's VM fails: {@code FAIL_CLOSED} (503), {@code
     * FAIL_OPEN} (skip the filter) or {@code FAIL_RELOAD} (a fresh VM). Istio spells the first
     * {@code FAIL_CLOSE} in the WasmPlugin.
     *
     * @since 0.1.0
     */
    @Parameter(property = "wasm.failurePolicy", defaultValue = "FAIL_CLOSED")
    String failurePolicy;

    /** The three settings above as one value. */
    final FilterSettings filterSettings() {
        return FilterSettings.of(
                rootId, pluginConfiguration, FilterSettings.failurePolicy(failurePolicy));
    }
}
