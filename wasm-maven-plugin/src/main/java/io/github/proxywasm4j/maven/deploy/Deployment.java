package io.github.proxywasm4j.maven.deploy;

import io.github.proxywasm4j.host.FailurePolicy;
import io.github.proxywasm4j.localproxy.Endpoint;
import io.github.proxywasm4j.maven.filter.PluginConfiguration;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;

/**
 * What the deployment files describe: the module, its root id, configuration and failure policy,
 * where Envoy listens, and the image the module ships in. Immutable.
 *
 * <p>Like the seed's Envoy file, the generated bootstrap routes to Envoy's own admin listener
 * unless an upstream is given, so it answers without any other server.
 */
public final class Deployment {

    private final String name;
    private final Path module;
    private final String sha256;
    private final String rootId;
    private final String configuration;
    private final FailurePolicy failurePolicy;
    private final Endpoint listener;
    private final Endpoint admin;
    private final Optional<Endpoint> upstream;
    private final Optional<String> image;
    private final Optional<String> imageDigest;
    private final Optional<String> envoyModulePath;

    private Deployment(Builder b) {
        this.name = b.name;
        this.module = b.module;
        this.sha256 = b.sha256;
        this.rootId = b.rootId;
        this.configuration = b.configuration;
        this.failurePolicy = b.failurePolicy;
        this.listener = b.listener;
        this.admin = b.admin;
        this.upstream = Optional.ofNullable(b.upstream);
        this.image = Optional.ofNullable(b.image);
        this.imageDigest = Optional.ofNullable(b.imageDigest);
        this.envoyModulePath = Optional.ofNullable(b.envoyModulePath);
    }

    /**
     * A builder for the deployment of {@code module} (its SHA-256 in hex) under {@code name},
     * usually the artifactId.
     */
    public static Builder builder(String name, Path module, String sha256) {
        return new Builder(name, module, sha256);
    }

    public String name() {
        return name;
    }

    /** {@link #name()} as a Kubernetes resource name (lowercase letters, digits and '-'). */
    public String resourceName() {
        return resourceName(name);
    }

    static String resourceName(String name) {
        var s = name.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9-]+", "-");
        s = s.replaceAll("^-+|-+$", "");
        return s.isEmpty() ? "wasm-plugin" : s;
    }

    public Path module() {
        return module;
    }

    public String sha256() {
        return sha256;
    }

    public String rootId() {
        return rootId;
    }

    public String configuration() {
        return configuration;
    }

    /** {@link #configuration()} as the filter receives it under Envoy and Istio. */
    public PluginConfiguration pluginConfiguration() {
        return PluginConfiguration.of(configuration);
    }

    /**
     * The module's path as Envoy reads it ({@code vm_config.code.local.filename}): where the
     * module is copied to on the Envoy host; by default {@link #module()}, which runs locally.
     */
    public String envoyModulePath() {
        return envoyModulePath.orElse(module.toAbsolutePath().toString());
    }

    /** Whether {@link #envoyModulePath()} was set rather than defaulted to the local module. */
    public boolean hasEnvoyModulePath() {
        return envoyModulePath.isPresent();
    }

    public FailurePolicy failurePolicy() {
        return failurePolicy;
    }

    public Endpoint listener() {
        return listener;
    }

    public Endpoint admin() {
        return admin;
    }

    /** The upstream the route goes to; the admin listener when empty. */
    public Optional<Endpoint> upstream() {
        return upstream;
    }

    /** The image reference the module is pushed as, for the WasmPlugin's {@code oci://} URL. */
    public Optional<String> image() {
        return image;
    }

    /** The image's manifest digest ({@code sha256:...}), when known. */
    public Optional<String> imageDigest() {
        return imageDigest;
    }

    /** Builds a {@link Deployment}. */
    public static final class Builder {
        private final String name;
        private final Path module;
        private final String sha256;
        private String rootId = "";
        private String configuration = "";
        private FailurePolicy failurePolicy = FailurePolicy.FAIL_CLOSED;
        private Endpoint listener = Endpoint.loopback(10000);
        private Endpoint admin = Endpoint.loopback(9901);
        private Endpoint upstream;
        private String image;
        private String imageDigest;
        private String envoyModulePath;

        private Builder(String name, Path module, String sha256) {
            this.name = Objects.requireNonNull(name, "name");
            this.module = Objects.requireNonNull(module, "module");
            this.sha256 = Objects.requireNonNull(sha256, "sha256");
            if (!sha256.matches("[0-9a-f]{64}")) {
                throw new IllegalArgumentException(
                        "sha256 '" + sha256 + "' is not 64 lowercase hex digits");
            }
        }

        public Builder withRootId(String rootId) {
            this.rootId = Objects.requireNonNull(rootId, "rootId");
            return this;
        }

        public Builder withConfiguration(String configuration) {
            this.configuration = Objects.requireNonNull(configuration, "configuration");
            return this;
        }

        public Builder withFailurePolicy(FailurePolicy failurePolicy) {
            this.failurePolicy = Objects.requireNonNull(failurePolicy, "failurePolicy");
            return this;
        }

        public Builder withListener(Endpoint listener) {
            this.listener = Objects.requireNonNull(listener, "listener");
            return this;
        }

        public Builder withAdmin(Endpoint admin) {
            this.admin = Objects.requireNonNull(admin, "admin");
            return this;
        }

        /** Where Envoy reads the module on its host; blank for the local module's path. */
        public Builder withEnvoyModulePath(String envoyModulePath) {
            this.envoyModulePath =
                    envoyModulePath == null || envoyModulePath.isBlank()
                            ? null
                            : envoyModulePath.strip();
            return this;
        }

        public Builder withUpstream(Endpoint upstream) {
            this.upstream = Objects.requireNonNull(upstream, "upstream");
            return this;
        }

        /** The image reference and, when known, its manifest digest ({@code sha256:<hex>}). */
        public Builder withImage(String image, String digest) {
            this.image = Objects.requireNonNull(image, "image");
            this.imageDigest = digest;
            return this;
        }

        public Deployment build() {
            return new Deployment(this);
        }
    }
}
