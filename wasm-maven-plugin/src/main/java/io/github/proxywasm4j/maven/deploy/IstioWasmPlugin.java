package io.github.proxywasm4j.maven.deploy;

import io.github.proxywasm4j.maven.WasmBuildException;
import io.github.proxywasm4j.maven.filter.PluginConfiguration;
import java.util.Map;

/**
 * Renders an Istio {@code extensions.istio.io/v1alpha1} {@code WasmPlugin}: {@code pluginName} is
 * the root id, {@code pluginConfig} the configuration (a JSON object), {@code failStrategy}
 * Istio's spelling of the failure policy, and {@code url} with {@code sha256} where the module
 * comes from.
 */
public final class IstioWasmPlugin {

    private IstioWasmPlugin() {}

    /**
     * The WasmPlugin for {@code deployment}. With an image it points at {@code oci://<image>} and
     * the image's manifest digest (what istio-agent checks after the pull); without one at the
     * module file ({@code file://}) and the module's own SHA-256.
     *
     * @throws WasmBuildException when the configuration is not empty and not a JSON object:
     *     Istio could not give it to the filter
     */
    public static String render(Deployment d) {
        String url;
        String sha256;
        if (d.image().isPresent()) {
            // ImageName has made sure that istiod's url.Parse reads this (a registry host)
            url = "oci://" + d.image().get();
            sha256 = d.imageDigest().map(s -> s.replaceFirst("^sha256:", "")).orElse(null);
        } else {
            url = "file://" + d.module().toAbsolutePath();
            sha256 = d.sha256();
        }
        var out = new StringBuilder();
        out.append("# Istio WasmPlugin for ")
                .append(d.name())
                .append(": kubectl apply -f <this file>\n");
        out.append("apiVersion: extensions.istio.io/v1alpha1\n");
        out.append("kind: WasmPlugin\n");
        out.append("metadata:\n");
        out.append("  name: ").append(d.resourceName()).append('\n');
        out.append("spec:\n");
        out.append("  # No selector: the plugin applies to every workload of the namespace.\n");
        out.append("  url: ").append(YamlText.quote(url)).append('\n');
        if (sha256 != null) {
            out.append("  sha256: ").append(sha256).append('\n');
        }
        out.append("  imagePullPolicy: IfNotPresent\n");
        out.append("  pluginName: ").append(YamlText.quote(d.rootId())).append('\n');
        out.append("  failStrategy: ").append(failStrategy(d)).append('\n');
        var config = d.pluginConfiguration();
        if (!config.istioCanPass()) {
            throw new WasmBuildException(notJson(config));
        }
        var object = config.jsonObject().orElse(Map.of());
        // istiod passes no configuration at all for an empty pluginConfig, nor does envoy.yaml
        if (!object.isEmpty()) {
            out.append("  pluginConfig:\n");
            YamlText.block(out, "    ", object);
        }
        return out.toString();
    }

    // Istio spells the closed policy FAIL_CLOSE, Envoy FAIL_CLOSED.
    static String failStrategy(Deployment d) {
        return switch (d.failurePolicy()) {
            case FAIL_CLOSED -> "FAIL_CLOSE";
            case FAIL_OPEN -> "FAIL_OPEN";
            case FAIL_RELOAD -> "FAIL_RELOAD";
        };
    }

    /** The build error for a configuration Istio cannot give the filter. */
    static String notJson(PluginConfiguration config) {
        return "the plugin configuration "
                + YamlText.quote(config.text())
                + " is not a JSON object, and the Istio WasmPlugin can only carry a JSON object"
                + " (pluginConfig): under Istio the filter would get nothing, under Envoy this"
                + " text; fix: make <pluginConfiguration> (-Dwasm.pluginConfiguration) a JSON"
                + " object, e.g. {\"value\": "
                + YamlText.quote(config.text())
                + "}, and read it as JSON in the filter";
    }
}
