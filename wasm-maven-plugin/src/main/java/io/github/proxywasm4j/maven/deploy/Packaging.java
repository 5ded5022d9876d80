package io.github.proxywasm4j.maven.deploy;

import io.github.proxywasm4j.localproxy.Endpoint;
import io.github.proxywasm4j.maven.BuildLog;
import io.github.proxywasm4j.maven.WasmBuildException;
import io.github.proxywasm4j.maven.filter.FilterSettings;
import io.github.proxywasm4j.maven.fingerprint.Fingerprint;
import io.github.proxywasm4j.maven.fingerprint.FingerprintStore;
import io.github.proxywasm4j.maven.fs.AtomicFiles;
import io.github.proxywasm4j.maven.fs.Digests;
import io.github.proxywasm4j.maven.image.ImageLabels;
import io.github.proxywasm4j.maven.image.ImageName;
import io.github.proxywasm4j.maven.image.ImageResult;
import io.github.proxywasm4j.maven.image.WasmImage;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;

/**
 * The whole {@code package} step, in the order it runs: the artifact copy and its {@code .sha256},
 * the OCI image archive, {@code envoy.yaml}, and the Istio WasmPlugin (only with an image
 * reference istiod can use). Skipped when the module and every setting are unchanged since the
 * last successful run and every output is still there; any change rewrites all of them.
 */
public final class Packaging {

    /** What the package step reads; built with {@link #builder}. */
    public static final class Request {
        private final Path module;
        private final Path artifactFile;
        private final String name;
        private final String version;
        private final FilterSettings filter;
        private final Optional<ImageName> image;
        private final ImageLabels labels;
        private final Optional<String> envoyModulePath;
        private final Optional<Endpoint> envoyUpstream;
        private final Path stateDirectory;
        private final String pluginVersion;

        private Request(Builder b) {
            this.module = b.module;
            this.artifactFile = b.artifactFile;
            this.name = b.name;
            this.version = b.version;
            this.filter = b.filter;
            this.image = Optional.ofNullable(b.image);
            this.labels = b.labels == null ? ImageLabels.toolOnly() : b.labels;
            this.envoyModulePath = Optional.ofNullable(b.envoyModulePath);
            this.envoyUpstream = Optional.ofNullable(b.envoyUpstream);
            this.stateDirectory =
                    b.stateDirectory == null
                            ? artifactFile.toAbsolutePath().resolveSibling("wasm-state")
                            : b.stateDirectory;
            this.pluginVersion = b.pluginVersion == null ? "" : b.pluginVersion;
        }

        /** The built module. */
        public Path module() {
            return module;
        }

        /** Where the artifact copy goes; the other outputs go beside it. */
        public Path artifactFile() {
            return artifactFile;
        }

        /** The artifactId, naming the outputs. */
        public String name() {
            return name;
        }

        public String version() {
            return version;
        }

        /** Root id, plugin configuration and failure policy of the deployment files. */
        public FilterSettings filter() {
            return filter;
        }

        /** The image the WasmPlugin names; empty: no WasmPlugin, and a local archive name. */
        public Optional<ImageName> image() {
            return image;
        }

        /** The image's labels. */
        public ImageLabels labels() {
            return labels;
        }

        /** Where Envoy reads the module; empty for the artifact's own path. */
        public Optional<String> envoyModulePath() {
            return envoyModulePath;
        }

        /** Where Envoy sends requests after the filter; empty for its admin listener. */
        public Optional<Endpoint> envoyUpstream() {
            return envoyUpstream;
        }

        /** Where the fingerprint of the last successful run is kept. */
        public Path stateDirectory() {
            return stateDirectory;
        }

        /** Part of the fingerprint: a new plugin rewrites the outputs. */
        public String pluginVersion() {
            return pluginVersion;
        }

        /** The archive's image name: the image, or {@code <artifactId>:<version>} without one. */
        String archiveReference() {
            return image.map(ImageName::reference)
                    .orElse(name.toLowerCase(Locale.ROOT) + ":" + version);
        }
    }

    /** Builds a {@link Request}; everything not passed to {@link #builder} is optional. */
    public static final class Builder {
        private final Path module;
        private final Path artifactFile;
        private final String name;
        private final String version;
        private FilterSettings filter = FilterSettings.defaults();
        private ImageName image;
        private ImageLabels labels;
        private String envoyModulePath;
        private Endpoint envoyUpstream;
        private Path stateDirectory;
        private String pluginVersion;

