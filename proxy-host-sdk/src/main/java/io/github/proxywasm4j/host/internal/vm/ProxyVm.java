package io.github.proxywasm4j.host.internal.vm;

import com.dylibso.chicory.runtime.ChicoryInterruptedException;
import com.dylibso.chicory.runtime.ExportFunction;
import com.dylibso.chicory.runtime.HostFunction;
import com.dylibso.chicory.runtime.ImportMemory;
import com.dylibso.chicory.runtime.ImportValues;
import com.dylibso.chicory.runtime.Instance;
import com.dylibso.chicory.runtime.Memory;
import com.dylibso.chicory.runtime.TrapException;
import com.dylibso.chicory.wasm.ChicoryException;
import com.dylibso.chicory.wasm.types.ExternalType;
import com.dylibso.chicory.wasm.types.FunctionImport;
import com.dylibso.chicory.wasm.types.MemoryImport;
import com.dylibso.chicory.wasm.types.MemoryLimits;
import io.github.proxywasm4j.host.FailurePolicy;
import io.github.proxywasm4j.host.HostClock;
import io.github.proxywasm4j.host.LogEntry;
import io.github.proxywasm4j.host.PluginFailure;
import io.github.proxywasm4j.host.abi.AbiVersion;
import io.github.proxywasm4j.host.abi.LogLevel;
import io.github.proxywasm4j.host.abi.WasiFunctions;
import io.github.proxywasm4j.host.internal.memory.FlatMemory;
import io.github.proxywasm4j.host.internal.state.SharedStore;
import io.github.proxywasm4j.host.internal.time.Scheduler;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.locks.LockSupport;

/**
 * One plugin VM: a Chicory instance with its contexts, as one Envoy worker holds it. Single
 * threaded: every entry runs under {@link #lock}; work that arrives from other threads (callout
 * replies, timers, queue notifications) is posted and run when the VM is free: by the poster, by
 * the holder when it lets go, by a thread in {@link #await}, or by the {@link EventSweeper}.
 */
public final class ProxyVm implements SharedStore.QueueOwner {
    /** Logs every host call at TRACE: {@code -Dproxywasm4j.traceHostCalls=true}. */
    static final boolean TRACE_HOST_CALLS = Boolean.getBoolean("proxywasm4j.traceHostCalls");

    static final int RESTRICT_NONE = 0;
    static final int RESTRICT_ALLOCATOR = 1;
    static final int RESTRICT_INIT = 2;

    final PluginConfig cfg;
    final boolean abi010;

    /** The thread that started this VM, whose streams it serves (one VM per thread). */
    private final Thread owner = Thread.currentThread();

    /**
     * Whether a stream reads the clock when its request headers arrive. Only the guest ({@code
     * proxy_get_property}) or the test can observe {@code request.time}; with the system clock and
     * a guest that cannot read properties the read (30-55 ns on some VMs) waits until asked.
     */
    boolean eagerRequestTime = true;

    // The VM lock: `state` is even when free and odd when held; each hold counts it up twice.
    // Lighter than a ReentrantLock (no owner-thread reference store, no hold-count bookkeeping in
    // the synchronizer): an uncontended entry is one CAS, and the holder lets go with a release
    // store, no fence. Every place that lets go looks at `events` afterwards, but without a fence
    // that look may miss an event queued at the same moment by a thread that found the VM held;
    // such a poster hands the VM to the EventSweeper, which runs the event once the VM is free.
    private volatile int state;

    // The holding thread's id (0 when free) and its hold count; written by the holder only.
    private long holder;
    private int holds;

    /** Threads in {@link #await}, woken after work that arrived from elsewhere has run. */
    private final ConcurrentLinkedQueue<Thread> awaiting = new ConcurrentLinkedQueue<>();

    /** Set while the VM waits in the {@link EventSweeper}'s list. */
    final java.util.concurrent.atomic.AtomicBoolean sweepQueued =
            new java.util.concurrent.atomic.AtomicBoolean();

    final ConcurrentLinkedQueue<Runnable> events = new ConcurrentLinkedQueue<>();
    private final ArrayList<Runnable> afterCall = new ArrayList<>();

    // Argument arrays reused by outer guest calls: engines read them on entry and keep nothing.
    private final long[] args1 = new long[1];
    private final long[] args2 = new long[2];
    private final long[] args3 = new long[3];

    Instance instance;
    Memory memory;
    private ExportFunction allocator;
    final Callbacks cb = new Callbacks();

    final RootContext root;
    private int nextContextId = 1;

    /**
     * Live contexts by id, except perhaps {@link #current}: a context enters the table only once
     * another context runs while it is still live, so a stream whose callbacks all run before the
     * next one starts never touches it (a reference store into this long-lived table costs a G1
     * card-mark fence). {@link #context(int)} and {@link #liveContexts()} look at both.
     */
    private final IntTable<Context> contexts = new IntTable<>();

