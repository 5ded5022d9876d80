package io.github.proxywasm4j.host.internal.vm;

import com.dylibso.chicory.runtime.ChicoryInterruptedException;
import com.dylibso.chicory.runtime.ExportFunction;
import com.dylibso.chicory.runtime.Instance;
import com.dylibso.chicory.runtime.Memory;
import com.dylibso.chicory.runtime.TrapException;
import com.dylibso.chicory.wasm.ChicoryException;
import io.github.proxywasm4j.host.FailurePolicy;
import io.github.proxywasm4j.host.LogEntry;
import io.github.proxywasm4j.host.LogLevel;
import io.github.proxywasm4j.host.PluginFailure;
import io.github.proxywasm4j.host.abi.AbiVersion;
import io.github.proxywasm4j.host.internal.limits.Limit;
import io.github.proxywasm4j.host.internal.limits.LimitExceeded;
import io.github.proxywasm4j.host.internal.memory.FlatMemory;
import io.github.proxywasm4j.host.internal.sourcemap.SourceLocator;
import io.github.proxywasm4j.host.internal.state.SharedStore;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Random;

/**
 * One plugin VM: a Chicory instance with its contexts, as one Envoy worker holds it. This class is
 * what cpp-host's {@code context.cc} is to its {@code wasm.cc}: every call into the guest goes
 * through {@link #call}, guarded the same way (current context, watchdog, failure); the rest lives
 * beside it: {@link VmStart} loads, links and starts the VM; the {@link Mailbox} is its lock and
 * cross-thread event queue; {@link Callouts} holds HTTP/gRPC calls in flight; {@link Ticks} the
 * root context's timer. Single threaded: every entry runs under {@link #lock}; work that arrives
 * from other threads (callout replies, timers, queue notifications) is posted and run when the VM
 * is free.
 */
public final class ProxyVm implements SharedStore.QueueOwner {
    /** Logs every host call at TRACE: {@code -Dproxywasm4j.traceHostCalls=true}. */
    static final boolean TRACE_HOST_CALLS = Boolean.getBoolean("proxywasm4j.traceHostCalls");

    static final int RESTRICT_NONE = 0;
    static final int RESTRICT_ALLOCATOR = 1;
    static final int RESTRICT_INIT = 2;

    /**
     * The settings of the plugin whose context runs now: several plugins may share this VM
     * (Envoy's VM model), each with its root context; guest calls switch to theirs.
     */
    PluginSettings cfg;

    final boolean abi010;

    /** The thread that started this VM, whose streams it serves (one VM per thread). */
    private final Thread owner = Thread.currentThread();

    /**
     * Whether a stream reads the clock when its request headers arrive. Only the guest ({@code
     * proxy_get_property}) or the test can observe {@code request.time}; with the system clock and
     * a guest that cannot read properties the read (30-55 ns on some VMs) waits until asked.
     */
    boolean eagerRequestTime = true;

    /** The one way into the VM: its lock, the cross-thread event queue, deferred actions. */
    final Mailbox mailbox = new Mailbox(this);

    /** HTTP and gRPC callouts in flight. */
    final Callouts callouts = new Callouts();

    // Argument arrays reused by outer guest calls: engines read them on entry and keep nothing.
    private final long[] args1 = new long[1];
    private final long[] args2 = new long[2];
    private final long[] args3 = new long[3];

    Instance instance;
    Memory memory;
    ExportFunction allocator;
    final Callbacks cb = new Callbacks();

    /** The first plugin's root context; {@link #roots} holds every live one. */
    final RootContext root;

    final List<RootContext> roots = new ArrayList<>();
    int nextContextId = 1;

    /**
     * Live contexts by id, except perhaps {@link #current}: a context enters the table only once
     * another context runs while it is still live, so a stream whose callbacks all run before the
     * next one starts never touches it (a reference store into this long-lived table costs a G1
     * card-mark fence). {@link #context(int)} and {@link #liveContexts()} look at both.
     */
    final IntTable<Context> contexts = new IntTable<>();

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

