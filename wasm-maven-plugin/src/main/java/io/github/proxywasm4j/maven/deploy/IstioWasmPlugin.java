package io.github.proxywasm4j.maven.deploy;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.snakeyaml.engine.v2.api.Load;
import org.snakeyaml.engine.v2.api.LoadSettings;
import org.snakeyaml.engine.v2.exceptions.YamlEngineException;

/**
 * Renders an Istio {@code extensions.istio.io/v1alpha1} {@code WasmPlugin}: {@code pluginName} is
 * the root id, {@code pluginConfig} the configuration (a JSON object), {@code failStrategy}
 * Istio's spelling of the failure policy, and {@code url} with {@code sha256} where the module
 * comes from.
 */
public final class IstioWasmPlugin {

    /** The rendered YAML and the warnings for the user (e.g. a configuration Istio cannot pass). */
    public record Rendered(String yaml, List<String> warnings) {
        public Rendered {
            warnings = List.copyOf(warnings);
        }
    }

    private IstioWasmPlugin() {}

    /**
     * The WasmPlugin for {@code deployment}. With an image it points at {@code oci://<image>} and
     * the image's manifest digest (what istio-agent checks after the pull); without one at the
     * module file ({@code file://}) and the module's own SHA-256.
     */
    public static Rendered render(Deployment d) {
        var warnings = new ArrayList<String>();
        String url;
        String sha256;
        if (d.image().isPresent()) {
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
        var config = d.configuration();
        if (!config.isEmpty()) {
            var object = jsonObject(config);
            if (object.isPresent()) {
                out.append("  pluginConfig:\n");
                YamlText.block(out, "    ", object.get());
            } else {
                var message =
                        "the plugin configuration "
                                + YamlText.quote(config)
                                + " is not a JSON object, and Istio's pluginConfig can only pass"
                                + " one (as JSON text) to the filter; the WasmPlugin has no"
                                + " pluginConfig. Fix: make the configuration a JSON object and"
                                + " parse it in the filter";
                warnings.add(message);
                out.append("  # pluginConfig left out: ").append(message).append('\n');
            }
        }
        return new Rendered(out.toString(), warnings);
    }

    // Istio spells the closed policy FAIL_CLOSE, Envoy FAIL_CLOSED.
    static String failStrategy(Deployment d) {
        return switch (d.failurePolicy()) {
            case FAIL_CLOSED -> "FAIL_CLOSE";
            case FAIL_OPEN -> "FAIL_OPEN";
            case FAIL_RELOAD -> "FAIL_RELOAD";
        };
    }

    static Optional<Map<?, ?>> jsonObject(String text) {
        var trimmed = text.trim();
        if (!trimmed.startsWith("{")) {
            return Optional.empty();
        }
        try {
            var value = new Load(LoadSettings.builder().build()).loadFromString(trimmed);
            return value instanceof Map<?, ?> m ? Optional.of(m) : Optional.empty();
        } catch (YamlEngineException e) {
            return Optional.empty();
        }
    }
}
