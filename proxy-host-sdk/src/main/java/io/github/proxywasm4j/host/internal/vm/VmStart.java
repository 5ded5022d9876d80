package io.github.proxywasm4j.host.internal.vm;

import com.dylibso.chicory.runtime.ExportFunction;
import com.dylibso.chicory.runtime.HostFunction;
import com.dylibso.chicory.runtime.ImportMemory;
import com.dylibso.chicory.runtime.ImportValues;
import com.dylibso.chicory.runtime.Instance;
import com.dylibso.chicory.runtime.Memory;
import com.dylibso.chicory.wasm.types.ExternalType;
import com.dylibso.chicory.wasm.types.FunctionImport;
import com.dylibso.chicory.wasm.types.MemoryImport;
import com.dylibso.chicory.wasm.types.MemoryLimits;
import io.github.proxywasm4j.host.HostClock;
import io.github.proxywasm4j.host.LogEntry;
import io.github.proxywasm4j.host.LogLevel;
import io.github.proxywasm4j.host.abi.AbiVersion;
import io.github.proxywasm4j.host.abi.MemoryPages;
import io.github.proxywasm4j.host.abi.WasiFunctions;
import io.github.proxywasm4j.host.internal.memory.FlatMemory;

/**
 * Load, link, start: what cpp-host's {@code wasm.cc} does for one VM. Instantiates the module
 * with the host functions it imports (each bound to this VM and guarded by the callback
 * restriction), runs the module's initialiser, then starts the root context.
 */
final class VmStart {
    private final ProxyVm vm;
    private final PluginSettings cfg;

    private VmStart(ProxyVm vm) {
        this.vm = vm;
        this.cfg = vm.cfg;
    }

    /**
     * Creates and starts a VM as cpp-host does: instantiate (start section), allocator lookup,
     * {@code _initialize}/{@code main} or {@code _start}, then the root context: {@code
     * proxy_on_context_create(R, 0)}, {@code proxy_on_vm_start(R, n)}, {@code
     * proxy_on_configure(R, n)}. Failures come back as {@link ProxyVm.StartFailure}.
     */
    static ProxyVm start(PluginSettings cfg) throws ProxyVm.StartFailure {
        var vm = new ProxyVm(cfg);
        var mailbox = vm.mailbox;
        mailbox.acquire();
        try {
            new VmStart(vm).doStart();
        } finally {
            mailbox.release();
        }
        mailbox.drainEvents();
        return vm;
    }