        private Builder(Path module, Path artifactFile, String name, String version) {
            this.module = Objects.requireNonNull(module, "module");
            this.artifactFile = Objects.requireNonNull(artifactFile, "artifactFile");
            this.name = Objects.requireNonNull(name, "name");
            this.version = Objects.requireNonNull(version, "version");
        }

        public Builder withFilter(FilterSettings filter) {
            this.filter = Objects.requireNonNull(filter, "filter");
            return this;
        }

        /** The image the module ships in; {@code null} for none. */
        public Builder withImage(ImageName image) {
            this.image = image;
            return this;
        }

        public Builder withLabels(ImageLabels labels) {
            this.labels = Objects.requireNonNull(labels, "labels");
            return this;
        }

        /** Where Envoy reads the module on its host; {@code null} or blank for the artifact. */
        public Builder withEnvoyModulePath(String envoyModulePath) {
            this.envoyModulePath =
                    envoyModulePath == null || envoyModulePath.isBlank()
                            ? null
                            : envoyModulePath.strip();
            return this;
        }

        /** Where Envoy sends requests after the filter; {@code null} for its admin listener. */
        public Builder withEnvoyUpstream(Endpoint envoyUpstream) {
            this.envoyUpstream = envoyUpstream;
            return this;
        }

        public Builder withStateDirectory(Path stateDirectory) {
            this.stateDirectory = Objects.requireNonNull(stateDirectory, "stateDirectory");
            return this;
        }

        public Builder withPluginVersion(String pluginVersion) {
            this.pluginVersion = Objects.requireNonNull(pluginVersion, "pluginVersion");
            return this;
        }

        public Request build() {
            return new Request(this);
        }
    }

    /**
     * What the step left behind.
     *
     * @param artifactFile the artifact, to set on the project
     * @param upToDate whether the outputs were already current and nothing was written
     * @param fingerprint the fingerprint of the inputs
     * @param image the image reference and manifest digest; empty when up to date
     */
    public record Result(
            Path artifactFile, boolean upToDate, String fingerprint, Optional<ImageResult> image) {}

    private Packaging() {}

    /** A request for {@code module}, copied to {@code artifactFile}, of artifact {@code name}. */
    public static Builder builder(Path module, Path artifactFile, String name, String version) {
        return new Builder(module, artifactFile, name, version);
    }

    public static Result run(Request request, BuildLog log) {
        var module = request.module();
        if (!Files.isRegularFile(module)) {
            throw new WasmBuildException(
                    "No module to package at "
                            + module
                            + "; fix: run the build first (mvn package runs wasm:build), or set"
                            + " -Dwasm.file to the module");
        }
        if (request.image().isPresent() && !request.filter().configuration().istioCanPass()) {
            // before anything is written: a WasmPlugin would give the filter nothing
            throw new WasmBuildException(IstioWasmPlugin.notJson(request.filter().configuration()));
        }
        var artifact = request.artifactFile().toAbsolutePath();
        var directory = artifact.getParent();
        var fingerprint = fingerprint(request, artifact, Digests.sha256Hex(module));
        var stamp = FingerprintStore.at(request.stateDirectory().resolve("package.sha256"));
        if (stamp.matches(fingerprint)
                && outputs(request).stream().allMatch(Files::isRegularFile)) {
            log.info(
                    "Package outputs in "
                            + directory
                            + " are up to date (module and settings unchanged, fingerprint "
                            + fingerprint.substring(0, 12)
                            + "); artifact, image and deployment files not rewritten");
            noImageHint(request, log);
            return new Result(artifact, true, fingerprint, Optional.empty());
        }
        // a run that fails half way must not leave a stamp vouching for mixed outputs
        stamp.clear();
        var sha256 = copyArtifact(module, artifact);
        log.info("Packaged " + artifact + " (sha256 " + sha256 + ")");

        var archive = archive(request.name(), directory);
        var image =
                WasmImage.builder(artifact, request.archiveReference())
                        .withCacheDirectory(directory.resolve("jib-cache"))
                        .withLabels(request.labels())
                        .withLog(log::warn)
                        .build()
                        .writeArchive(archive);
        log.info("OCI image " + image.reference() + " (" + image.digest() + ") in " + archive);

        var deployment = deployment(request, artifact, sha256, image);
        var envoy = envoyYaml(directory);
        AtomicFiles.writeString(envoy, EnvoyYaml.render(deployment));
        var plugin = wasmPluginYaml(request.name(), directory);
        if (request.image().isPresent()) {
            AtomicFiles.writeString(plugin, IstioWasmPlugin.render(deployment));
            log.info("Envoy bootstrap " + envoy + ", Istio WasmPlugin " + plugin);
        } else {
            // one from an earlier run would name another image
            delete(plugin);
            log.info("Envoy bootstrap " + envoy);
            noImageHint(request, log);
        }
        // the bytes actually copied, in case the module changed since it was hashed above
        fingerprint = fingerprint(request, artifact, sha256);
        stamp.write(fingerprint);
        return new Result(artifact, false, fingerprint, Optional.of(image));
    }

