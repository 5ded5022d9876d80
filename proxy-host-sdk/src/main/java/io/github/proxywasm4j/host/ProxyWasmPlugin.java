package io.github.proxywasm4j.host;

import io.github.proxywasm4j.host.abi.AbiVersion;
import io.github.proxywasm4j.host.abi.MemoryPages;
import io.github.proxywasm4j.host.internal.limits.LogRing;
import io.github.proxywasm4j.host.internal.state.MetricRegistry;
import io.github.proxywasm4j.host.internal.time.RealScheduler;
import io.github.proxywasm4j.host.internal.vm.PluginSettings;
import io.github.proxywasm4j.host.internal.vm.PropertyPath;
import io.github.proxywasm4j.host.internal.vm.ProxyVm;
import io.github.proxywasm4j.host.internal.vm.RootContext;
import io.github.proxywasm4j.host.internal.vm.VmPool;
import io.github.proxywasm4j.host.internal.vm.VmReaper;
import io.github.proxywasm4j.host.upstream.GrpcUpstream;
import io.github.proxywasm4j.host.upstream.HttpUpstream;
import java.lang.ref.WeakReference;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicReference;

/**
 * A configured filter: a root context on one VM per thread (as Envoy runs one VM per worker).
 * Thread-safe; each thread that opens streams gets its own VM, started the same way, so streams on
 * different threads never share a lock. Shared data, queues and metrics are shared by all VMs.
 *
 * <pre>{@code
 * var plugin = ProxyWasmPlugin.builder(module)
 *     .withRootId("add_header")
 *     .withPluginConfiguration("what ever you want")
 *     .build();
 * try (var stream = plugin.newHttpStream()) {
 *     stream.sendRequestHeaders(Headers.of(":method", "GET", ":path", "/"), true);
 *     stream.sendResponseHeaders(Headers.of(":status", "200"), true);
 *     stream.responseHeaders().get("hello"); // Optional[what ever you want]
 * }
 * }</pre>
 */
public final class ProxyWasmPlugin implements AutoCloseable {
    private static final long RELOAD_BACKOFF_NANOS = 1_000_000_000L;

    private final ProxyWasmModule module;
    // Replaced by reconfigure(..); a thread's root context of an older generation is retired.
    private volatile PluginSettings cfg;
    private volatile int generation;
    private final VmPool.Key vmKey;
    private final Metrics metrics;
    private final SharedState sharedState;
    private final LogRing logs;
    private final AtomicReference<PluginFailure> failure = new AtomicReference<>();
    private final List<Attachment> attachments = new CopyOnWriteArrayList<>();
    // Weak: a thread's ThreadLocal map must not keep a closed or dropped plugin (and its VMs'
    // memory) alive; while the plugin lives, `attachments` holds its VMs strongly.
    private final ThreadLocal<WeakReference<Attachment>> threadVm = new ThreadLocal<>();

    // The root context of the first thread that used the plugin, checked before the ThreadLocal
    // (a hash lookup per request). Written only when empty or no longer usable, so threads do not
    // fight over it; `attachments` holds it strongly anyway.
    private Attachment primary;

    /** This plugin's root context on one thread's VM (which other plugins may share). */
    private record Attachment(ProxyVm vm, RootContext root, int generation) {}

    private final java.util.concurrent.atomic.AtomicInteger vmsStarted =
            new java.util.concurrent.atomic.AtomicInteger();
    private volatile boolean closed;
    private volatile boolean reloadFailed;
    private volatile long lastFailedReloadNanos;

