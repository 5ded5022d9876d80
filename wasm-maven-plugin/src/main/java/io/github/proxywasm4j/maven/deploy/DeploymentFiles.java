package io.github.proxywasm4j.maven.deploy;

import io.github.proxywasm4j.maven.fs.AtomicFiles;
import java.nio.file.Path;
import java.util.List;

/** Writes the deployment files of a filter into a directory, each atomically. */
public final class DeploymentFiles {

    /** The files written and the warnings for the user. */
    public record Written(Path envoyYaml, Path wasmPluginYaml, List<String> warnings) {
        public Written {
            warnings = List.copyOf(warnings);
        }
    }

    private DeploymentFiles() {}

    /** Writes {@code envoy.yaml} and {@code <name>-wasmplugin.yaml} into {@code directory}. */
    public static Written write(Deployment deployment, Path directory) {
        var envoy = envoyYaml(directory);
        var plugin = wasmPluginYaml(deployment.resourceName(), directory);
        AtomicFiles.writeString(envoy, EnvoyYaml.render(deployment));
        var rendered = IstioWasmPlugin.render(deployment);
        AtomicFiles.writeString(plugin, rendered.yaml());
        return new Written(envoy, plugin, rendered.warnings());
    }

    static Path envoyYaml(Path directory) {
        return directory.resolve("envoy.yaml");
    }

    static Path wasmPluginYaml(String resourceName, Path directory) {
        return directory.resolve(resourceName + "-wasmplugin.yaml");
    }
}
