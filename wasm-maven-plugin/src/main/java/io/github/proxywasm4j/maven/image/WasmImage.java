package io.github.proxywasm4j.maven.image;

import com.google.cloud.tools.jib.api.Containerizer;
import com.google.cloud.tools.jib.api.ImageReference;
import com.google.cloud.tools.jib.api.InvalidImageReferenceException;
import com.google.cloud.tools.jib.api.Jib;
import com.google.cloud.tools.jib.api.JibContainer;
import com.google.cloud.tools.jib.api.JibEvent;
import com.google.cloud.tools.jib.api.LogEvent;
import com.google.cloud.tools.jib.api.RegistryAuthenticationFailedException;
import com.google.cloud.tools.jib.api.RegistryImage;
import com.google.cloud.tools.jib.api.RegistryUnauthorizedException;
import com.google.cloud.tools.jib.api.TarImage;
import com.google.cloud.tools.jib.api.buildplan.AbsoluteUnixPath;
import com.google.cloud.tools.jib.api.buildplan.FileEntriesLayer;
import com.google.cloud.tools.jib.api.buildplan.ImageFormat;
import com.google.cloud.tools.jib.registry.RegistryCredentialsNotSentException;
import io.github.proxywasm4j.maven.WasmBuildException;
import io.github.proxywasm4j.maven.fs.AtomicFiles;
import java.io.IOException;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.function.Consumer;

/**
 * A filter module as an OCI image in Istio's "compat" layout: one {@code tar+gzip} layer holding
 * {@code plugin.wasm}, built with jib-core. The image is reproducible (fixed timestamps), so the
 * archive written at {@code package} and the image pushed later have the same manifest digest.
 *
 * <pre>{@code
 * var image = WasmImage.builder(Path.of("target/add-header.wasm"), "127.0.0.1:5000/add-header:1.0")
 *     .withCacheDirectory(Path.of("target/jib-cache"))
 *     .build();
 * image.writeArchive(Path.of("target/add-header-oci.tar"));
 * image.push();
 * }</pre>
 */
public final class WasmImage {

    /** The file name Istio looks for in the last layer. */
    public static final String PLUGIN_FILE = "plugin.wasm";

    private final Path module;
    private final String reference;
    private final Path cacheDirectory;
    private final Optional<String[]> credentials;
    private final Optional<String> serverId;
    private final boolean allowInsecure;
    private final Consumer<String> log;
    private final ImageLabels labels;
    private volatile boolean quietFailover;

    private WasmImage(Builder b) {
        this.module = b.module;
        this.reference = b.reference;
        this.cacheDirectory = b.cacheDirectory;
        this.credentials = Optional.ofNullable(b.credentials);
        this.serverId = Optional.ofNullable(b.serverId);
        this.allowInsecure = b.allowInsecure;
        this.log = b.log;
        this.labels = b.labels;
    }

    /** A builder for the image of {@code module} named {@code reference} ({@code host/repo:tag}). */
    public static Builder builder(Path module, String reference) {
        return new Builder(module, reference);
    }

    /** Writes the image as an OCI image-layout archive (a tar with {@code index.json}). */
    public ImageResult writeArchive(Path archive) {
        var ref = parse();
        try {
            Files.createDirectories(archive.toAbsolutePath().getParent());
            var tmp =
                    Files.createTempFile(
                            archive.toAbsolutePath().getParent(),
                            "." + archive.getFileName(),
                            ".tmp");
            try {
                var container = containerize(Containerizer.to(TarImage.at(tmp).named(ref)));
                AtomicFiles.move(tmp, archive);
                return new ImageResult(ref.toString(), container.getDigest().toString());
            } finally {
                Files.deleteIfExists(tmp);
            }
        } catch (IOException e) {
            throw new WasmBuildException(
                    "cannot write the image archive " + archive + ": " + e.getMessage(), e);
        }
    }

    /** Pushes the image to its registry. */
    public ImageResult push() {
        var ref = parse();
        var target = RegistryImage.named(ref);
        credentials.ifPresent(c -> target.addCredential(c[0], c[1]));
        var loopback = isLoopback(ref);
        quietFailover = loopback;
        if (loopback && credentials.isPresent()) {
            // jib never sends credentials over plain HTTP unless told to; on loopback they do not
            // leave the machine, which is where a registry without TLS usually runs.
            System.setProperty("sendCredentialsOverHttp", "true");
        }
        var containerizer =
                Containerizer.to(target).setAllowInsecureRegistries(allowInsecure || loopback);
        var container = containerize(containerizer);
        return new ImageResult(ref.toString(), container.getDigest().toString());
    }

    private JibContainer containerize(Containerizer containerizer) {
        if (!Files.isRegularFile(module)) {
            throw new WasmBuildException(
                    "the module "
                            + module
                            + " does not exist; fix: run mvn package first (or set wasm.file)");
        }
        containerizer
                // the history's created_by: this plugin, not jib-core
                .setToolName(ImageLabels.toolName())
                .setToolVersion(ImageLabels.toolVersion())
                .setBaseImageLayersCache(cacheDirectory.resolve("base"))
                .setApplicationLayersCache(cacheDirectory.resolve("application"))
                .addEventHandler(LogEvent.class, this::onLog);
        try {
            return Jib.fromScratch()
                    .setFormat(ImageFormat.OCI)
                    .setCreationTime(Instant.EPOCH)
                    .setLabels(labels.labels())
                    .addFileEntriesLayer(
                            FileEntriesLayer.builder()
                                    .setName("wasm")
                                    .addEntry(module, AbsoluteUnixPath.get("/" + PLUGIN_FILE))
                                    .build())
                    .containerize(containerizer);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new WasmBuildException("interrupted while building the image " + reference, e);
        } catch (ExecutionException e) {
            throw failure(e.getCause() == null ? e : e.getCause());
        } catch (Exception e) {
            throw failure(e);
        }
    }