    private ProxyWasmPlugin(Builder b) {
        this.module = b.module;
        this.sharedState = b.sharedState != null ? b.sharedState : SharedState.create();
        this.logs = new LogRing(b.limits.maxLogEntries(), b.limits.maxLogBytes());
        var registry = new MetricRegistry();
        this.metrics = new Metrics(registry);
        this.vmKey = VmPool.Key.of(b.module, b.vmId, b.vmConfiguration, b.engine);
        var sink = b.logSink;
        var rootId = b.rootId;
        this.cfg =
                PluginSettings.builder()
                        .module(module.wasmModule())
                        .abi(module.abiVersion())
                        .machineFactory(module.machineFactory(b.engine))
                        .vmId(b.vmId)
                        .vmConfiguration(b.vmConfiguration)
                        .environment(b.environment)
                        .maxMemoryPages(b.maxMemoryPages)
                        .deadlineNanos(b.deadline.toNanos())
                        .randomSeed(b.randomSeed)
                        .rootId(b.rootId)
                        .pluginName(b.pluginName)
                        .pluginConfiguration(b.pluginConfiguration)
                        .properties(b.properties)
                        .logLevel(b.logLevel)
                        .failurePolicy(b.failurePolicy)
                        .allowOnHeadersStopIteration(b.allowOnHeadersStopIteration)
                        .bufferLimitBytes(b.bufferLimitBytes)
                        .logs(
                                entry -> {
                                    logs.add(entry);
                                    sink.log(rootId, entry);
                                })
                        .onFailure(failure::set)
                        .clock(b.clock)
                        .scheduler(
                                b.clock instanceof VirtualClock v
                                        ? v.scheduler()
                                        : RealScheduler.shared())
                        .httpUpstream(b.httpUpstream)
                        .grpcUpstream(b.grpcUpstream)
                        .foreignFunctions(b.foreignFunctions)
                        .metrics(registry)
                        .shared(sharedState.store())
                        .limits(b.limits)
                        .build();
    }

    /** A builder for a plugin of this module. */
    public static Builder builder(ProxyWasmModule module) {
        return new Builder(module);
    }

    /** Starts a new HTTP stream on this thread's VM. */
    public HttpStream newHttpStream() {
        // No VM lock: only this thread creates contexts on its VM, and the guest learns of the
        // stream on its first callback, which runs under the lock.
        var a = attachment();
        return new HttpStream(a.vm(), a.vm().newHttpContext(a.root()));
    }

    /** Starts a new TCP connection on this thread's VM; call {@link TcpConnection#newConnection()}. */
    public TcpConnection newTcpConnection() {
        var a = attachment();
        var vm = a.vm();
        vm.lock();
        try {
            return new TcpConnection(vm, vm.newTcpContext(a.root()));
        } finally {
            vm.unlock();
        }
    }

    /**
     * The newest log records (within {@link Limits#maxLogEntries()} and {@link
     * Limits#maxLogBytes()}), in order, at or above the plugin's level.
     */
    public List<LogEntry> logs() {
        return logs.snapshot();
    }

    /** The messages of the log records at exactly this level. */
    public List<String> logs(LogLevel level) {
        var out = new ArrayList<String>();
        for (var e : logs()) {
            if (e.level() == level) {
                out.add(e.message());
            }
        }
        return out;
    }

    /** Forgets the log records kept so far. */
    public void clearLogs() {
        logs.clear();
    }

    /** The plugin's metrics. */
    public Metrics metrics() {
        return metrics;
    }

    /** Shared data and queues this plugin uses. */
    public SharedState sharedState() {
        return sharedState;
    }

    /** The latest VM failure, if any VM of this plugin failed. */
    public Optional<PluginFailure> failure() {
        return Optional.ofNullable(failure.get());
    }

    /** The tick period the filter set on this thread's VM; zero when none. */
    public Duration tickPeriod() {
        var a = attachment();
        return Duration.ofMillis(a.vm().tickPeriodMillis(a.root()));
    }

    /**
     * Runs {@code proxy_on_tick} on this thread's VM now, whatever the period.
     *
     * @throws PluginFailedException if the VM has failed or fails in the tick
     */
    public void tick() {
        var a = attachment();
        var vm = a.vm();
        vm.lock();
        try {
            requireHealthy(vm);
            vm.tick(a.root());
            requireHealthy(vm);
        } finally {
            vm.unlock();
        }
    }

