package io.github.proxywasm4j.maven.run;

import io.github.proxywasm4j.host.Limits;
import io.github.proxywasm4j.localproxy.Endpoint;
import io.github.proxywasm4j.maven.filter.FilterSettings;
import java.nio.file.Path;
import java.util.Objects;
import java.util.Optional;

/**
 * What {@code wasm:run} serves: either an Envoy bootstrap file, or the project's module on one
 * listener (in front of an upstream, or of the built-in responder when there is none). Built with
 * {@link #builder}; immutable.
 */
public final class RunRequest {
    private final Optional<Path> envoyConfig;
    private final Path module;
    private final FilterSettings filter;
    private final Endpoint listen;
    private final Optional<Endpoint> upstream;
    private final Optional<Endpoint> admin;
    private final Path baseDir;
    private final Optional<String> check;
    private final Limits limits;

    private RunRequest(Builder b) {
        this.envoyConfig = Optional.ofNullable(b.envoyConfig);
        this.module = b.module;
        this.filter = b.filter;
        this.listen = b.listen;
        this.upstream = Optional.ofNullable(b.upstream);
        this.admin = Optional.ofNullable(b.admin);
        this.baseDir = b.baseDir;
        this.check = Optional.ofNullable(b.check);
        this.limits = b.limits;
    }

    /**
     * A request to serve {@code module}; relative module paths in an Envoy bootstrap are read
     * against {@code baseDir}.
     */
    public static Builder builder(Path module, Path baseDir) {
        return new Builder(module, baseDir);
    }

    /** An Envoy bootstrap to serve instead of the single-filter listener. */
    public Optional<Path> envoyConfig() {
        return envoyConfig;
    }

    /** The filter module. */
    public Path module() {
        return module;
    }

    /** Root id, plugin configuration and failure policy of the single-filter listener. */
    public FilterSettings filter() {
        return filter;
    }

    /** Where the listener binds. */
    public Endpoint listen() {
        return listen;
    }

    /** Where requests go after the filter; empty for the built-in responder. */
    public Optional<Endpoint> upstream() {
        return upstream;
    }

    /** Where the admin listener binds; empty for none. */
    public Optional<Endpoint> admin() {
        return admin;
    }

    /** What relative module paths in {@link #envoyConfig()} are relative to. */
    public Path baseDir() {
        return baseDir;
    }

    /** A path to request once ({@code HEAD}) and then stop, instead of serving until Ctrl-C. */
    public Optional<String> check() {
        return check;
    }

    /** Bounds on what the filters' guests can make the proxy hold ({@code -Dwasm.limits.*}). */
    public Limits limits() {
        return limits;
    }

    /** Builds a {@link RunRequest}; {@code null} leaves an optional setting unset. */
    public static final class Builder {
        private final Path module;
        private final Path baseDir;
        private Path envoyConfig;
        private FilterSettings filter = FilterSettings.defaults();
        private Endpoint listen = Endpoint.loopback(10000);
        private Endpoint upstream;
        private Endpoint admin;
        private String check;
        private Limits limits = Limits.defaults();

        private Builder(Path module, Path baseDir) {
            this.module = Objects.requireNonNull(module, "module");
            this.baseDir = Objects.requireNonNull(baseDir, "baseDir");
        }

        public Builder withEnvoyConfig(Path envoyConfig) {
            this.envoyConfig = envoyConfig;
            return this;
        }

        public Builder withFilter(FilterSettings filter) {
            this.filter = Objects.requireNonNull(filter, "filter");
            return this;
        }

        public Builder withListen(Endpoint listen) {
            this.listen = Objects.requireNonNull(listen, "listen");
            return this;
        }

        public Builder withUpstream(Endpoint upstream) {
            this.upstream = upstream;
            return this;
        }

        public Builder withAdmin(Endpoint admin) {
            this.admin = admin;
            return this;
        }

        public Builder withCheck(String check) {
            this.check = check;
            return this;
        }

        public Builder withLimits(Limits limits) {
            this.limits = Objects.requireNonNull(limits, "limits");
            return this;
        }

        public RunRequest build() {
            return new RunRequest(this);
        }
    }
}