    private WasmBuildException failure(Throwable e) {
        if ((e instanceof RegistryUnauthorizedException
                        || e instanceof RegistryAuthenticationFailedException)
                && credentials.isPresent()) {
            var registry = parse().getRegistry();
            var server = serverId.orElse(registry);
            return new WasmBuildException(
                    "credentials rejected for server "
                            + server
                            + ": the registry "
                            + registry
                            + " refused "
                            + reference
                            + " with the <username> and <password> of settings.xml server '"
                            + server
                            + "' ("
                            + e.getMessage()
                            + "); fix: correct them in that <server> (or the account's rights to"
                            + " push to this repository)",
                    e);
        }
        if (e instanceof RegistryUnauthorizedException
                || e instanceof RegistryAuthenticationFailedException) {
            var registry = parse().getRegistry();
            return new WasmBuildException(
                    "the registry "
                            + registry
                            + " refused "
                            + reference
                            + " without credentials (no settings.xml <server> has the id "
                            + registry
                            + "); fix: add a <server> with <id>"
                            + registry
                            + "</id>, <username> and <password> to your settings.xml",
                    e);
        }
        if (e instanceof RegistryCredentialsNotSentException) {
            return new WasmBuildException(
                    "the registry of "
                            + reference
                            + " speaks plain HTTP, and credentials are only sent over HTTPS (or to"
                            + " a loopback registry); fix: serve the registry over HTTPS, or run"
                            + " with -DsendCredentialsOverHttp=true if the network is trusted",
                    e);
        }
        return new WasmBuildException(
                "cannot build or push the image "
                        + reference
                        + ": "
                        + e
                        + "; fix: check that the registry is reachable and the reference is right",
                e);
    }

    private ImageReference parse() {
        try {
            return ImageReference.parse(reference);
        } catch (InvalidImageReferenceException e) {
            throw new WasmBuildException(
                    "'"
                            + reference
                            + "' is not an image reference; fix: use host:port/repository:tag,"
                            + " e.g. -Dwasm.image=127.0.0.1:5000/add-header:1.0",
                    e);
        }
    }

    private void onLog(JibEvent event) {
        var e = (LogEvent) event;
        if (e.getLevel() != LogEvent.Level.WARN && e.getLevel() != LogEvent.Level.ERROR) {
            return;
        }
        // jib tries HTTPS first on every call; for a loopback registry plain HTTP is expected.
        if (quietFailover && e.getMessage().contains("Attempting again with")) {
            return;
        }
        log.accept(e.getMessage());
    }

    // A registry on this machine speaks plain HTTP as a rule (docker treats loopback the same way).
    private static boolean isLoopback(ImageReference ref) {
        var host = ref.getRegistry().replaceFirst(":[0-9]+$", "");
        try {
            return host.equals("localhost") || InetAddress.getByName(host).isLoopbackAddress();
        } catch (UnknownHostException e) {
            return false;
        }
    }

    /** Builds a {@link WasmImage}. */
    public static final class Builder {
        private final Path module;
        private final String reference;
        private Path cacheDirectory;
        private String[] credentials;
        private String serverId;
        private boolean allowInsecure;
        private Consumer<String> log = s -> {};
        private ImageLabels labels = ImageLabels.toolOnly();

        private Builder(Path module, String reference) {
            this.module = Objects.requireNonNull(module, "module");
            this.reference = Objects.requireNonNull(reference, "reference");
        }

        /** Where jib keeps its layer cache; defaults to a {@code jib-cache} beside the module. */
        public Builder withCacheDirectory(Path cacheDirectory) {
            this.cacheDirectory = Objects.requireNonNull(cacheDirectory, "cacheDirectory");
            return this;
        }

        /**
         * Credentials from the settings.xml server {@code serverId}, named when the registry
         * rejects them.
         */
        public Builder withCredentials(String serverId, String username, String password) {
            this.serverId = Objects.requireNonNull(serverId, "serverId");
            return withCredentials(username, password);
        }

        public Builder withCredentials(String username, String password) {
            this.credentials =
                    new String[] {
                        Objects.requireNonNull(username, "username"),
                        Objects.requireNonNull(password, "password")
                    };
            return this;
        }

        /** Allows plain HTTP and unverified TLS to the registry (always allowed on loopback). */
        public Builder withAllowInsecureRegistries(boolean allowInsecure) {
            this.allowInsecure = allowInsecure;
            return this;
        }

        /** The image's labels; by default only the tool label. */
        public Builder withLabels(ImageLabels labels) {
            this.labels = Objects.requireNonNull(labels, "labels");
            return this;
        }

        /** Receives jib's warnings and errors. */
        public Builder withLog(Consumer<String> log) {
            this.log = Objects.requireNonNull(log, "log");
            return this;
        }

        public WasmImage build() {
            if (cacheDirectory == null) {
                cacheDirectory = module.toAbsolutePath().getParent().resolve("jib-cache");
            }
            return new WasmImage(this);
        }
    }
}
