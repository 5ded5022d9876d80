package io.github.proxywasm4j.host.internal.vm;

import com.dylibso.chicory.runtime.Instance;
import com.dylibso.chicory.runtime.Machine;
import com.dylibso.chicory.wasm.WasmModule;
import io.github.proxywasm4j.host.FailurePolicy;
import io.github.proxywasm4j.host.ForeignFunction;
import io.github.proxywasm4j.host.HostClock;
import io.github.proxywasm4j.host.Limits;
import io.github.proxywasm4j.host.LogEntry;
import io.github.proxywasm4j.host.LogLevel;
import io.github.proxywasm4j.host.PluginFailure;
import io.github.proxywasm4j.host.abi.AbiVersion;
import io.github.proxywasm4j.host.internal.state.MetricRegistry;
import io.github.proxywasm4j.host.internal.state.SharedStore;
import io.github.proxywasm4j.host.internal.time.Scheduler;
import io.github.proxywasm4j.host.upstream.GrpcUpstream;
import io.github.proxywasm4j.host.upstream.HttpUpstream;
import java.util.Map;
import java.util.Objects;
import java.util.function.Consumer;
import java.util.function.Function;

/**
 * Everything the VMs of one plugin share, as one immutable value; the public plugin builder fills
 * it through {@link #builder()}.
 *
 * <p>The components come in three groups, as Envoy's configuration does: the VM (what decides
 * whether two plugins could share one: {@code vmId}, the code, the VM configuration, the engine),
 * the plugin (root id, plugin configuration, failure policy) and the proxy around it (clock,
 * upstreams, shared state, metrics, logs). Limits on what a guest can make the host hold belong
 * here too, each a component with its default in {@link Builder}.
 *
 * @param module the decoded module (the VM's code)
 * @param abi the module's ABI version
 * @param machineFactory the engine, null for the interpreter
 * @param vmId Envoy's {@code vm_id}
 * @param vmConfiguration the bytes {@code proxy_on_vm_start} may read
 * @param environment WASI environment variables
 * @param maxMemoryPages the cap on guest memory, in 64 KiB pages
 * @param deadlineNanos the deadline of one guest callback, 0 for none
 * @param randomSeed a seed for {@code random_get}, null for cryptographic randomness
 * @param rootId the plugin's root id
 * @param pluginName the plugin's name
 * @param pluginConfiguration the bytes {@code proxy_on_configure} may read
 * @param properties canonical property path to value
 * @param logLevel the lowest level kept
 * @param failurePolicy what a stream sees once the VM failed
 * @param allowOnHeadersStopIteration whether {@code StopIteration} from a headers callback is kept
 * @param bufferLimitBytes Envoy's per_connection_buffer_limit_bytes: what a buffering filter may
 *     hold
 * @param logs where log records go
 * @param onFailure told once when a VM fails
 * @param clock the proxy's clock
 * @param scheduler timers (ticks, callout timeouts)
 * @param httpUpstream answers {@code proxy_http_call}
 * @param grpcUpstream answers {@code proxy_grpc_call} / {@code proxy_grpc_stream}
 * @param foreignFunctions by name
 * @param metrics the plugin's metrics
 * @param shared shared data and queues
 * @param limits bounds on what the guest can make the host hold
 */