    private void doStart() throws ProxyVm.StartFailure {
        vm.current = vm.root;
        instantiate();
        var exports = vm.instance.module().exportSection();
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
        vm.allocator = find("malloc");
        if (vm.allocator == null) {
            vm.allocator = find("proxy_on_memory_allocate");
        }
        if (vm.allocator == null) {
            throw new ProxyVm.StartFailure(
                    "module exports no allocator; fix: export malloc or proxy_on_memory_allocate"
                            + " (i32) -> i32",
                    "instantiate",
                    null);
        }
        vm.cb.lookup(this, vm.abi010);
        vm.restriction = ProxyVm.RESTRICT_INIT;
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
            vm.restriction = ProxyVm.RESTRICT_NONE;
        }
        startRootContext(vm.root);
        vm.runAfterCall();
    }

    /**
     * Starts a root context as Envoy does: {@code proxy_on_context_create(R, 0)}, {@code
     * proxy_on_vm_start(R, n)}, {@code proxy_on_configure(R, n)} (cpp-host {@code WasmBase::start},
     * {@code configure}); a VM shared by several plugins starts each one's root here.
     */
    /** Starts one more plugin's root context in a running VM (caller holds it). */
    static void startRoot(ProxyVm vm, RootContext root) throws ProxyVm.StartFailure {
        new VmStart(vm).startRootContext(root);
    }

    private void startRootContext(RootContext root) throws ProxyVm.StartFailure {
        var cfg = root.settings;
        int rootId = vm.nextContextId++;
        root.assignId(rootId);
        root.registered = true;
        vm.contexts.put(rootId, root);
        vm.configurationReadable = true;
        try {
            if (vm.cb.onContextCreate != null) {
                vm.call(vm.cb.onContextCreate, "proxy_on_context_create", root, rootId, 0);
                checkStart("proxy_on_context_create");
            }
            root.created = true;
            if (vm.cb.onVmStart != null) {
                long ok =
                        vm.call(
                                vm.cb.onVmStart,
                                "proxy_on_vm_start",
                                root,
                                rootId,
                                cfg.vmConfiguration().length);
                checkStart("proxy_on_vm_start");
                if (ok == 0) {
                    throw new ProxyVm.StartFailure(
                            "proxy_on_vm_start returned false: the plugin rejected its VM"
                                    + " configuration ("
                                    + cfg.vmConfiguration().length
                                    + " bytes); fix: see the plugin's log",
                            "proxy_on_vm_start",
                            null);
                }
            }
            if (vm.cb.onConfigure != null) {
                root.inConfigure = true;
                long ok =
                        vm.call(
                                vm.cb.onConfigure,
                                "proxy_on_configure",
                                root,
                                rootId,
                                cfg.pluginConfiguration().length);
                root.inConfigure = false;
                checkStart("proxy_on_configure");
                if (ok == 0) {
                    throw new ProxyVm.StartFailure(
                            "proxy_on_configure returned false: the plugin rejected its"
                                    + " configuration ("
                                    + cfg.pluginConfiguration().length
                                    + " bytes); fix: check withPluginConfiguration(..) and the"
                                    + " plugin's log",
                            "proxy_on_configure",
                            null);
                }
            }
        } finally {
            vm.configurationReadable = false;
        }
    }

    private void checkStart(String step) throws ProxyVm.StartFailure {
        var f = vm.failure();
        if (f != null) {
            throw new ProxyVm.StartFailure(f.reason(), step, null);
        }
    }

    private void startCall(String name, long... args) throws ProxyVm.StartFailure {
        vm.call(find(name), name, vm.root, args);
        checkStart(name);
    }

    private void instantiate() throws ProxyVm.StartFailure {
        var module = cfg.module();
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
                    throw new ProxyVm.StartFailure(
                            "the module imports "
                                    + imp.module()
                                    + "."
                                    + imp.name()
                                    + ", which the host does not provide for ABI "
                                    + cfg.abi().version()
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
                        .withMemoryFactory(this::newMemory)
                        .withStart(false);
        if (importedLimits == null
                && module.memorySection().isPresent()
                && module.memorySection().get().memoryCount() > 0) {
            var declared = module.memorySection().get().getMemory(0).limits();
            builder.withMemoryLimits(cap(declared));
        }
        if (cfg.machineFactory() != null) {
            builder.withMachineFactory(cfg.machineFactory());
        }
        try {
            vm.instance = vm.guard(() -> builder.build());
        } catch (RuntimeException | StackOverflowError e) {
            var reason = vm.reasonOf(e);
            throw new ProxyVm.StartFailure(reason, "instantiate", e);
        }
        if (vm.failure() != null) {
            throw new ProxyVm.StartFailure(vm.failure().reason(), "instantiate", null);
        }
        vm.memory = vm.instance.memory();
        vm.eagerRequestTime = readsProperties || !(cfg.clock() == HostClock.system());
    }

    private MemoryLimits cap(MemoryLimits declared) throws ProxyVm.StartFailure {
        // the rule wasm:check applies too
        var problem =
                MemoryPages.startProblem(
                        declared.initialPages(), declared.maximumPages(), cfg.maxMemoryPages());
        if (problem.isPresent()) {
            throw new ProxyVm.StartFailure(
                    problem.get() + "; fix: raise withMaxMemoryPages(..)", "instantiate", null);
        }
        return new MemoryLimits(
                declared.initialPages(), Math.min(declared.maximumPages(), cfg.maxMemoryPages()));
    }

    /** The one place that chooses the memory implementation (never ByteBufferMemory). */
    Memory newMemory(MemoryLimits limits) {
        return FlatMemory.factory(limits, cfg.limits().guestMemoryBudget());
    }

    private com.dylibso.chicory.runtime.WasmFunctionHandle bind(String module, String name) {
        if (module.equals("env")) {
            var fn = EnvFunctions.TABLE.get(name);
            if (fn == null || !providedInVersion(name)) {
                return null;
            }
            int allowed = fn.allowedRestrictions();
            var impl = fn.impl();
            return (inst, args) -> {
                if (vm.restriction != ProxyVm.RESTRICT_NONE
                        && (allowed & (1 << vm.restriction)) == 0) {
                    throw new RestrictedCallback(name);
                }
                if (ProxyVm.TRACE_HOST_CALLS) {
                    return traced(name, impl, args);
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
            int allowed = fn.allowedRestrictions();
            var impl = fn.impl();
            return (inst, args) -> {
                if (vm.restriction != ProxyVm.RESTRICT_NONE
                        && (allowed & (1 << vm.restriction)) == 0) {
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
        return cfg.abi().hostFunction(name).isPresent();
    }

    long[] traced(String name, HostFn.Impl impl, long[] args) {
        var result = impl.call(vm, args);
        cfg.logs()
                .accept(
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
        var exports = cfg.module().exportSection();
        for (int i = 0; i < exports.exportCount(); i++) {
            var e = exports.getExport(i);
            if (e.exportType() == ExternalType.FUNCTION && e.name().equals(name)) {
                return vm.instance.export(name);
            }
        }
        return null;
    }
}
