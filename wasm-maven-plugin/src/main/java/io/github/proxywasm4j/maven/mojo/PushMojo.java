package io.github.proxywasm4j.maven.mojo;

import io.github.proxywasm4j.maven.BuildLog;
import io.github.proxywasm4j.maven.WasmBuildException;
import io.github.proxywasm4j.maven.image.WasmImage;
import java.io.File;
import org.apache.maven.plugins.annotations.Mojo;
import org.apache.maven.plugins.annotations.Parameter;
import org.apache.maven.settings.Settings;

/**
 * Pushes the module to a registry as an OCI image in Istio's compat layout (one {@code tar+gzip}
 * layer holding {@code plugin.wasm}). Credentials come from the settings.xml {@code <server>}
 * whose id is the registry ({@code host} or {@code host:port}); without one the push is
 * anonymous. The pushed manifest digest equals the one of the archive {@code wasm:package} wrote.
 *
 * <p>Example: {@code mvn wasm:push -Dwasm.image=127.0.0.1:5000/add-header:1.0}
 */
@Mojo(name = "push", threadSafe = true)
public final class PushMojo extends AbstractWasmMojo {

    /**
     * The image reference to push, {@code host[:port]/repository:tag}.
     *
     * @since 0.1.0
     */
    @Parameter(property = "wasm.image")
    String image;

    /**
     * The module to push (the output of {@code wasm:package}).
     *
     * @since 0.1.0
     */
    @Parameter(
            property = "wasm.artifactFile",
            defaultValue = "${project.build.directory}/${project.artifactId}.wasm")
    File artifactFile;

    /**
     * Allows a registry over plain HTTP or with an unverified certificate. Loopback registries
     * are always allowed.
     *
     * @since 0.1.0
     */
    @Parameter(property = "wasm.allowInsecureRegistries", defaultValue = "false")
    boolean allowInsecureRegistries;

    @Parameter(defaultValue = "${project.build.directory}", readonly = true)
    File buildDirectory;

    @Parameter(defaultValue = "${settings}", readonly = true)
    Settings settings;

    @Override
    void run(BuildLog log) {
        if (image == null || image.isBlank()) {
            throw new WasmBuildException(
                    "no image to push to; fix: set -Dwasm.image=host:port/repository:tag, e.g."
                            + " -Dwasm.image=127.0.0.1:5000/add-header:1.0");
        }
        var builder =
                WasmImage.builder(artifactFile.toPath(), image)
                        .withCacheDirectory(buildDirectory.toPath().resolve("jib-cache"))
                        .withAllowInsecureRegistries(allowInsecureRegistries)
                        .withLog(log::warn);
        var registry = image.substring(0, Math.max(0, image.indexOf('/')));
        var server = settings == null ? null : settings.getServer(registry);
        if (server == null && registry.contains(":") && settings != null) {
            server = settings.getServer(registry.substring(0, registry.indexOf(':')));
        }
        if (server != null && server.getUsername() != null) {
            log.info("Using the credentials of settings.xml server '" + server.getId() + "'");
            builder.withCredentials(
                    server.getUsername(), server.getPassword() == null ? "" : server.getPassword());
        }
        var result = builder.build().push();
        log.info("Pushed " + result.reference() + " (" + result.digest() + ")");
        log.info(
                "WasmPlugin: url: oci://" + result.reference() + "  sha256: " + result.digestHex());
    }
}