    private static void requireHealthy(ProxyVm vm) {
        var f = vm.failure();
        if (f != null) {
            throw new PluginFailedException(f);
        }
    }

    /**
     * Runs {@code proxy_on_foreign_function(root, functionId, size)} on this thread's VM with the
     * arguments readable as buffer 8 (ABI 0.2.x).
     *
     * @throws PluginFailedException if the VM has failed or fails in the call
     */
    public void callForeignFunction(int functionId, byte[] arguments) {
        var a = attachment();
        var vm = a.vm();
        vm.lock();
        try {
            requireHealthy(vm);
            vm.callOnForeignFunction(a.root(), functionId, arguments.clone());
            requireHealthy(vm);
        } finally {
            vm.unlock();
        }
    }

    /** The root id. */
    public String rootId() {
        return cfg.rootId();
    }

    /** The module's ABI version. */
    public AbiVersion abiVersion() {
        return cfg.abi();
    }

    /**
     * The number of VMs started for this plugin so far (one per thread, plus replacements after
     * failures); a plugin that joined another plugin's VM started none.
     */
    public int vmCount() {
        return vmsStarted.get();
    }

    /** The VMs this plugin holds now: one per live thread that used it (see {@link Limits#maxVms()}). */
    public int liveVmCount() {
        return (int) attachments.stream().map(Attachment::vm).distinct().count();
    }

    /**
     * Applies a new plugin configuration the way Envoy applies a configuration update: a new root
     * context is configured with it ({@code proxy_on_context_create}, {@code proxy_on_vm_start},
     * {@code proxy_on_configure}) in the same VM, here at once on this thread and on other
     * threads with their next stream; new streams belong to it. Streams already running keep the
     * old root context, which is shut down ({@code proxy_on_done}, {@code proxy_on_delete}) when
     * the last of them completes.
     *
     * @throws PluginStartException if the plugin rejects the configuration; the old one stays
     */
    public synchronized void reconfigure(byte[] configuration) {
        Objects.requireNonNull(configuration, "configuration");
        var previous = cfg;
        int previousGeneration = generation;
        cfg = previous.withPluginConfiguration(configuration.clone());
        generation = previousGeneration + 1;
        try {
            attachment();
        } catch (RuntimeException e) {
            cfg = previous;
            generation = previousGeneration;
            throw e;
        }
    }

    /** The configuration as UTF-8 text; see {@link #reconfigure(byte[])}. */
    public void reconfigure(String configuration) {
        reconfigure(configuration.getBytes(StandardCharsets.UTF_8));
    }

    /** Shuts the plugin's root contexts down ({@code proxy_on_done}, {@code proxy_on_delete}). */
    @Override
    public void close() {
        closed = true;
        threadVm.remove();
        primary = null;
        for (var a : attachments) {
            // A VM closes with its last plugin.
            a.vm().closeRoot(a.root());
        }
        // Nothing of the guest stays reachable through a plugin object the caller still holds.
        attachments.clear();
    }

    private boolean usable(Attachment a) {
        return a != null
                && !a.vm().failed()
                && a.generation() == generation
                && a.vm().hasRoot(a.root());
    }

