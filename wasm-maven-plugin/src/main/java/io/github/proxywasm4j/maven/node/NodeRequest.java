package io.github.proxywasm4j.maven.node;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/** How to find or install Node.js; built with {@link #builder}. Immutable. */
public final class NodeRequest {
    private final Optional<Path> explicitNode;
    private final NodeVersion minimumVersion;
    private final NodeVersion pinnedVersion;
    private final String downloadRoot;
    private final Path installDirectory;
    private final Path localRepository;
    private final boolean offline;
    private final List<HttpProxy> proxies;
    private final Map<String, String> environment;

    private NodeRequest(Builder b) {
        this.explicitNode = Optional.ofNullable(b.explicitNode);
        this.minimumVersion = b.minimumVersion;
        this.pinnedVersion = b.pinnedVersion;
        this.downloadRoot = b.downloadRoot.endsWith("/") ? b.downloadRoot : b.downloadRoot + "/";
        this.installDirectory = b.installDirectory;
        this.localRepository = b.localRepository;
        this.offline = b.offline;
        this.proxies = List.copyOf(b.proxies);
        this.environment = Map.copyOf(b.environment);
    }

    /**
     * A request that installs Node under {@code installDirectory} when none is usable, caching
     * the archive in the local Maven repository {@code localRepository}.
     */
    public static Builder builder(Path installDirectory, Path localRepository) {
        return new Builder(installDirectory, localRepository);
    }

    /** The {@code wasm.node} parameter; when set it is the only candidate. */
    public Optional<Path> explicitNode() {
        return explicitNode;
    }

    /** The oldest Node that may run npm and asc. */
    public NodeVersion minimumVersion() {
        return minimumVersion;
    }

    /** The version installed when no usable Node is found. */
    public NodeVersion pinnedVersion() {
        return pinnedVersion;
    }

    /** Where Node archives are downloaded from, in the nodejs.org layout; ends with '/'. */
    public String downloadRoot() {
        return downloadRoot;
    }

    /** Where an installed Node is unpacked. */
    public Path installDirectory() {
        return installDirectory;
    }

    /** The local Maven repository that caches downloaded archives. */
    public Path localRepository() {
        return localRepository;
    }

    /** Maven's offline mode: nothing is downloaded. */
    public boolean offline() {
        return offline;
    }

    /** The active proxies of settings.xml. */
    public List<HttpProxy> proxies() {
        return proxies;
    }

    /** The process environment ({@code PATH}, {@code NODE_HOME}, {@code NVM_BIN}). */
    public Map<String, String> environment() {
        return environment;
    }

    /** Builds a {@link NodeRequest}; the defaults are the plugin's parameter defaults. */
    public static final class Builder {
        private final Path installDirectory;
        private final Path localRepository;
        private Path explicitNode;
        private NodeVersion minimumVersion = NodeVersion.of(18, 0, 0);
        private NodeVersion pinnedVersion = NodeVersion.of(20, 20, 2);
        private String downloadRoot = "https://nodejs.org/dist/";
        private boolean offline;
        private List<HttpProxy> proxies = List.of();
        private Map<String, String> environment = Map.of();

        private Builder(Path installDirectory, Path localRepository) {
            this.installDirectory = Objects.requireNonNull(installDirectory, "installDirectory");
            this.localRepository = Objects.requireNonNull(localRepository, "localRepository");
        }

        /** The only Node to use; {@code null} to look for one. */
        public Builder withExplicitNode(Path explicitNode) {
            this.explicitNode = explicitNode;
            return this;
        }

        public Builder withMinimumVersion(NodeVersion minimumVersion) {
            this.minimumVersion = Objects.requireNonNull(minimumVersion, "minimumVersion");
            return this;
        }

        public Builder withPinnedVersion(NodeVersion pinnedVersion) {
            this.pinnedVersion = Objects.requireNonNull(pinnedVersion, "pinnedVersion");
            return this;
        }

        public Builder withDownloadRoot(String downloadRoot) {
            this.downloadRoot = Objects.requireNonNull(downloadRoot, "downloadRoot");
            return this;
        }

        public Builder withOffline(boolean offline) {
            this.offline = offline;
            return this;
        }

        public Builder withProxies(List<HttpProxy> proxies) {
            this.proxies = Objects.requireNonNull(proxies, "proxies");
            return this;
        }

        public Builder withEnvironment(Map<String, String> environment) {
            this.environment = Objects.requireNonNull(environment, "environment");
            return this;
        }

        public NodeRequest build() {
            return new NodeRequest(this);
        }
    }
}