    /** The context of the running callback, and the override set by the guest. */
    Context current;

    Context effective;

    int depth;
    int restriction;

    /** cpp-host's stop_iteration_: set by send_local_response, read after the callback. */
    boolean stopNextIteration;

    private volatile PluginFailure failure;
    private String lastCritical;

    // Made on the first random_get: a SecureRandom starts the JCA providers, tens of
    // milliseconds in a fresh JVM, and most filters never ask.
    private Random random;

    // Per-callback data the guest may read.
    byte[] foreignArguments;
    HttpCallState callResponse;
    GrpcCallState grpcCurrent;
    byte[] grpcMessage;
    HeaderMap grpcInitialMetadata;
    HeaderMap grpcTrailingMetadata;
    boolean configurationReadable;
    int statusCode;
    byte[] statusMessage = new byte[0];

    // Callouts.
    int nextHttpToken;
    int nextGrpcCallToken;
    int nextGrpcStreamToken;
    final HashMap<Integer, HttpCallState> httpCalls = new HashMap<>();
    final HashMap<Integer, GrpcCallState> grpcCalls = new HashMap<>();

    // Ticks.
    private int tickPeriodMillis;
    private Scheduler.Cancellable tickTimer;
    private long tickGeneration;

    // Deadline watchdog: the watchdog epoch at which the outermost guest call began, 0 when idle.
    // Written with release semantics only, so the hot path pays no full fence.
    static final java.lang.invoke.VarHandle CALL_START;

    private static final java.lang.invoke.VarHandle STATE;
    private static final java.lang.invoke.VarHandle HOLDER;

