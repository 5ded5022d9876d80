package io.github.proxywasm4j.maven.mojo;

import io.github.proxywasm4j.localproxy.Endpoint;
import io.github.proxywasm4j.maven.BuildLog;
import io.github.proxywasm4j.maven.deploy.Packaging;
import java.io.File;
import javax.inject.Inject;
import org.apache.maven.plugins.annotations.LifecyclePhase;
import org.apache.maven.plugins.annotations.Mojo;
import org.apache.maven.plugins.annotations.Parameter;
import org.apache.maven.project.MavenProject;
import org.apache.maven.project.MavenProjectHelper;

/**
 * Makes the built module the project's artifact: copies it to {@code
 * target/<artifactId>.wasm} with a {@code .sha256} next to it. With {@code
 * <packaging>wasm</packaging>} it becomes the main artifact that {@code install} and {@code
 * deploy} publish; with another packaging it is attached with type {@code wasm}. Also writes the
 * OCI image archive, {@code envoy.yaml} and, with an image set ({@code -Dwasm.image}), the Istio
 * WasmPlugin; all of it is skipped, in one log line, when the module and every setting are
 * unchanged since the last run and the files exist.
 */
@Mojo(name = "package", defaultPhase = LifecyclePhase.PACKAGE, threadSafe = true)
public final class PackageMojo extends AbstractFilterMojo {
    /**
     * The module to package. Defaults to the output of {@code wasm:build}.
     * When {@code <outputFile>} of {@code wasm:build} is changed, set this to the same path.
     *
     * <p>Example: {@code -Dwasm.file=target/wasm/optimized.wasm}
     *
     * @since 0.1.0
     */
    @Parameter(
            property = "wasm.file",
            defaultValue = "${project.build.directory}/wasm/optimized.wasm")
    File file;

    /**
     * The artifact file written.
     *
     * <p>Example: {@code <artifactFile>${project.build.directory}/${project.build.finalName}.wasm</artifactFile>}
     *
     * @since 0.1.0
     */
    @Parameter(
            property = "wasm.artifactFile",
            defaultValue = "${project.build.directory}/${project.artifactId}.wasm")
    File artifactFile;

    @Parameter(defaultValue = "${project}", readonly = true)
    MavenProject project;

    private final MavenProjectHelper projectHelper;

    @Inject
    public PackageMojo(MavenProjectHelper projectHelper) {
        this.projectHelper = projectHelper;
    }

    /** Where the fingerprint of the last successful package step is kept. */
    @Parameter(defaultValue = "${project.build.directory}/wasm-state", readonly = true)
    File stateDirectory;

    @Parameter(defaultValue = "${plugin.version}", readonly = true)
    String pluginVersion;

    @Override
    void run(BuildLog log) {
        var result = Packaging.run(request(), log);
        // also when the outputs were up to date: install and deploy need the artifact set
        var artifact = result.artifactFile().toFile();
        if ("wasm".equals(project.getPackaging())) {
            project.getArtifact().setFile(artifact);
        } else {
            projectHelper.attachArtifact(project, "wasm", artifact);
        }
    }

    /**
     * The image the module ships in, {@code REGISTRY/REPOSITORY:TAG} with a registry host (a
     * name with a dot, {@code localhost} or an IP, optional numeric port): the same setting
     * {@code wasm:push} pushes to. It names the OCI archive's image and the WasmPlugin's {@code
     * url} ({@code oci://<image>}) and {@code sha256}. Without it no WasmPlugin is written, and
     * the build says how to set it: istiod drops a url without a registry host.
     *
     * <p>Example: {@code -Dwasm.image=registry.example.com/filters/my-filter:1.0}
     *
     * @since 0.1.0
     */
    @Parameter(property = "wasm.image")
    String image;

    /**
     * Where Envoy reads the module on its host: {@code vm_config.code.local.filename} in {@code
     * envoy.yaml}. By default the artifact's path on this machine, which runs locally.
     *
     * <p>Example: {@code -Dwasm.envoyModulePath=/etc/envoy/filters/my-filter.wasm}
     *
     * @since 0.1.0
     */
    @Parameter(property = "wasm.envoyModulePath")
    String envoyModulePath;

    /**
     * Where Envoy sends requests after the filter, {@code host:port}: the {@code web_service}
     * cluster of {@code envoy.yaml} ({@code STATIC} for an IP, {@code STRICT_DNS} for a name). By
     * default Envoy's own admin listener, so the file answers locally without another server.
     *
     * <p>Example: {@code -Dwasm.envoyUpstream=backend.default.svc:8080}
     *
     * @since 0.1.0
     */
    @Parameter(property = "wasm.envoyUpstream")
    String envoyUpstream;

    private Packaging.Request request() {
        return Packaging.builder(
                        file.toPath(),
                        artifactFile.toPath(),
                        project.getArtifactId(),
                        project.getVersion())
                .withFilter(filterSettings())
                .withImage(ImageSettings.image(image).orElse(null))
                .withLabels(ImageSettings.labels(project))
                .withEnvoyModulePath(envoyModulePath)
                .withEnvoyUpstream(
                        envoyUpstream == null || envoyUpstream.isBlank()
                                ? null
                                : Endpoint.parse(envoyUpstream.strip()))
                .withStateDirectory(stateDirectory.toPath())
                .withPluginVersion(pluginVersion)
                .build();
    }
}