    /** The one message for a build without an image setting: what is missing and how to set it. */
    static String noImageMessage(String name) {
        return "no Istio WasmPlugin written: it needs the image the module is pushed to, with a"
                + " registry host (istiod drops a url like oci://"
                + name.toLowerCase(Locale.ROOT)
                + ":1.0-SNAPSHOT); fix: set -Dwasm.image=REGISTRY/REPOSITORY:TAG (or <image> in"
                + " the plugin's configuration), e.g. -Dwasm.image="
                + ImageName.EXAMPLE
                + ", for both package and wasm:push";
    }

    private static void noImageHint(Request request, BuildLog log) {
        if (request.image().isEmpty()) {
            log.warn(noImageMessage(request.name()));
        }
    }

    private static Deployment deployment(
            Request request, Path artifact, String sha256, ImageResult image) {
        var settings = request.filter();
        var b =
                Deployment.builder(request.name(), artifact, sha256)
                        .withRootId(settings.rootId())
                        .withConfiguration(settings.configuration().text())
                        .withFailurePolicy(settings.failurePolicy())
                        .withEnvoyModulePath(request.envoyModulePath().orElse(null));
        request.envoyUpstream().ifPresent(b::withUpstream);
        if (request.image().isPresent()) {
            b.withImage(image.reference(), image.digest());
        }
        return b.build();
    }

    /** Copies the module to the artifact file and writes its {@code sha256sum} line beside it. */
    static String copyArtifact(Path module, Path artifact) {
        byte[] bytes;
        try {
            bytes = Files.readAllBytes(module);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + module, e);
        }
        var sha = Digests.sha256Hex(bytes);
        if (!module.toAbsolutePath().normalize().equals(artifact.toAbsolutePath().normalize())) {
            AtomicFiles.write(artifact, bytes);
        }
        // sha256sum's format, so `sha256sum -c` verifies a download
        AtomicFiles.writeString(checksum(artifact), sha + "  " + artifact.getFileName() + "\n");
        return sha;
    }

    /** Every file the step writes for {@code request}, each of which must exist for a skip. */
    static List<Path> outputs(Request request) {
        var artifact = request.artifactFile().toAbsolutePath();
        var directory = artifact.getParent();
        var files = new ArrayList<Path>();
        files.add(artifact);
        files.add(checksum(artifact));
        files.add(archive(request.name(), directory));
        files.add(envoyYaml(directory));
        if (request.image().isPresent()) {
            files.add(wasmPluginYaml(request.name(), directory));
        }
        return files;
    }

    static Path checksum(Path artifact) {
        return artifact.resolveSibling(artifact.getFileName() + ".sha256");
    }

    static Path archive(String name, Path directory) {
        return directory.resolve(Deployment.resourceName(name) + "-oci.tar");
    }

    static Path envoyYaml(Path directory) {
        return directory.resolve("envoy.yaml");
    }

    static Path wasmPluginYaml(String name, Path directory) {
        return directory.resolve(Deployment.resourceName(name) + "-wasmplugin.yaml");
    }

    private static void delete(Path file) {
        try {
            Files.deleteIfExists(file);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot delete the stale " + file, e);
        }
    }

    private static String fingerprint(Request request, Path artifact, String sha256) {
        var settings = request.filter();
        return Fingerprint.builder()
                .withValue("plugin", request.pluginVersion())
                .withValue("module.sha256", sha256)
                .withValue("artifactFile", artifact.toString())
                .withValue("name", request.name())
                .withValue("version", request.version())
                .withValue("rootId", settings.rootId())
                .withValue("configuration", settings.configuration().text())
                .withValue("failurePolicy", settings.failurePolicy().name())
                .withValue("image", request.image().map(ImageName::reference).orElse(""))
                .withValue("labels", request.labels().labels().toString())
                .withValue("envoyModulePath", request.envoyModulePath().orElse(""))
                .withValue(
                        "envoyUpstream", request.envoyUpstream().map(Endpoint::toString).orElse(""))
                .build();
    }
}
