package io.github.proxywasm4j.maven.deploy;

import io.github.proxywasm4j.host.FailurePolicy;
import io.github.proxywasm4j.maven.BuildLog;
import io.github.proxywasm4j.maven.WasmBuildException;
import io.github.proxywasm4j.maven.artifact.ModulePackager;
import io.github.proxywasm4j.maven.fingerprint.Fingerprint;
import io.github.proxywasm4j.maven.fingerprint.FingerprintStore;
import io.github.proxywasm4j.maven.fs.Digests;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Objects;

/**
 * The whole {@code package} step: the artifact copy and its checksum, the OCI image archive and
 * the deployment files. Skipped when the module and every package setting are unchanged since
 * the last successful run and every output is still there; any change rewrites all of them.
 */
public final class Packaging {

    /**
     * What the package step reads.
     *
     * @param module the built module
     * @param artifactFile where the artifact copy goes; the other outputs go beside it
     * @param name the artifactId, naming the deployment files
     * @param version the project version
     * @param rootId the root id of the deployment files
     * @param configuration the plugin configuration of the deployment files
     * @param failurePolicy the failure policy of the deployment files
     * @param image the image reference of the archive
     * @param stateDirectory where the fingerprint of the last successful run is kept
     * @param pluginVersion part of the fingerprint: a new plugin rewrites the outputs
     */
    public record Request(
            Path module,
            Path artifactFile,
            String name,
            String version,
            String rootId,
            String configuration,
            FailurePolicy failurePolicy,
            String image,
            Path stateDirectory,
            String pluginVersion) {
        public Request {
            Objects.requireNonNull(module, "module");
            Objects.requireNonNull(artifactFile, "artifactFile");
            Objects.requireNonNull(name, "name");
            Objects.requireNonNull(version, "version");
            Objects.requireNonNull(rootId, "rootId");
            Objects.requireNonNull(configuration, "configuration");
            Objects.requireNonNull(failurePolicy, "failurePolicy");
            Objects.requireNonNull(image, "image");
            Objects.requireNonNull(stateDirectory, "stateDirectory");
            Objects.requireNonNull(pluginVersion, "pluginVersion");
        }
    }

    /**
     * What the step left behind.
     *
     * @param artifactFile the artifact, to set on the project
     * @param upToDate whether the outputs were already current and nothing was written
     * @param fingerprint the fingerprint of the inputs
     */
    public record Result(Path artifactFile, boolean upToDate, String fingerprint) {}

    private Packaging() {}

    public static Result run(Request request, BuildLog log) {
        var module = request.module();
        if (!Files.isRegularFile(module)) {
            throw new WasmBuildException(
                    "No module to package at "
                            + module
                            + "; fix: run the build first (mvn package runs wasm:build), or set"
                            + " -Dwasm.file to the module");
        }
        var artifact = request.artifactFile().toAbsolutePath();
        var directory = artifact.getParent();
        var fingerprint = fingerprint(request, artifact, Digests.sha256Hex(module));
        var stamp = FingerprintStore.at(request.stateDirectory().resolve("package.sha256"));
        if (stamp.matches(fingerprint)
                && outputs(request.name(), artifact).stream().allMatch(Files::isRegularFile)) {
            log.info(
                    "Package outputs in "
                            + directory
                            + " are up to date (module and settings unchanged, fingerprint "
                            + fingerprint.substring(0, 12)
                            + "); artifact, image and deployment files not rewritten");
            return new Result(artifact, true, fingerprint);
        }
        // a run that fails half way must not leave a stamp vouching for mixed outputs
        stamp.clear();
        var packaged = ModulePackager.pack(module, artifact);
        log.info("Packaged " + packaged.file() + " (sha256 " + packaged.sha256() + ")");
        var deployment =
                Deployment.builder(request.name(), artifact, packaged.sha256())
                        .withRootId(request.rootId())
                        .withConfiguration(request.configuration())
                        .withFailurePolicy(request.failurePolicy())
                        .build();
        Shipping.write(deployment, request.image(), directory, log);
        // the bytes actually copied, in case the module changed since it was hashed above
        fingerprint = fingerprint(request, artifact, packaged.sha256());
        stamp.write(fingerprint);
        return new Result(artifact, false, fingerprint);
    }

    /** Every file the step writes, each of which must exist for a skip. */
    static List<Path> outputs(String name, Path artifact) {
        var files = Shipping.files(name, artifact.getParent());
        return List.of(
                artifact,
                artifact.resolveSibling(artifact.getFileName() + ".sha256"),
                files.get(0),
                files.get(1),
                files.get(2));
    }

    private static String fingerprint(Request request, Path artifact, String sha256) {
        return Fingerprint.builder()
                .withValue("plugin", request.pluginVersion())
                .withValue("module.sha256", sha256)
                .withValue("artifactFile", artifact.toString())
                .withValue("name", request.name())
                .withValue("version", request.version())
                .withValue("rootId", request.rootId())
                .withValue("configuration", request.configuration())
                .withValue("failurePolicy", request.failurePolicy().name())
                .withValue("image", request.image())
                .build();
    }
}