    private Attachment attachment() {
        if (closed) {
            throw new IllegalStateException(
                    "plugin '" + cfg.rootId() + "' is closed; fix: build a new plugin");
        }
        var p = primary;
        if (p != null && p.vm().ownedByCurrentThread() && usable(p)) {
            return p;
        }
        var ref = threadVm.get();
        var a = ref == null ? null : ref.get();
        if (usable(a)) {
            remember(a);
            return a;
        }
        if (a != null
                && a.vm().failed()
                && (cfg.failurePolicy() != FailurePolicy.FAIL_RELOAD
                        || (reloadFailed
                                && cfg.clock().monotonicNanos() - lastFailedReloadNanos
                                        < RELOAD_BACKOFF_NANOS))) {
            // The failed VM answers by the failure policy.
            return a;
        }
        try {
            var fresh = attach();
            reloadFailed = false;
            if (a != null) {
                if (a.vm().failed()) {
                    // The failed VM is done; only streams still bound to it keep it alive.
                    attachments.remove(a);
                    a.vm().releaseResources();
                } else {
                    retire(a);
                }
            }
            return fresh;
        } catch (PluginStartException e) {
            if (a != null && a.vm().failed()) {
                // Envoy's reload backoff (1 s by default) keeps a broken plugin from restarting
                // on every request; the old failed VM answers fail-closed until a reload succeeds.
                lastFailedReloadNanos = cfg.clock().monotonicNanos();
                reloadFailed = true;
                return a;
            }
            throw e;
        }
    }

    /** An older configuration's root context goes once its last stream has (Envoy's drain). */
    private static void retire(Attachment old) {
        old.vm().retireRoot(old.root());
    }

    private void remember(Attachment a) {
        var p = primary;
        if (p != a && (p == null || !usable(p))) {
            primary = a;
        }
    }

    /** This plugin's root context on this thread's VM for its key, started there or in a new VM. */
    private Attachment attach() {
        var settings = cfg;
        int gen = generation;
        var pool = sharedState.vms();
        var shared = pool.find(vmKey);
        try {
            ProxyVm vm;
            RootContext root;
            if (shared != null) {
                vm = shared;
                vm.lock();
                try {
                    root = vm.addRoot(settings);
                } finally {
                    vm.unlock();
                }
            } else {
                VmReaper.reap(
                        attachments, Attachment::vm, settings.rootId(), settings.limits().maxVms());
                vm = ProxyVm.start(settings);
                pool.put(vmKey, vm);
                vmsStarted.incrementAndGet();
                root = vm.root();
            }
            var a = new Attachment(vm, root, gen);
            attachments.add(a);
            threadVm.set(new WeakReference<>(a));
            remember(a);
            return a;
        } catch (ProxyVm.StartFailure e) {
            var last = lastCritical();
            var message =
                    "plugin '"
                            + settings.rootId()
                            + "' did not start: "
                            + e.step()
                            + ": "
                            + e.getMessage()
                            + last.map(l -> "; last guest log: " + l).orElse("");
            settings.logs().accept(LogEntry.of(LogLevel.CRITICAL, message));
            throw new PluginStartException(
                    message, settings.rootId(), e.step(), last, e.getCause());
        }
    }

    private Optional<String> lastCritical() {
        var f = failure.get();
        if (f != null && f.lastGuestLog().isPresent()) {
            return f.lastGuestLog();
        }
        return logs.last(LogLevel.CRITICAL);
    }

    /** Builds a {@link ProxyWasmPlugin}; defaults in brackets. */
    public static final class Builder {
        private final ProxyWasmModule module;
        private String rootId = "";
        private String vmId = "";
        private String pluginName;
        private byte[] vmConfiguration = new byte[0];
        private byte[] pluginConfiguration = new byte[0];
        private final Map<String, byte[]> properties = new LinkedHashMap<>();
        private final Map<String, String> environment = new LinkedHashMap<>();
        private final Map<String, ForeignFunction> foreignFunctions = new LinkedHashMap<>();
        private FailurePolicy failurePolicy = FailurePolicy.FAIL_CLOSED;
        private HostClock clock = HostClock.system();
        private LogSink logSink = LogSink.none();
        private LogLevel logLevel = LogLevel.INFO;
        private HttpUpstream httpUpstream = HttpUpstream.none();
        private GrpcUpstream grpcUpstream = GrpcUpstream.none();
        private Engine engine = Engine.COMPILER;
        private int maxMemoryPages = MemoryPages.DEFAULT_CAP;
        private Duration deadline = Duration.ofSeconds(10);
        private Long randomSeed;
        private SharedState sharedState;
        private boolean allowOnHeadersStopIteration;
        private Limits limits = Limits.defaults();
        private int bufferLimitBytes = 1 << 20;

