package io.github.proxywasm4j.maven.mojo;

import io.github.proxywasm4j.maven.BuildLog;
import io.github.proxywasm4j.maven.artifact.ModulePackager;
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
 * deploy} publish; with another packaging it is attached with type {@code wasm}.
 */
@Mojo(name = "package", defaultPhase = LifecyclePhase.PACKAGE, threadSafe = true)
public final class PackageMojo extends AbstractWasmMojo {
    /**
     * The module to package. Defaults to the output of {@code wasm:build}.
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

    @Override
    void run(BuildLog log) {
        var packaged = ModulePackager.pack(file.toPath(), artifactFile.toPath());
        if ("wasm".equals(project.getPackaging())) {
            project.getArtifact().setFile(packaged.file().toFile());
        } else {
            projectHelper.attachArtifact(project, "wasm", packaged.file().toFile());
        }
        log.info("Packaged " + packaged.file() + " (sha256 " + packaged.sha256() + ")");
    }
}