public record PluginSettings(
        // The VM.
        WasmModule module,
        AbiVersion abi,
        Function<Instance, Machine> machineFactory,
        String vmId,
        byte[] vmConfiguration,
        Map<String, String> environment,
        int maxMemoryPages,
        long deadlineNanos,
        Long randomSeed,
        // The plugin.
        String rootId,
        String pluginName,
        byte[] pluginConfiguration,
        Map<String, byte[]> properties,
        LogLevel logLevel,
        FailurePolicy failurePolicy,
        boolean allowOnHeadersStopIteration,
        int bufferLimitBytes,
        Consumer<LogEntry> logs,
        Consumer<PluginFailure> onFailure,
        // The proxy around it.
        HostClock clock,
        Scheduler scheduler,
        HttpUpstream httpUpstream,
        GrpcUpstream grpcUpstream,
        Map<String, ForeignFunction> foreignFunctions,
        MetricRegistry metrics,
        SharedStore shared,
        Limits limits) {

    public PluginSettings {
        Objects.requireNonNull(module, "module");
        Objects.requireNonNull(abi, "abi");
        Objects.requireNonNull(rootId, "rootId");
        Objects.requireNonNull(vmId, "vmId");
        Objects.requireNonNull(vmConfiguration, "vmConfiguration");
        Objects.requireNonNull(pluginConfiguration, "pluginConfiguration");
        properties = Map.copyOf(properties);
        environment = Map.copyOf(environment);
        foreignFunctions = Map.copyOf(foreignFunctions);
        Objects.requireNonNull(limits, "limits");
    }

    /** The same plugin with another configuration (Envoy's configuration update). */
    public PluginSettings withPluginConfiguration(byte[] pluginConfiguration) {
        return new PluginSettings(
                module,
                abi,
                machineFactory,
                vmId,
                vmConfiguration,
                environment,
                maxMemoryPages,
                deadlineNanos,
                randomSeed,
                rootId,
                pluginName,
                pluginConfiguration,
                properties,
                logLevel,
                failurePolicy,
                allowOnHeadersStopIteration,
                bufferLimitBytes,
                logs,
                onFailure,
                clock,
                scheduler,
                httpUpstream,
                grpcUpstream,
                foreignFunctions,
                metrics,
                shared,
                limits);
    }

    /** A builder with the defaults of a plugin that sets nothing. */
    public static Builder builder() {
        return new Builder();
    }

    /** Fills a {@link PluginSettings}; each setter returns this builder. */
    public static final class Builder {
        private WasmModule module;
        private AbiVersion abi;
        private Function<Instance, Machine> machineFactory;
        private String vmId = "";
        private byte[] vmConfiguration = new byte[0];
        private Map<String, String> environment = Map.of();
        private int maxMemoryPages;
        private long deadlineNanos;
        private Long randomSeed;
        private String rootId = "";
        private String pluginName;
        private byte[] pluginConfiguration = new byte[0];
        private Map<String, byte[]> properties = Map.of();
        private LogLevel logLevel = LogLevel.INFO;
        private FailurePolicy failurePolicy;
        private boolean allowOnHeadersStopIteration;
        private int bufferLimitBytes = 1 << 20;
        private Consumer<LogEntry> logs = e -> {};
        private Consumer<PluginFailure> onFailure = f -> {};
        private HostClock clock = HostClock.system();
        private Scheduler scheduler;
        private HttpUpstream httpUpstream;
        private GrpcUpstream grpcUpstream;
        private Map<String, ForeignFunction> foreignFunctions = Map.of();
        private MetricRegistry metrics;
        private SharedStore shared;
        private Limits limits = Limits.defaults();

        private Builder() {}

        public Builder module(WasmModule v) {
            module = v;
            return this;
        }

        public Builder abi(AbiVersion v) {
            abi = v;
            return this;
        }

        public Builder machineFactory(Function<Instance, Machine> v) {
            machineFactory = v;
            return this;
        }

        public Builder vmId(String v) {
            vmId = v;
            return this;
        }

        public Builder vmConfiguration(byte[] v) {
            vmConfiguration = v;
            return this;
        }

        public Builder environment(Map<String, String> v) {
            environment = v;
            return this;
        }

        public Builder maxMemoryPages(int v) {
            maxMemoryPages = v;
            return this;
        }

        public Builder deadlineNanos(long v) {
            deadlineNanos = v;
            return this;
        }

        public Builder randomSeed(Long v) {
            randomSeed = v;
            return this;
        }

        public Builder rootId(String v) {
            rootId = v;
            return this;
        }

        public Builder pluginName(String v) {
            pluginName = v;
            return this;
        }

        public Builder pluginConfiguration(byte[] v) {
            pluginConfiguration = v;
            return this;
        }

        public Builder properties(Map<String, byte[]> v) {
            properties = v;
            return this;
        }

        public Builder logLevel(LogLevel v) {
            logLevel = v;
            return this;
        }

        public Builder failurePolicy(FailurePolicy v) {
            failurePolicy = v;
            return this;
        }

        public Builder allowOnHeadersStopIteration(boolean v) {
            allowOnHeadersStopIteration = v;
            return this;
        }

        public Builder bufferLimitBytes(int v) {
            bufferLimitBytes = v;
            return this;
        }

        public Builder logs(Consumer<LogEntry> v) {
            logs = v;
            return this;
        }

        public Builder onFailure(Consumer<PluginFailure> v) {
            onFailure = v;
            return this;
        }

        public Builder clock(HostClock v) {
            clock = v;
            return this;
        }

        public Builder scheduler(Scheduler v) {
            scheduler = v;
            return this;
        }

        public Builder httpUpstream(HttpUpstream v) {
            httpUpstream = v;
            return this;
        }

        public Builder grpcUpstream(GrpcUpstream v) {
            grpcUpstream = v;
            return this;
        }

        public Builder foreignFunctions(Map<String, ForeignFunction> v) {
            foreignFunctions = v;
            return this;
        }

        public Builder metrics(MetricRegistry v) {
            metrics = v;
            return this;
        }

        public Builder shared(SharedStore v) {
            shared = v;
            return this;
        }

        public Builder limits(Limits v) {
            limits = v;
            return this;
        }

        public PluginSettings build() {
            return new PluginSettings(
                    module,
                    abi,
                    machineFactory,
                    vmId,
                    vmConfiguration,
                    environment,
                    maxMemoryPages,
                    deadlineNanos,
                    randomSeed,
                    rootId,
                    pluginName != null ? pluginName : rootId,
                    pluginConfiguration,
                    properties,
                    logLevel,
                    failurePolicy,
                    allowOnHeadersStopIteration,
                    bufferLimitBytes,
                    logs,
                    onFailure,
                    clock,
                    scheduler,
                    httpUpstream,
                    grpcUpstream,
                    foreignFunctions,
                    metrics,
                    shared,
                    limits);
        }
    }
}