    // Deadline watchdog: the watchdog epoch at which the outermost guest call began, 0 when idle.
    // Written with release semantics only, so the hot path pays no full fence.
    static final java.lang.invoke.VarHandle CALL_START;

    static {
        try {
            var lookup = java.lang.invoke.MethodHandles.lookup();
            CALL_START = lookup.findVarHandle(ProxyVm.class, "callStart", long.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    volatile Thread callThread;
    long callStart;
    volatile boolean deadlineHit;
    boolean closed;
    private boolean watched;

    Random random() {
        var r = random;
        if (r == null) {
            r = cfg.randomSeed() != null ? new Random(cfg.randomSeed()) : new SecureRandom();
            random = r;
        }
        return r;
    }

    ProxyVm(PluginSettings cfg) {
        this.cfg = cfg;
        this.abi010 = cfg.abi() == AbiVersion.V0_1_0;
        this.root = new RootContext(this, 0, cfg);
        this.roots.add(root);
    }

    /**
     * Creates and starts a VM (see {@link VmStart}): instantiate, link, initialise, then the root
     * context. Failures come back as {@link StartFailure}.
     */
    public static ProxyVm start(PluginSettings cfg) throws StartFailure {
        return VmStart.start(cfg);
    }

    // ---------------------------------------------------------------- the mailbox

    /** Takes the VM (re-entrant); see {@link Mailbox#lock}. */
    public void lock() {
        mailbox.lock();
    }

    /** Runs deferred actions, releases the VM, then runs events that arrived meanwhile. */
    public void unlock() {
        mailbox.unlock();
    }

    /** Queues work for the VM thread and runs it now if the VM is free. */
    public void post(Runnable event) {
        mailbox.post(event);
    }

    /** See {@link Mailbox#await}. */
    public boolean await(java.util.function.BooleanSupplier done, long timeoutNanos)
            throws InterruptedException {
        return mailbox.await(done, timeoutNanos);
    }

    /** Side effects on the proxy run after the guest call returns (cpp-host DeferAfterCallActions). */
    void defer(Runnable action) {
        mailbox.defer(action);
    }

    void runAfterCall() {
        mailbox.runAfterCall();
    }

    /** See {@link Mailbox#runPendingNow}. */
    void runPendingNow() {
        mailbox.runPendingNow();
    }

    // ---------------------------------------------------------------- ticks

    void setTickPeriod(int millis) {
        target().root.ticks.setTickPeriod(millis);
    }

    public int tickPeriodMillis(RootContext r) {
        return r.ticks.tickPeriodMillis();
    }

    /** {@code proxy_on_tick(root)} now (caller holds the lock). */
    public void tick(RootContext r) {
        call(cb.onTick, "proxy_on_tick", r, r.id);
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
        var savedCfg = cfg;
        var owner = ctx.root;
        if (owner != null && owner.settings != cfg) {
            cfg = owner.settings;
        }
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
                cfg = savedCfg;
            }
        }
    }

    <T> T guard(java.util.function.Supplier<T> action) {
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
        if (cfg.deadlineNanos() <= 0) {
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
        if (cfg.deadlineNanos() <= 0) {
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
        var reason = reasonOf(e) + SourceLocator.describe(cfg.module(), e, lastCritical);
        var f =
                new PluginFailure(
                        cfg.rootId(), callback, reason, Optional.ofNullable(lastCritical));
        failure = f;
        log(LogLevel.CRITICAL, "Function: " + callback + " failed: " + reason, false);
        // The VM fails for every plugin on it, as in Envoy.
        for (var r : List.copyOf(roots)) {
            r.ticks.cancelTicks();
            r.settings.onFailure().accept(f);
        }
        for (var ctx : liveContexts()) {
            if (!(ctx instanceof RootContext)) {
                mailbox.defer(ctx::onVmFailed);
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
        for (Throwable c = e; c != null; c = c.getCause()) {
            if (c instanceof LimitExceeded limit) {
                return limit.getMessage();
            }
        }
        boolean interrupted =
                e instanceof ChicoryInterruptedException
                        || hasCause(e, ChicoryInterruptedException.class);
        if (deadlineHit && (interrupted || cfg.deadlineNanos() > 0)) {
            return "deadline of "
                    + (cfg.deadlineNanos() / 1_000_000)
                    + " ms exceeded (endless loop?); fix: raise withCallbackDeadline(..) or fix the"
                    + " loop";
        }
        if (interrupted) {
            return "interrupted: the thread running the guest was interrupted by the"
                    + " application";
        }
        if (e instanceof OutOfMemoryError) {
            return "out of Java heap (host heap) while the guest held "
                    + (memory == null ? 0 : memory.pages())
                    + " memory pages; fix: lower "
                    + Limit.GUEST_MEMORY_BUDGET.property()
                    + " (Limits.builder()."
                    + Limit.GUEST_MEMORY_BUDGET.builderMethod()
                    + "(..)) or withMaxMemoryPages(..), or raise the JVM's -Xmx";
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
        if (msg.startsWith("guest memory budget reached")) {
            return msg;
        }
        if (e instanceof TrapException || e instanceof ChicoryException) {
            if (memory instanceof FlatMemory flat && flat.budgetRefused()) {
                // A guest allocator that cannot grow usually ends in unreachable.
                return "trap: " + msg + " (" + flat.budgetMessage(Memory.PAGE_SIZE) + ")";
            }
            if (memory != null && memory.pages() >= cfg.maxMemoryPages()) {
                // A guest allocator that cannot grow usually ends in unreachable.
                return "trap: "
                        + msg
                        + " (memory is at its cap of "
                        + cfg.maxMemoryPages()
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

    /** The size of the guest's linear memory in bytes (issue 13: leak checks). */
    public long memoryBytes() {
        var m = memory;
        return m == null ? 0 : m.pages() * 65536L;
    }

    public boolean failed() {
        return failure != null;
    }

    public FailurePolicy policy() {
        return cfg.failurePolicy();
    }

    /** Starts another plugin's root context in this VM (caller holds the lock). */
    public RootContext addRoot(PluginSettings settings) throws StartFailure {
        var r = new RootContext(this, 0, settings);
        roots.add(r);
        var saved = cfg;
        cfg = settings;
        try {
            VmStart.startRoot(this, r);
        } catch (StartFailure e) {
            roots.remove(r);
            forget(r);
            throw e;
        } finally {
            cfg = saved;
        }
        runAfterCall();
        return r;
    }

    // ---------------------------------------------------------------- logging

    void log(LogLevel level, String message, boolean fromGuest) {
        if (fromGuest && level.code() >= LogLevel.ERROR.code()) { // issue 13: error logs too
            lastCritical = message;
        }
        if (level.code() >= cfg.logLevel().code() || level == LogLevel.CRITICAL) {
            cfg.logs().accept(LogEntry.of(level, message));
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
    public HttpContext newHttpContext(RootContext r) {
        var ctx = new HttpContext(this, newContextId());
        ctx.root = r;
        r.liveStreams++;
        return ctx;
    }

    /** Whether the thread this VM belongs to has ended: then nothing uses the VM any more. */
    public boolean ownerEnded() {
        return !owner.isAlive();
    }

    /** Whether the calling thread is the one this VM belongs to. */
    public boolean ownedByCurrentThread() {
        return owner == Thread.currentThread();
    }

    public TcpContext newTcpContext(RootContext r) {
        var ctx = new TcpContext(this, newContextId());
        ctx.root = r;
        r.liveStreams++;
        return ctx;
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
        call(cb.onContextCreate, "proxy_on_context_create", ctx, ctx.id, ctx.root.id);
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
    // ---------------------------------------------------------------- queues

    @Override
    public void queueReady(int rootContextId, int queueId) {
        post(
                () -> {
                    if (failure == null && !closed) {
                        var target = rootById(rootContextId);
                        if (target != null) {
                            call(
                                    cb.onQueueReady,
                                    "proxy_on_queue_ready",
                                    target,
                                    rootContextId,
                                    queueId);
                        }
                    }
                });
    }

    @Override
    public boolean alive() {
        return failure == null && !closed;
    }

    // ---------------------------------------------------------------- foreign functions

    /** Host-initiated {@code proxy_on_foreign_function(root, id, size)} (caller holds the lock). */
    public void callOnForeignFunction(RootContext r, int functionId, byte[] arguments) {
        foreignArguments = arguments;
        try {
            call(
                    cb.onForeignFunction,
                    "proxy_on_foreign_function",
                    r,
                    r.id,
                    functionId,
                    arguments.length);
        } finally {
            foreignArguments = null;
        }
    }

    // ---------------------------------------------------------------- shutdown

    /** Shuts down every plugin on this VM (see {@link #closeRoot}). */
    public void close() {
        lock();
        try {
            for (var r : List.copyOf(roots)) {
                closeRoot(r);
            }
        } finally {
            unlock();
        }
    }

    /**
     * Envoy plugin shutdown (cpp-host {@code WasmBase::startShutdown(plugin_key)}): {@code
     * proxy_on_done(root)}, then {@code proxy_on_delete(root)}; the VM closes with its last root.
     */
    public void closeRoot(RootContext r) {
        lock();
        try {
            if (closed || !roots.contains(r) || r.donePending) {
                return;
            }
            if (failure == null && cb.onDone != null) {
                long done = call(cb.onDone, "proxy_on_done", r, r.id);
                if (done == 0 && failure == null) {
                    // The plugin finishes later and calls proxy_done (reference §4.10).
                    r.donePending = true;
                    return;
                }
            }
            deleteRoot(r);
        } finally {
            unlock();
        }
    }

    void deleteRoot(RootContext r) {
        if (closed || !roots.contains(r)) {
            return;
        }
        if (failure == null) {
            call(cb.onDelete, "proxy_on_delete", r, r.id);
        }
        r.ticks.cancelTicks();
        roots.remove(r);
        forget(r);
        if (roots.isEmpty()) {
            closed = true;
            releaseResources();
        }
    }

    /** Marks a root replaced by a newer configuration; it goes once its last stream has. */
    public void retireRoot(RootContext r) {
        lock();
        try {
            r.retired = true;
            if (r.liveStreams <= 0) {
                closeRoot(r);
            }
        } finally {
            unlock();
        }
    }

    /**
     * Frees what the VM holds for its guest once no guest code runs on it again (closed, or failed
     * and replaced): the guest memory goes back to the budget and pending callouts are cancelled,
     * as Envoy cancels them when a context goes away, even while something still references the VM.
     */
    public void releaseResources() {
        lock();
        try {
            HostLimits.cancelCallouts(this);
            if (memory instanceof FlatMemory flat) {
                flat.release();
            }
        } finally {
            unlock();
        }
    }

    /** Whether this plugin root is still running in this VM. */
    public boolean hasRoot(RootContext r) {
        // deleteRoot forgets it (sets deleted): no list scan on the per-request path.
        return !r.deleted && !closed;
    }

    private RootContext rootById(int id) {
        for (var r : roots) {
            if (r.id == id) {
                return r;
            }
        }
        return null;
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

        void lookup(VmStart vm, boolean abi010) {
            onContextCreate = vm.find("proxy_on_context_create");
            onVmStart = vm.find("proxy_on_vm_start");
            onConfigure = vm.find("proxy_on_configure");
            onTick = vm.find("proxy_on_tick");
            onQueueReady = vm.find("proxy_on_queue_ready");
            // cpp-host looks it up for 0.2.x modules only.
            onForeignFunction = abi010 ? null : vm.find("proxy_on_foreign_function");
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
