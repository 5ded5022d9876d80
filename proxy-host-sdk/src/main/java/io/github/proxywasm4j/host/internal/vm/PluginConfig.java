package io.github.proxywasm4j.host.internal.vm;

import com.dylibso.chicory.runtime.Instance;
import com.dylibso.chicory.runtime.Machine;
import com.dylibso.chicory.wasm.WasmModule;
import io.github.proxywasm4j.host.FailurePolicy;
import io.github.proxywasm4j.host.ForeignFunction;
import io.github.proxywasm4j.host.GrpcUpstream;
import io.github.proxywasm4j.host.HostClock;
import io.github.proxywasm4j.host.HttpUpstream;
import io.github.proxywasm4j.host.LogEntry;
import io.github.proxywasm4j.host.PluginFailure;
import io.github.proxywasm4j.host.abi.AbiVersion;
import io.github.proxywasm4j.host.abi.LogLevel;
import io.github.proxywasm4j.host.internal.state.MetricRegistry;
import io.github.proxywasm4j.host.internal.state.SharedStore;
import io.github.proxywasm4j.host.internal.time.Scheduler;
import java.util.Map;
import java.util.function.Consumer;
import java.util.function.Function;

/** Everything the VMs of one plugin share; immutable once built. */
public final class PluginConfig {
    public WasmModule module;
    public AbiVersion abi;

    /** Null for the interpreter. */
    public Function<Instance, Machine> machineFactory;

    public String rootId;
    public String vmId;
    public String pluginName;
    public byte[] vmConfiguration;
    public byte[] pluginConfiguration;

    /** Canonical path to value. */
    public Map<String, byte[]> properties;

    public Map<String, String> environment;

    public LogLevel logLevel;
    public Consumer<LogEntry> logs;
    public HostClock clock;
    public Scheduler scheduler;
    public HttpUpstream httpUpstream;
    public GrpcUpstream grpcUpstream;
    public Map<String, ForeignFunction> foreignFunctions;
    public MetricRegistry metrics;
    public SharedStore shared;

    public int maxMemoryPages;
    public long deadlineNanos;

    /** Null for cryptographic randomness. */
    public Long randomSeed;

    public FailurePolicy failurePolicy;
    public Consumer<PluginFailure> onFailure;
    public boolean allowOnHeadersStopIteration;

    /** Envoy's per_connection_buffer_limit_bytes: what a buffering filter may hold. */
    public int bufferLimitBytes = 1 << 20;
}
