package io.github.proxywasm4j.localproxy;

import io.github.proxywasm4j.host.FailurePolicy;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Objects;

/**
 * One Proxy-Wasm HTTP filter of a listener's chain: a module, its root id, its configuration and
 * what to do when it fails. Immutable.
 *
 * <pre>{@code
 * WasmFilter.builder(Path.of("target/add_header.wasm"))
 *     .withRootId("add_header")
 *     .withConfiguration("what ever you want")
 *     .build();
 * }</pre>
 */
public final class WasmFilter {

    private final String name;
    private final Path module;
    private final String rootId;
    private final String vmId;
    private final byte[] configuration;
    private final byte[] vmConfiguration;
    private final FailurePolicy failurePolicy;

    private WasmFilter(Builder b) {
        this.module = b.module;
        this.rootId = b.rootId;
        this.name = b.name != null ? b.name : b.rootId;
        this.vmId = b.vmId;
        this.configuration = b.configuration.clone();
        this.vmConfiguration = b.vmConfiguration.clone();
        this.failurePolicy = b.failurePolicy;
    }

    /** A builder for a filter running {@code module} (a {@code .wasm} file). */
    public static Builder builder(Path module) {
        return new Builder(Objects.requireNonNull(module, "module"));
    }

    /** The filter's name (Envoy {@code config.name}); the root id when not given. */
    public String name() {
        return name;
    }

    public Path module() {
        return module;
    }

    /** The root id (Envoy {@code root_id}, Istio {@code pluginName}); empty for the default. */
    public String rootId() {
        return rootId;
    }

    public String vmId() {
        return vmId;
    }

    /** The plugin configuration passed to {@code proxy_on_configure}. */
    public byte[] configuration() {
        return configuration.clone();
    }

    /** The VM configuration passed to {@code proxy_on_vm_start}. */
    public byte[] vmConfiguration() {
        return vmConfiguration.clone();
    }

    public FailurePolicy failurePolicy() {
        return failurePolicy;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof WasmFilter w
                && name.equals(w.name)
                && module.equals(w.module)
                && rootId.equals(w.rootId)
                && vmId.equals(w.vmId)
                && Arrays.equals(configuration, w.configuration)
                && Arrays.equals(vmConfiguration, w.vmConfiguration)
                && failurePolicy == w.failurePolicy;
    }

    @Override
    public int hashCode() {
        return Objects.hash(name, module, rootId, Arrays.hashCode(configuration));
    }

    @Override
    public String toString() {
        return "WasmFilter[" + name + ", root_id=" + rootId + ", " + module + "]";
    }

    /** Builds a {@link WasmFilter}. */
    public static final class Builder {
        private final Path module;
        private String name;
        private String rootId = "";
        private String vmId = "";
        private byte[] configuration = new byte[0];
        private byte[] vmConfiguration = new byte[0];
        private FailurePolicy failurePolicy = FailurePolicy.FAIL_CLOSED;

        private Builder(Path module) {
            this.module = module;
        }

        public Builder withName(String name) {
            this.name = Objects.requireNonNull(name, "name");
            return this;
        }

        public Builder withRootId(String rootId) {
            this.rootId = Objects.requireNonNull(rootId, "rootId");
            return this;
        }

        public Builder withVmId(String vmId) {
            this.vmId = Objects.requireNonNull(vmId, "vmId");
            return this;
        }

        public Builder withConfiguration(String configuration) {
            return withConfiguration(configuration.getBytes(StandardCharsets.UTF_8));
        }

        public Builder withConfiguration(byte[] configuration) {
            this.configuration = configuration.clone();
            return this;
        }

        public Builder withVmConfiguration(String vmConfiguration) {
            this.vmConfiguration = vmConfiguration.getBytes(StandardCharsets.UTF_8);
            return this;
        }

        public Builder withFailurePolicy(FailurePolicy failurePolicy) {
            this.failurePolicy = Objects.requireNonNull(failurePolicy, "failurePolicy");
            return this;
        }

        public WasmFilter build() {
            return new WasmFilter(this);
        }
    }
}
