package io.github.proxywasm4j.maven.mojo;

import io.github.proxywasm4j.maven.BuildLog;
import io.github.proxywasm4j.maven.WasmBuildException;
import io.github.proxywasm4j.maven.image.ImageLabels;
import io.github.proxywasm4j.maven.image.ImageName;
import io.github.proxywasm4j.maven.image.WasmImage;
import java.io.File;
import org.apache.maven.plugins.annotations.Mojo;
import org.apache.maven.plugins.annotations.Parameter;
import org.apache.maven.project.MavenProject;
import org.apache.maven.settings.Settings;

/**
 * Pushes the module to a registry as an OCI image in Istio's compat layout (one {@code tar+gzip}
 * layer holding {@code plugin.wasm}). Credentials come from the settings.xml {@code <server>}
 * whose id is the registry ({@code host} or {@code host:port}); without one the push is
 * anonymous. The pushed manifest digest equals the one of the archive {@code wasm:package} wrote
 * with the same {@code -Dwasm.image}.
 *
 * <p>Example: {@code mvn package wasm:push -Dwasm.image=127.0.0.1:5000/add-header:1.0}
 */
@Mojo(name = "push", threadSafe = true)
public final class PushMojo extends AbstractWasmMojo {

    /**
     * The image to push, {@code REGISTRY/REPOSITORY:TAG} with a registry host: the same setting
     * {@code wasm:package} names in the WasmPlugin and the OCI archive, so set it once for both
     * ({@code mvn package wasm:push -Dwasm.image=...}, or {@code <image>} in the plugin's
     * configuration).
     *
     * <p>Example: {@code -Dwasm.image=registry.example.com/filters/my-filter:1.0}
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

    @Parameter(defaultValue = "${project}", readonly = true)
    MavenProject project;

    @Override
    void run(BuildLog log) {
        var name =
                ImageSettings.image(image)
                        .orElseThrow(
                                () ->
                                        new WasmBuildException(
                                                "no image to push to; fix: set "
                                                        + ImageSettings.SETTING
                                                        + "=REGISTRY/REPOSITORY:TAG (or <image> in"
                                                        + " the plugin's configuration, which"
                                                        + " wasm:package uses too), e.g. "
                                                        + ImageSettings.SETTING
                                                        + "="
                                                        + ImageName.EXAMPLE));
        var builder =
                WasmImage.builder(artifactFile.toPath(), name.reference())
                        .withCacheDirectory(buildDirectory.toPath().resolve("jib-cache"))
                        .withAllowInsecureRegistries(allowInsecureRegistries)
                        .withLabels(
                                project == null
                                        ? ImageLabels.toolOnly()
                                        : ImageSettings.labels(project))
                        .withLog(log::warn);
        var registry = name.registry();
        var server = settings == null ? null : settings.getServer(registry);
        if (server == null && registry.contains(":") && settings != null) {
            server = settings.getServer(registry.substring(0, registry.lastIndexOf(':')));
        }
        if (server != null && server.getUsername() != null) {
            log.info("Using the credentials of settings.xml server '" + server.getId() + "'");
            builder.withCredentials(
                    server.getId(),
                    server.getUsername(),
                    server.getPassword() == null ? "" : server.getPassword());
        }
        var result = builder.build().push();
        log.info("Pushed " + result.reference() + " (" + result.digest() + ")");
        log.info(
                "WasmPlugin: url: oci://" + result.reference() + "  sha256: " + result.digestHex());
    }
}