    static {
        try {
            var lookup = java.lang.invoke.MethodHandles.lookup();
            CALL_START = lookup.findVarHandle(ProxyVm.class, "callStart", long.class);
            STATE = lookup.findVarHandle(ProxyVm.class, "state", int.class);
            HOLDER = lookup.findVarHandle(ProxyVm.class, "holder", long.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    volatile Thread callThread;
    long callStart;
    volatile boolean deadlineHit;
    private boolean closed;
    private boolean watched;

    Random random() {
        var r = random;
        if (r == null) {
            r = cfg.randomSeed != null ? new Random(cfg.randomSeed) : new SecureRandom();
            random = r;
        }
        return r;
    }

    ProxyVm(PluginConfig cfg) {
        this.cfg = cfg;
        this.abi010 = cfg.abi == AbiVersion.V0_1_0;
        this.root = new RootContext(this, 0);
    }

    /**
     * Creates and starts a VM as cpp-host does: instantiate (start section), allocator lookup,
     * {@code _initialize}/{@code main} or {@code _start}, then the root context: {@code
     * proxy_on_context_create(R, 0)}, {@code proxy_on_vm_start(R, n)}, {@code
     * proxy_on_configure(R, n)}. Failures come back as {@link StartFailure}.
     */
    public static ProxyVm start(PluginConfig cfg) throws StartFailure {
        var vm = new ProxyVm(cfg);
        vm.acquire();
        try {
            vm.doStart();
        } finally {
            vm.release();
        }
        vm.drainEvents();
        return vm;
    }

    private void doStart() throws StartFailure {
        current = root;
        instantiate();
        var exports = instance.module().exportSection();
        boolean hasInitialize = false;
        boolean hasStart = false;
        boolean hasMain = false;
        boolean hasMainVoid = false;
        for (int i = 0; i < exports.exportCount(); i++) {
            var e = exports.getExport(i);
            if (e.exportType() != ExternalType.FUNCTION) {
                continue;
            }
            switch (e.name()) {
                case "_initialize" -> hasInitialize = true;
                case "_start" -> hasStart = true;
                case "main" -> hasMain = true;
                case "__main_void" -> hasMainVoid = true;
                default -> {}
            }
        }
        allocator = find("malloc");
        if (allocator == null) {
            allocator = find("proxy_on_memory_allocate");
        }
        if (allocator == null) {
            throw new StartFailure(
                    "module exports no allocator; fix: export malloc or proxy_on_memory_allocate"
                            + " (i32) -> i32",
                    "instantiate",
                    null);
        }
        cb.lookup(this);
        restriction = RESTRICT_INIT;
        try {
            if (hasInitialize) {
                startCall("_initialize");
                if (hasMain) {
                    startCall("main", 0, 0);
                } else if (hasMainVoid) {
                    startCall("__main_void");
                }
            } else if (hasStart) {
                startCall("_start");
            }
        } finally {
            restriction = RESTRICT_NONE;
        }
        // Root context first, as Envoy does.
        int rootId = nextContextId++;
        root.assignId(rootId);
        root.registered = true;
        contexts.put(rootId, root);
        configurationReadable = true;
        try {
            if (cb.onContextCreate != null) {
                call(cb.onContextCreate, "proxy_on_context_create", root, rootId, 0);
                checkStart("proxy_on_context_create");
            }
            root.created = true;
            if (cb.onVmStart != null) {
                long ok =
                        call(
                                cb.onVmStart,
                                "proxy_on_vm_start",
                                root,
                                rootId,
                                cfg.vmConfiguration.length);
                checkStart("proxy_on_vm_start");
                if (ok == 0) {
                    throw new StartFailure(
                            "proxy_on_vm_start returned false: the plugin rejected its VM"
                                    + " configuration ("
                                    + cfg.vmConfiguration.length
                                    + " bytes); fix: see the plugin's log",
                            "proxy_on_vm_start",
                            null);
                }
            }
            if (cb.onConfigure != null) {
                root.inConfigure = true;
                long ok =
                        call(
                                cb.onConfigure,
                                "proxy_on_configure",
                                root,
                                rootId,
                                cfg.pluginConfiguration.length);
                root.inConfigure = false;
                checkStart("proxy_on_configure");
                if (ok == 0) {
                    throw new StartFailure(
                            "proxy_on_configure returned false: the plugin rejected its"
                                    + " configuration ("
                                    + cfg.pluginConfiguration.length
                                    + " bytes); fix: check withPluginConfiguration(..) and the"
                                    + " plugin's log",
                            "proxy_on_configure",
                            null);
                }
            }
        } finally {
            configurationReadable = false;
        }
        runAfterCall();
    }

    private void checkStart(String step) throws StartFailure {
        var f = failure;
        if (f != null) {
            throw new StartFailure(f.reason(), step, null);
        }
    }

    private void startCall(String name, long... args) throws StartFailure {
        call(find(name), name, root, args);
        checkStart(name);
    }

    private void instantiate() throws StartFailure {
        var module = cfg.module;
        var imports = ImportValues.builder();
        var section = module.importSection();
        MemoryLimits importedLimits = null;
        boolean readsProperties = false;
        for (int i = 0; i < section.importCount(); i++) {
            var imp = section.getImport(i);
            if (imp.importType() == ExternalType.FUNCTION) {
                var type = module.typeSection().getType(((FunctionImport) imp).typeIndex());
                readsProperties |=
                        imp.module().equals("env") && imp.name().equals("proxy_get_property");
                var handle = bind(imp.module(), imp.name());
                if (handle == null) {
                    throw new StartFailure(
                            "the module imports "
                                    + imp.module()
                                    + "."
                                    + imp.name()
                                    + ", which the host does not provide for ABI "
                                    + cfg.abi.version()
                                    + "; fix: remove the import or declare a matching"
                                    + " proxy_abi_version_* export",
                            "instantiate",
                            null);
                }
                imports.addFunction(new HostFunction(imp.module(), imp.name(), type, handle));
            } else if (imp.importType() == ExternalType.MEMORY) {
                var limits = ((MemoryImport) imp).limits();
                importedLimits = cap(limits);
                imports.addMemory(
                        new ImportMemory(imp.module(), imp.name(), newMemory(importedLimits)));
            }
        }
        var builder =
                Instance.builder(module)
                        .withImportValues(imports.build())
                        .withMemoryFactory(ProxyVm::newMemory)
                        .withStart(false);
        if (importedLimits == null
                && module.memorySection().isPresent()
                && module.memorySection().get().memoryCount() > 0) {
            var declared = module.memorySection().get().getMemory(0).limits();
            builder.withMemoryLimits(cap(declared));
        }
        if (cfg.machineFactory != null) {
            builder.withMachineFactory(cfg.machineFactory);
        }
        try {
            instance = guard(() -> builder.build());
        } catch (RuntimeException | StackOverflowError e) {
            var reason = reasonOf(e);
            throw new StartFailure(reason, "instantiate", e);
        }
        if (failure != null) {
            throw new StartFailure(failure.reason(), "instantiate", null);
        }
        memory = instance.memory();
        eagerRequestTime = readsProperties || !(cfg.clock == HostClock.system());
    }

    private MemoryLimits cap(MemoryLimits declared) throws StartFailure {
        int max = Math.min(declared.maximumPages(), cfg.maxMemoryPages);
        if (declared.initialPages() > max) {
            throw new StartFailure(
                    "the module needs "
                            + declared.initialPages()
                            + " memory pages at start, over the cap of "
                            + cfg.maxMemoryPages
                            + " pages; fix: raise withMaxMemoryPages(..)",
                    "instantiate",
                    null);
        }
        return new MemoryLimits(declared.initialPages(), max);
    }

    /** The one place that chooses the memory implementation (never ByteBufferMemory). */
    static Memory newMemory(MemoryLimits limits) {
        return FlatMemory.factory(limits);
    }

    private com.dylibso.chicory.runtime.WasmFunctionHandle bind(String module, String name) {
        if (module.equals("env")) {
            var fn = EnvFunctions.TABLE.get(name);
            if (fn == null || !providedInVersion(name)) {
                return null;
            }
            var vm = this;
            int allowed = fn.allowedRestrictions();
            var impl = fn.impl();
            return (inst, args) -> {
                if (vm.restriction != RESTRICT_NONE && (allowed & (1 << vm.restriction)) == 0) {
                    throw new RestrictedCallback(name);
                }
                if (TRACE_HOST_CALLS) {
                    return vm.traced(name, impl, args);
                }
                return impl.call(vm, args);
            };
        }
        if (module.equals(WasiFunctions.SNAPSHOT_PREVIEW1)
                || module.equals(WasiFunctions.UNSTABLE)) {
            var fn = WasiHost.TABLE.get(name);
            if (fn == null) {
                return null;
            }
            var vm = this;
            int allowed = fn.allowedRestrictions();
            var impl = fn.impl();
            return (inst, args) -> {
                if (vm.restriction != RESTRICT_NONE && (allowed & (1 << vm.restriction)) == 0) {
                    throw new RestrictedCallback(module + "." + name);
                }
                return impl.call(vm, args);
            };
        }
        return null;
    }

    private boolean providedInVersion(String name) {
        if (!name.startsWith("proxy_")) {
            return AbiVersion.emscriptenFunctions().stream().anyMatch(f -> f.name().equals(name));
        }
        return cfg.abi.hostFunction(name).isPresent();
    }

    long[] traced(String name, HostFn.Impl impl, long[] args) {
        var result = impl.call(this, args);
        cfg.logs.accept(
                LogEntry.of(
                        LogLevel.TRACE,
                        "host call "
                                + name
                                + java.util.Arrays.toString(args)
                                + " -> "
                                + java.util.Arrays.toString(result)));
        return result;
    }

    ExportFunction find(String name) {
        var exports = cfg.module.exportSection();
        for (int i = 0; i < exports.exportCount(); i++) {
            var e = exports.getExport(i);
            if (e.exportType() == ExternalType.FUNCTION && e.name().equals(name)) {
                return instance.export(name);
            }
        }
        return null;
    }

    // ---------------------------------------------------------------- guest calls

    /**
     * Calls the guest with {@code ctx} as the current context. A trap, {@code proc_exit}, deadline
     * or any engine error marks the VM failed and returns 0; nothing escapes.
     */
    long call(ExportFunction fn, String name, Context ctx, long a0) {
        var args = depth == 0 ? args1 : new long[1];
        args[0] = a0;
        return call(fn, name, ctx, args);
    }

    long call(ExportFunction fn, String name, Context ctx, long a0, long a1) {
        var args = depth == 0 ? args2 : new long[2];
        args[0] = a0;
        args[1] = a1;
        return call(fn, name, ctx, args);
    }

    long call(ExportFunction fn, String name, Context ctx, long a0, long a1, long a2) {
        var args = depth == 0 ? args3 : new long[3];
        args[0] = a0;
        args[1] = a1;
        args[2] = a2;
        return call(fn, name, ctx, args);
    }

    /**
     * Calls the guest with {@code ctx} as the current context. A trap, {@code proc_exit}, deadline
     * or any engine error marks the VM failed and returns 0; nothing escapes.
     */
    long call(ExportFunction fn, String name, Context ctx, long... args) {
        if (failure != null || fn == null || closed) {
            return 0;
        }
        boolean outer = depth++ == 0;
        Context savedCurrent = null;
        Context savedEffective = null;
        if (outer) {
            // An outer call leaves `current` set: nothing reads it between calls, and a reference
            // store into this long-lived object costs a G1 card-mark fence.
            if (current != ctx) {
                switchTo(ctx);
            }
            if (effective != null) {
                effective = null;
            }
            enterWatch();
        } else {
            savedCurrent = current;
            savedEffective = effective;
            // Both stay findable by id while the other one is current.
            register(savedCurrent);
            register(ctx);
            current = ctx;
            effective = null;
        }
        try {
            var result = fn.apply(args);
            return result == null || result.length == 0 ? 0 : result[0];
        } catch (RuntimeException | StackOverflowError e) {
            fail(name, e);
            return 0;
        } catch (OutOfMemoryError e) {
            // Guest memory lives on the Java heap; a huge memory.grow must not take the JVM down.
            fail(name, e);
            return 0;
        } finally {
            depth--;
            if (outer) {
                exitWatch();
                if (effective != null) {
                    effective = null;
                }
            } else {
                current = savedCurrent;
                effective = savedEffective;
            }
        }
    }

    private <T> T guard(java.util.function.Supplier<T> action) {
        depth++;
        enterWatch();
        try {
            return action.get();
        } finally {
            exitWatch();
            depth--;
        }
    }

    private void enterWatch() {
        if (cfg.deadlineNanos <= 0) {
            return;
        }
        if (deadlineHit) {
            deadlineHit = false;
            Thread.interrupted();
        }
        var thread = Thread.currentThread();
        if (callThread != thread) {
            callThread = thread;
        }
        if (!watched) {
            watched = true;
            Watchdog.watch(this);
        }
        CALL_START.setRelease(this, Watchdog.epoch());
    }

    private void exitWatch() {
        if (cfg.deadlineNanos <= 0) {
            return;
        }
        CALL_START.setRelease(this, 0L);
        if (deadlineHit) {
            // The watchdog interrupted this thread for us; do not leak the flag to the caller.
            Thread.interrupted();
        }
    }

    /** Guest allocation of exactly {@code size} bytes (never 0); returns 0 when it failed. */
    int allocate(int size) {
        int saved = restriction;
        restriction = RESTRICT_ALLOCATOR;
        try {
            var r = allocator.apply(size);
            int ptr = (int) r[0];
            return ptr != 0 && GuestMemory.inBounds(memory, ptr, size) ? ptr : 0;
        } finally {
            restriction = saved;
        }
    }

    // ---------------------------------------------------------------- failure

    void fail(String callback, Throwable e) {
        if (failure != null) {
            return;
        }
        var reason = reasonOf(e);
        var f = new PluginFailure(cfg.rootId, callback, reason, Optional.ofNullable(lastCritical));
        failure = f;
        log(LogLevel.CRITICAL, "Function: " + callback + " failed: " + reason, false);
        cancelTicks();
        cfg.onFailure.accept(f);
        for (var ctx : liveContexts()) {
            if (ctx != root) {
                afterCall.add(ctx::onVmFailed);
            }
        }
    }

    String reasonOf(Throwable e) {
        if (e instanceof ProcExit p) {
            return "proc_exit(" + p.code + ")";
        }
        if (e instanceof RestrictedCallback r) {
            return "restricted_callback: " + r.getMessage();
        }
        boolean interrupted =
                e instanceof ChicoryInterruptedException
                        || hasCause(e, ChicoryInterruptedException.class);
        if (deadlineHit && (interrupted || cfg.deadlineNanos > 0)) {
            return "deadline of "
                    + (cfg.deadlineNanos / 1_000_000)
                    + " ms exceeded (endless loop?); fix: raise withCallbackDeadline(..) or fix the"
                    + " loop";
        }
        if (interrupted) {
            return "interrupted: the thread running the guest was interrupted by the"
                    + " application";
        }
        if (e instanceof OutOfMemoryError) {
            return "out of Java heap while the guest held "
                    + (memory == null ? 0 : memory.pages())
                    + " memory pages; fix: lower withMaxMemoryPages(..) or raise the JVM's -Xmx";
        }
        if (e instanceof StackOverflowError) {
            return "trap: call stack exhausted";
        }
        var cause = e;
        while (cause.getCause() != null && !(cause instanceof TrapException)) {
            if (cause.getCause() instanceof ProcExit p) {
                return "proc_exit(" + p.code + ")";
            }
            cause = cause.getCause();
        }
        var msg = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
        if (e instanceof TrapException || e instanceof ChicoryException) {
            if (memory != null && memory.pages() >= cfg.maxMemoryPages) {
                // A guest allocator that cannot grow usually ends in unreachable.
                return "trap: "
                        + msg
                        + " (memory is at its cap of "
                        + cfg.maxMemoryPages
                        + " pages; fix: raise withMaxMemoryPages(..) or find the leak)";
            }
            return "trap: " + msg;
        }
        return "host error: " + e;
    }

    private static boolean hasCause(Throwable e, Class<?> type) {
        for (var c = e.getCause(); c != null; c = c.getCause()) {
            if (type.isInstance(c)) {
                return true;
            }
        }
        return false;
    }

    public PluginFailure failure() {
        return failure;
    }

    public boolean failed() {
        return failure != null;
    }

    public FailurePolicy policy() {
        return cfg.failurePolicy;
    }

    // ---------------------------------------------------------------- logging

    void log(LogLevel level, String message, boolean fromGuest) {
        if (fromGuest && level == LogLevel.CRITICAL) {
            lastCritical = message;
        }
        if (level.code() >= cfg.logLevel.code() || level == LogLevel.CRITICAL) {
            cfg.logs.accept(LogEntry.of(level, message));
        }
    }

    // ---------------------------------------------------------------- contexts

    int newContextId() {
        return nextContextId++;
    }

    /** A live context by id, or null. */
    Context context(int id) {
        var ctx = contexts.get(id);
        if (ctx == null) {
            var c = current;
            if (c != null && c.id == id && c.created && !c.deleted) {
                return c;
            }
        }
        return ctx;
    }

    private List<Context> liveContexts() {
        var list = contexts.values();
        var c = current;
        if (c != null && !c.registered && c.created && !c.deleted) {
            list.add(c);
        }
        return list;
    }

    /** Makes {@code ctx} the current context; the one it replaces stays findable if live. */
    private void switchTo(Context ctx) {
        register(current);
        current = ctx;
    }

    private void register(Context ctx) {
        if (ctx != null && !ctx.registered && ctx.created && !ctx.deleted) {
            ctx.registered = true;
            contexts.put(ctx.id, ctx);
        }
    }

    /** The context host calls act on: the effective override or the running callback's. */
    Context target() {
        var e = effective;
        return e != null && !e.deleted ? e : current;
    }

    public RootContext root() {
        return root;
    }

    /**
     * A stream context, known to the VM's table once it is announced to the guest ({@link
     * #create}). Only the owner thread creates contexts, so this needs no lock.
     */
    public HttpContext newHttpContext() {
        return new HttpContext(this, newContextId());
    }

    /** Whether the calling thread is the one this VM belongs to. */
    public boolean ownedByCurrentThread() {
        return owner == Thread.currentThread();
    }

    public TcpContext newTcpContext() {
        return new TcpContext(this, newContextId());
    }

    /** Announces a stream context to the guest: {@code proxy_on_context_create(id, root)}. */
    void create(Context ctx) {
        if (ctx.created) {
            return;
        }
        ctx.created = true;
        if (current != ctx) {
            // Current from now on (even if the module has no proxy_on_context_create).
            switchTo(ctx);
        }
        call(cb.onContextCreate, "proxy_on_context_create", ctx, ctx.id, root.id);
    }

    /** Drops a context and cancels its callouts (Envoy cancels them on destruction). */
    void forget(Context ctx) {
        ctx.deleted = true;
        if (ctx.registered) {
            ctx.registered = false;
            contexts.remove(ctx.id);
        }
        if (effective == ctx) {
            effective = null;
        }
    }

    // ---------------------------------------------------------------- locking and events

    public void lock() {
        long me = Thread.currentThread().getId();
        // Only the holder itself can read its own id here: it clears the field before letting go.
        if ((long) HOLDER.getOpaque(this) == me) {
            holds++;
            return;
        }
        acquire();
    }

    /** Runs deferred actions, releases the VM, then runs events that arrived meanwhile. */
    public void unlock() {
        boolean outer = holds == 1;
        try {
            if (outer && depth == 0) {
                runAfterCall();
                runEventsLocked();
            }
        } finally {
            if (outer) {
                release();
            } else {
                holds--;
            }
        }
        if (outer && !events.isEmpty()) {
            drainEvents();
        }
    }

    /** Takes the VM (not held by this thread) for a first hold. */
    private void acquire() {
        int s = state;
        if ((s & 1) != 0 || !STATE.compareAndSet(this, s, s + 1)) {
            lockSlow();
        }
        HOLDER.setOpaque(this, Thread.currentThread().getId());
        holds = 1;
    }

    /** Lets go of the last hold (no fence); the caller then looks at {@link #events}. */
    private void release() {
        holds = 0;
        HOLDER.setOpaque(this, 0L);
        STATE.setRelease(this, state + 1);
    }

    /** Lets go with a full fence: a look at {@link #events} after it sees every earlier post. */
    private void releaseFenced() {
        holds = 0;
        HOLDER.setOpaque(this, 0L);
        STATE.setVolatile(this, state + 1);
    }

    /**
     * Waits for a held VM. Holders wake nobody, so this polls with a growing pause (at most 1 ms);
     * contention is rare: another thread's stream, or work from elsewhere running on the VM.
     */
    private void lockSlow() {
        boolean interrupted = false;
        long pause = 1_000;
        for (int spins = 0; ; spins++) {
            int s = state;
            if ((s & 1) == 0 && STATE.compareAndSet(this, s, s + 1)) {
                break;
            }
            if (spins < 64) {
                Thread.onSpinWait();
                continue;
            }
            LockSupport.parkNanos(this, pause);
            pause = Math.min(pause * 2, 1_000_000);
            if (Thread.interrupted()) {
                // Taking the VM is not interruptible; the flag is kept for the caller.
                interrupted = true;
            }
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
    }

    /** Queues work for the VM thread and runs it now if the VM is free. */
    public void post(Runnable event) {
        events.add(event);
        drainEvents();
    }

    /**
     * Runs queued events if the VM is free; otherwise its holder or the sweeper runs them. False
     * if another thread held the VM.
     */
    boolean drainEvents() {
        long me = Thread.currentThread().getId();
        while (!events.isEmpty()) {
            int s = state;
            if ((s & 1) != 0) {
                if ((long) HOLDER.getOpaque(this) == me) {
                    // A call on this thread is in progress; it runs them when it returns.
                    return true;
                }
                // The holder looks at the queue after it lets go, but may miss this event.
                EventSweeper.watch(this);
                return false;
            }
            if (!STATE.compareAndSet(this, s, s + 1)) {
                continue;
            }
            HOLDER.setOpaque(this, me);
            holds = 1;
            try {
                if (depth != 0) {
                    // A guest call is in progress (never expected with the VM free).
                    return true;
                }
                runEventsLocked();
            } finally {
                release();
            }
        }
        return true;
    }

    private void runEventsLocked() {
        Runnable r;
        boolean ran = false;
        while ((r = events.poll()) != null) {
            r.run();
            runAfterCall();
            ran = true;
        }
        if (ran && !awaiting.isEmpty()) {
            for (var t : awaiting) {
                LockSupport.unpark(t);
            }
        }
    }

    /**
     * Waits (VM held by the caller) until {@code done} holds, running events that arrive; false
     * when the timeout passed first. The VM is free while the caller sleeps, so replies and ticks
     * run on the threads that deliver them and wake it.
     */
    public boolean await(java.util.function.BooleanSupplier done, long timeoutNanos)
            throws InterruptedException {
        long deadline = System.nanoTime() + timeoutNanos;
        var me = Thread.currentThread();
        awaiting.add(me);
        try {
            while (true) {
                if (done.getAsBoolean()) {
                    return true;
                }
                if (!events.isEmpty() && depth == 0) {
                    runEventsLocked();
                    continue;
                }
                long remaining = deadline - System.nanoTime();
                if (remaining <= 0) {
                    return false;
                }
                if (Thread.interrupted()) {
                    throw new InterruptedException();
                }
                int saved = holds;
                releaseFenced();
                try {
                    if (events.isEmpty()) {
                        LockSupport.parkNanos(this, remaining);
                    }
                } finally {
                    acquire();
                    holds = saved;
                }
            }
        } finally {
            awaiting.remove(me);
        }
    }

    /**
     * Runs deferred actions and work that arrived during the current entry now (caller holds the
     * VM once, no guest call in progress), so the entry's result can reflect them.
     */
    void runPendingNow() {
        if (depth == 0 && holds == 1) {
            runAfterCall();
            if (!events.isEmpty()) {
                runEventsLocked();
            }
        }
    }

    /** Side effects on the proxy run after the guest call returns (cpp-host DeferAfterCallActions). */
    void defer(Runnable action) {
        afterCall.add(action);
    }

    void runAfterCall() {
        while (!afterCall.isEmpty()) {
            var actions = new ArrayList<>(afterCall);
            afterCall.clear();
            for (var a : actions) {
                a.run();
            }
        }
    }

    // ---------------------------------------------------------------- ticks

    void setTickPeriod(int millis) {
        tickPeriodMillis = millis;
        cancelTicks();
        if (millis > 0 && failure == null && !closed) {
            long gen = tickGeneration;
            scheduleTick(gen);
        }
    }

    public int tickPeriodMillis() {
        return tickPeriodMillis;
    }

    private void scheduleTick(long gen) {
        // The timer holds the VM weakly: a plugin nobody closed stops ticking once collected.
        var ref = new java.lang.ref.WeakReference<>(this);
        tickTimer =
                cfg.scheduler.schedule(
                        tickPeriodMillis * 1_000_000L,
                        () -> {
                            var vm = ref.get();
                            if (vm != null) {
                                vm.post(() -> vm.onTickTimer(gen));
                            }
                        });
    }

    private void onTickTimer(long gen) {
        if (gen == tickGeneration && failure == null && !closed) {
            scheduleTick(gen);
            tick();
        }
    }

    private void cancelTicks() {
        tickGeneration++;
        if (tickTimer != null) {
            tickTimer.cancel();
            tickTimer = null;
        }
    }

    /** {@code proxy_on_tick(root)} now (caller holds the lock). */
    public void tick() {
        call(cb.onTick, "proxy_on_tick", root, root.id);
    }

    // ---------------------------------------------------------------- queues

    @Override
    public void queueReady(int rootContextId, int queueId) {
        post(
                () -> {
                    if (failure == null && !closed) {
                        call(cb.onQueueReady, "proxy_on_queue_ready", root, rootContextId, queueId);
                    }
                });
    }

    @Override
    public boolean alive() {
        return failure == null && !closed;
    }

    // ---------------------------------------------------------------- foreign functions

    /** Host-initiated {@code proxy_on_foreign_function(root, id, size)} (caller holds the lock). */
    public void callOnForeignFunction(int functionId, byte[] arguments) {
        foreignArguments = arguments;
        try {
            call(
                    cb.onForeignFunction,
                    "proxy_on_foreign_function",
                    root,
                    root.id,
                    functionId,
                    arguments.length);
        } finally {
            foreignArguments = null;
        }
    }

    // ---------------------------------------------------------------- shutdown

    /** Envoy plugin shutdown: {@code proxy_on_done(root)}, then {@code proxy_on_delete(root)}. */
    public void close() {
        lock();
        try {
            if (closed) {
                return;
            }
            if (failure == null && cb.onDone != null) {
                long done = call(cb.onDone, "proxy_on_done", root, root.id);
                if (done == 0 && failure == null) {
                    // The plugin finishes later and calls proxy_done (reference §4.10).
                    root.donePending = true;
                    return;
                }
            }
            deleteRoot();
        } finally {
            unlock();
        }
    }

    void deleteRoot() {
        if (closed) {
            return;
        }
        if (failure == null) {
            call(cb.onDelete, "proxy_on_delete", root, root.id);
        }
        closed = true;
        cancelTicks();
    }

    public boolean closed() {
        return closed;
    }

    String text(byte[] b) {
        return new String(b, StandardCharsets.UTF_8);
    }

    /** The exports the host calls, looked up once. */
    static final class Callbacks {
        ExportFunction onContextCreate;
        ExportFunction onVmStart;
        ExportFunction onConfigure;
        ExportFunction onTick;
        ExportFunction onQueueReady;
        ExportFunction onForeignFunction;
        ExportFunction onDone;
        ExportFunction onLog;
        ExportFunction onDelete;
        ExportFunction onRequestHeaders;
        ExportFunction onRequestBody;
        ExportFunction onRequestTrailers;
        ExportFunction onRequestMetadata;
        ExportFunction onResponseHeaders;
        ExportFunction onResponseBody;
        ExportFunction onResponseTrailers;
        ExportFunction onResponseMetadata;
        ExportFunction onHttpCallResponse;
        ExportFunction onGrpcInitialMetadata;
        ExportFunction onGrpcReceive;
        ExportFunction onGrpcTrailingMetadata;
        ExportFunction onGrpcClose;
        ExportFunction onNewConnection;
        ExportFunction onDownstreamData;
        ExportFunction onUpstreamData;
        ExportFunction onDownstreamClose;
        ExportFunction onUpstreamClose;

        void lookup(ProxyVm vm) {
            onContextCreate = vm.find("proxy_on_context_create");
            onVmStart = vm.find("proxy_on_vm_start");
            onConfigure = vm.find("proxy_on_configure");
            onTick = vm.find("proxy_on_tick");
            onQueueReady = vm.find("proxy_on_queue_ready");
            // cpp-host looks it up for 0.2.x modules only.
            onForeignFunction = vm.abi010 ? null : vm.find("proxy_on_foreign_function");
            onDone = vm.find("proxy_on_done");
            onLog = vm.find("proxy_on_log");
            onDelete = vm.find("proxy_on_delete");
            onRequestHeaders = vm.find("proxy_on_request_headers");
            onRequestBody = vm.find("proxy_on_request_body");
            onRequestTrailers = vm.find("proxy_on_request_trailers");
            onRequestMetadata = vm.find("proxy_on_request_metadata");
            onResponseHeaders = vm.find("proxy_on_response_headers");
            onResponseBody = vm.find("proxy_on_response_body");
            onResponseTrailers = vm.find("proxy_on_response_trailers");
            onResponseMetadata = vm.find("proxy_on_response_metadata");
            onHttpCallResponse = vm.find("proxy_on_http_call_response");
            onGrpcInitialMetadata = vm.find("proxy_on_grpc_receive_initial_metadata");
            onGrpcReceive = vm.find("proxy_on_grpc_receive");
            onGrpcTrailingMetadata = vm.find("proxy_on_grpc_receive_trailing_metadata");
            onGrpcClose = vm.find("proxy_on_grpc_close");
            onNewConnection = vm.find("proxy_on_new_connection");
            onDownstreamData = vm.find("proxy_on_downstream_data");
            onUpstreamData = vm.find("proxy_on_upstream_data");
            onDownstreamClose = vm.find("proxy_on_downstream_connection_close");
            onUpstreamClose = vm.find("proxy_on_upstream_connection_close");
        }
    }

    /** Why a VM did not start. */
    public static final class StartFailure extends Exception {
        private static final long serialVersionUID = 1L;
        private final String step;

        StartFailure(String message, String step, Throwable cause) {
            super(message, cause);
            this.step = step;
        }

        public String step() {
            return step;
        }
    }

    /** The guest's last CRITICAL log. */
    public Optional<String> lastCriticalLog() {
        return Optional.ofNullable(lastCritical);
    }
}