        private Builder(ProxyWasmModule module) {
            this.module = Objects.requireNonNull(module, "module");
        }

        /** The root id [empty]; the filter reads it as {@code plugin_root_id}. */
        public Builder withRootId(String rootId) {
            this.rootId = Objects.requireNonNull(rootId, "rootId");
            return this;
        }

        /** The VM id [empty]; shared data and queues are scoped by it. */
        public Builder withVmId(String vmId) {
            this.vmId = Objects.requireNonNull(vmId, "vmId");
            return this;
        }

        /** The plugin name [the root id], read as {@code plugin_name}. */
        public Builder withPluginName(String pluginName) {
            this.pluginName = Objects.requireNonNull(pluginName, "pluginName");
            return this;
        }

        /** The plugin configuration [empty], given to {@code proxy_on_configure}. */
        public Builder withPluginConfiguration(byte[] configuration) {
            this.pluginConfiguration = configuration.clone();
            return this;
        }

        /** The plugin configuration as UTF-8 text. */
        public Builder withPluginConfiguration(String configuration) {
            return withPluginConfiguration(configuration.getBytes(StandardCharsets.UTF_8));
        }

        /** The VM configuration [empty], given to {@code proxy_on_vm_start}. */
        public Builder withVmConfiguration(byte[] configuration) {
            this.vmConfiguration = configuration.clone();
            return this;
        }

        /** The VM configuration as UTF-8 text. */
        public Builder withVmConfiguration(String configuration) {
            return withVmConfiguration(configuration.getBytes(StandardCharsets.UTF_8));
        }

        /** What happens after a VM failure [FAIL_CLOSED]. */
        public Builder withFailurePolicy(FailurePolicy policy) {
            this.failurePolicy = Objects.requireNonNull(policy, "policy");
            return this;
        }

        /** The clock [system]; a {@link VirtualClock} makes ticks and timeouts deterministic. */
        public Builder withClock(HostClock clock) {
            this.clock = Objects.requireNonNull(clock, "clock");
            return this;
        }

        /** Where log records go besides {@link ProxyWasmPlugin#logs()} [nowhere]. */
        public Builder withLogSink(LogSink sink) {
            this.logSink = Objects.requireNonNull(sink, "sink");
            return this;
        }

        /** The plugin's log level [INFO], also answered to {@code proxy_get_log_level}. */
        public Builder withLogLevel(LogLevel level) {
            this.logLevel = Objects.requireNonNull(level, "level");
            return this;
        }

        /** Where {@code proxy_http_call} goes [nowhere: BAD_ARGUMENT]. */
        public Builder withHttpUpstream(HttpUpstream upstream) {
            this.httpUpstream = Objects.requireNonNull(upstream, "upstream");
            return this;
        }

        /** Where gRPC calls and streams go [nowhere: BAD_ARGUMENT]. */
        public Builder withGrpcUpstream(GrpcUpstream upstream) {
            this.grpcUpstream = Objects.requireNonNull(upstream, "upstream");
            return this;
        }

        /**
         * A plugin-level property the filter can read, e.g. {@code withProperty("node.id",
         * "test")}; segments separated by '.' or NUL.
         */
        public Builder withProperty(String path, byte[] value) {
            properties.put(PropertyPath.canonical(path), value.clone());
            return this;
        }

        /** A plugin-level property by its segments, each kept whole (see {@link HttpStream}). */
        public Builder withProperty(List<String> segments, byte[] value) {
            properties.put(PropertyPath.of(segments), value.clone());
            return this;
        }

        /** A UTF-8 plugin-level property. */
        public Builder withProperty(String path, String value) {
            return withProperty(path, value.getBytes(StandardCharsets.UTF_8));
        }

