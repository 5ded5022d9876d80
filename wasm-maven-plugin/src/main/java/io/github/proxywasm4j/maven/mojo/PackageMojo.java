package io.github.proxywasm4j.maven.mojo;

import io.github.proxywasm4j.maven.BuildLog;
import io.github.proxywasm4j.maven.deploy.Packaging;
import java.io.File;
import java.util.Locale;
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
 * OCI image archive, {@code envoy.yaml} and the Istio WasmPlugin; all of it is skipped, in one log
 * line, when the module and every setting are unchanged since the last run and the files exist.
 */
@Mojo(name = "package", defaultPhase = LifecyclePhase.PACKAGE, threadSafe = true)
public final class PackageMojo extends AbstractWasmMojo {
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
     * The root id written into the Envoy bootstrap ({@code root_id}) and the Istio WasmPlugin
     * ({@code pluginName}): the name the filter passes to {@code registerRootContext}.
     *
     * @since 0.1.0
     */
    @Parameter(property = "wasm.rootId", defaultValue = "")
    String rootId;

    /**
     * The plugin configuration written into the Envoy bootstrap (a StringValue) and, when it is a
     * JSON object, the WasmPlugin's {@code pluginConfig}.
     *
     * @since 0.1.0
     */
    @Parameter(property = "wasm.pluginConfiguration", defaultValue = "")
    String pluginConfiguration;

    /**
     * The failure policy written into the deployment files: {@code FAIL_CLOSED}, {@code
     * FAIL_OPEN} or {@code FAIL_RELOAD}.
     *
     * @since 0.1.0
     */
    @Parameter(property = "wasm.failurePolicy", defaultValue = "FAIL_CLOSED")
    String failurePolicy;

    /**
     * The image reference of the OCI image written to {@code target/<artifactId>-oci.tar} and
     * named by the WasmPlugin; {@code wasm:push} pushes the same image. Default: {@code
     * <artifactId>:<version>}.
     *
     * @since 0.1.0
     */
    @Parameter(property = "wasm.image")
    String image;

    private Packaging.Request request() {
        var reference =
                image != null && !image.isBlank()
                        ? image
                        : project.getArtifactId().toLowerCase(Locale.ROOT)
                                + ":"
                                + project.getVersion();
        return new Packaging.Request(
                file.toPath(),
                artifactFile.toPath(),
                project.getArtifactId(),
                project.getVersion(),
                rootId == null ? "" : rootId,
                pluginConfiguration == null ? "" : pluginConfiguration,
                RunMojo.failurePolicy(failurePolicy),
                reference,
                stateDirectory.toPath(),
                pluginVersion);
    }
}