        /** A WASI environment variable [none: the host environment is never visible]. */
        public Builder withEnvironmentVariable(String name, String value) {
            environment.put(
                    Objects.requireNonNull(name, "name"), Objects.requireNonNull(value, "value"));
            return this;
        }

        /** A function the filter can call with {@code proxy_call_foreign_function}. */
        public Builder withForeignFunction(String name, ForeignFunction function) {
            foreignFunctions.put(
                    Objects.requireNonNull(name, "name"),
                    Objects.requireNonNull(function, "function"));
            return this;
        }

        /**
         * Interpreter or compiler [COMPILER]. Ignored for a {@link ProxyWasmModule#precompiled}
         * module, which always runs its build-time compiled classes.
         */
        public Builder withEngine(Engine engine) {
            this.engine = Objects.requireNonNull(engine, "engine");
            return this;
        }

        /** The most 64 KiB pages a VM's memory may grow to [4096 = 256 MiB]. */
        public Builder withMaxMemoryPages(int pages) {
            // 32767 pages (2 GiB) is the most a JVM byte array can hold.
            if (pages < 1 || pages > 32767) {
                throw new IllegalArgumentException(
                        "max memory pages must be 1..32767, got "
                                + pages
                                + "; fix: pass e.g. 4096 (256 MiB)");
            }
            this.maxMemoryPages = pages;
            return this;
        }

        /** The longest one guest call may run before the VM fails [10 s]; zero disables. */
        public Builder withCallbackDeadline(Duration deadline) {
            if (deadline.isNegative()) {
                throw new IllegalArgumentException(
                        "the callback deadline must not be negative, got "
                                + deadline
                                + "; fix: pass a positive duration or Duration.ZERO to disable");
            }
            this.deadline = deadline;
            return this;
        }

        /** Makes WASI {@code random_get} repeatable [cryptographic randomness]. */
        public Builder withRandomSeed(long seed) {
            this.randomSeed = seed;
            return this;
        }

        /**
         * Envoy's {@code allow_on_headers_stop_iteration} [false]: when false, a header callback's
         * StopIteration stops all iteration, so body and trailers wait until the filter continues
         * the stream; when true, body callbacks still reach the filter.
         */
        public Builder withAllowOnHeadersStopIteration(boolean allow) {
            this.allowOnHeadersStopIteration = allow;
            return this;
        }

        /** Bounds on what the guest can make the host hold [{@link Limits#defaults()}]. */
        public Builder withLimits(Limits limits) {
            this.limits = Objects.requireNonNull(limits, "limits");
            return this;
        }

        /**
         * Envoy's buffer limit [1 MiB, the default {@code per_connection_buffer_limit_bytes}]: a
         * body the filter buffers (StopIterationAndBuffer, or StopAllIterationAndBuffer from the
         * headers) beyond it is answered 413 on the request side and 500 on the response side.
         * The watermark variants only apply flow control in Envoy and never fail here.
         */
        public Builder withBufferLimit(int bytes) {
            if (bytes < 1) {
                throw new IllegalArgumentException(
                        "the buffer limit must be at least 1 byte, got "
                                + bytes
                                + "; fix: pass e.g. 1048576 (Envoy's default)");
            }
            this.bufferLimitBytes = bytes;
            return this;
        }

        /** Shares data and queues with other plugins [a state of its own]. */
        public Builder withSharedState(SharedState state) {
            this.sharedState = Objects.requireNonNull(state, "state");
            return this;
        }

        /**
         * Starts the first VM: root context, {@code proxy_on_vm_start}, {@code
         * proxy_on_configure}.
         *
         * @throws PluginStartException if the plugin traps or rejects its configuration
         */
        public ProxyWasmPlugin build() {
            var plugin = new ProxyWasmPlugin(this);
            plugin.attachment();
            return plugin;
        }
    }
}
