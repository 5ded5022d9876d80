package io.github.proxywasm4j.host;

import com.dylibso.chicory.runtime.CompiledModule;
import com.dylibso.chicory.runtime.Instance;
import com.dylibso.chicory.runtime.Machine;
import com.dylibso.chicory.wasm.ChicoryException;
import com.dylibso.chicory.wasm.WasmModule;
import io.github.proxywasm4j.host.abi.AbiReport;
import io.github.proxywasm4j.host.abi.AbiVersion;
import io.github.proxywasm4j.host.internal.abi.ModuleAbiChecker;
import io.github.proxywasm4j.host.internal.abi.ModuleDecoder;
import io.github.proxywasm4j.host.internal.abi.UnreadableModules;
import io.github.proxywasm4j.host.internal.compile.CompileCache;
import io.github.proxywasm4j.host.internal.compile.ModuleCompiler;
import io.github.proxywasm4j.host.internal.sourcemap.SourceLocator;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.reflect.InvocationTargetException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Function;

/**
 * A Proxy-Wasm module, parsed and checked against the ABI once. Immutable and thread-safe: load it
 * once and build any number of plugins from it; the compiled form is made once, on first use, and
 * shared.
 *
 * <pre>{@code
 * var module = ProxyWasmModule.load(Path.of("target/filter.wasm"));
 * }</pre>
 */
public final class ProxyWasmModule {
    /**
     * The system property naming a directory where the runtime compiler keeps the classes it
     * makes for each module, so that the next JVM loads them instead of compiling again: the cold
     * compile is the largest part of a fresh JVM's time to its first response. Entries are keyed
     * by the module's SHA-256 and the Chicory version; a damaged or unwritable cache costs only
     * the compile. Read when a module is loaded. Unset: no cache. Projects made by the archetype set it to {@code
     * target/proxywasm4j/compile-cache} for their tests.
     */
    public static final String COMPILE_CACHE_PROPERTY = "proxywasm4j.compileCache";

    /**
     * The module each generated class describes, decoded once per class from its {@code .meta}
     * resource (as the class's own {@code load()} does, but without the SHA-256 digest it also
     * computes, tens of milliseconds in a fresh JVM).
     */
    private static final ClassValue<WasmModule> META_MODULES =
            new ClassValue<>() {
                @Override
                protected WasmModule computeValue(Class<?> generatedClass) {
                    var name = generatedClass.getSimpleName() + ".meta";
                    try (var in = generatedClass.getResourceAsStream(name)) {
                        if (in == null) {
                            throw new UncheckedIOException(
                                    new IOException("no resource " + name + " next to the class"));
                        }
                        return ModuleDecoder.decode(in);
                    } catch (IOException e) {
                        throw new UncheckedIOException(e);
                    }
                }
            };

    private final WasmModule module;
    private final AbiReport report;
    private final AbiVersion abiVersion;
    private final String source;
    private final Function<Instance, Machine> precompiled;
    private final Optional<CompileCache> compileCache;
    private volatile Function<Instance, Machine> compiled;

    private ProxyWasmModule(
            WasmModule module,
            AbiReport report,
            String source,
            Function<Instance, Machine> precompiled,
            Optional<CompileCache> compileCache) {
        this.module = module;
        this.report = report;
        this.abiVersion = report.abiVersion().orElseThrow();
        this.source = source;
        this.precompiled = precompiled;
        this.compileCache = compileCache;
    }

    /**
     * Reads, parses and checks a module file.
     *
     * @throws ModuleLoadException if the file cannot be read or is not valid WebAssembly
     * @throws AbiViolationException if it does not fit the Proxy-Wasm ABI
     */
    public static ProxyWasmModule load(Path wasmFile) {
        Objects.requireNonNull(wasmFile, "wasmFile");
        byte[] bytes;
        try {
            bytes = Files.readAllBytes(wasmFile);
        } catch (IOException e) {
            throw new ModuleLoadException(
                    UnreadableModules.unreadableFile(wasmFile, e).message(), e);
        }
        var loaded = load(bytes, wasmFile.toString());
        SourceLocator.register(loaded.module, wasmFile); // issue 13: traps at the author's line
        return loaded;
    }

    /**
     * Parses and checks module bytes.
     *
     * @throws ModuleLoadException if the bytes are not valid WebAssembly
     * @throws AbiViolationException if the module does not fit the Proxy-Wasm ABI
     */
    public static ProxyWasmModule load(byte[] wasm) {
        Objects.requireNonNull(wasm, "wasm");
        return load(wasm, "module bytes");
    }

    private static ProxyWasmModule load(byte[] wasm, String source) {
        var framing = UnreadableModules.scan(wasm);
        if (framing.isPresent()) {
            throw new ModuleLoadException(source + ": " + framing.get().message(), null);
        }
        WasmModule module;
        // Read once, here: the cache keys its entries by Chicory's digest, which only it needs.
        var cache =
                ModuleCompiler.cacheAt(
                        COMPILE_CACHE_PROPERTY, System.getProperty(COMPILE_CACHE_PROPERTY));
        try {
            module = ModuleDecoder.decode(wasm, cache.isPresent());
        } catch (ChicoryException e) {
            throw new ModuleLoadException(
                    source + ": " + UnreadableModules.decodingFailed(e).message(), e);
        }
        return checked(module, source, null, cache);
    }

    /**
     * Uses a module compiled to JVM classes at build time: {@code generatedClass} is the class that
     * Chicory's build-time compiler generates (it implements Chicory's {@code CompiledModule} and
     * has its {@code .meta} module next to it), for example with the wasm-maven-plugin's {@code wasm.precompile} option. It starts fastest:
     * nothing is parsed from full bytes or compiled at run time. Plugins built from this module run
     * the precompiled code in every VM, whatever {@link ProxyWasmPlugin.Builder#withEngine} says.
     *
     * <pre>{@code
     * var module = ProxyWasmModule.precompiled(AddHeaderModule.class);
     * }</pre>
     *
     * @throws ModuleLoadException if the class is not such a generated class or cannot load its
     *     module
     * @throws AbiViolationException if the module does not fit the Proxy-Wasm ABI
     */
    public static ProxyWasmModule precompiled(Class<?> generatedClass) {
        Objects.requireNonNull(generatedClass, "generatedClass");
        var source = "precompiled class " + generatedClass.getName();
        if (!CompiledModule.class.isAssignableFrom(generatedClass)) {
            throw new ModuleLoadException(
                    source
                            + " is not a class generated by Chicory's build-time compiler (it"
                            + " implements "
                            + CompiledModule.class.getName()
                            + "); fix: pass the class the compiler generated for the module, or"
                            + " use ProxyWasmModule.load(Path) on the .wasm file",
                    null);
        }
        CompiledModule compiled;
        WasmModule module;
        try {
            compiled = (CompiledModule) generatedClass.getDeclaredConstructor().newInstance();
            module = META_MODULES.get(generatedClass);
        } catch (ReflectiveOperationException | RuntimeException | LinkageError e) {
            throw new ModuleLoadException(
                    source
                            + ": loading it failed ("
                            + (e instanceof InvocationTargetException
                                            || e instanceof UncheckedIOException
                                    ? e.getCause()
                                    : e)
                            + "); fix: ship the generated .meta resource next to the class, as"
                            + " the build-time compiler wrote it",
                    e);
        }
        return checked(module, source, compiled.machineFactory(), Optional.empty());
    }

    private static ProxyWasmModule checked(
            WasmModule module,
            String source,
            Function<Instance, Machine> precompiled,
            Optional<CompileCache> compileCache) {
        var report = ModuleAbiChecker.check(module);
        if (!report.isValid() || report.abiVersion().isEmpty()) {
            throw new AbiViolationException(report);
        }
        return new ProxyWasmModule(module, report, source, precompiled, compileCache);
    }

    /** What the ABI check found (warnings included). */
    public AbiReport abiReport() {
        return report;
    }

    /** The ABI version the module declares. */
    public AbiVersion abiVersion() {
        return abiVersion;
    }

    @Override
    public String toString() {
        return "ProxyWasmModule[" + source + ", ABI " + abiVersion.version() + "]";
    }

    WasmModule wasmModule() {
        return module;
    }

    /**
     * The machine factory for a plugin asking for {@code engine}; null means the interpreter. A
     * precompiled module always uses its generated machine (its bodies are stripped, so the
     * interpreter could not run it).
     */
    Function<Instance, Machine> machineFactory(Engine engine) {
        if (precompiled != null) {
            return precompiled;
        }
        return engine == Engine.COMPILER ? compiled() : null;
    }

    /** Compiles once per module; every plugin and VM reuses the result. */
    Function<Instance, Machine> compiled() {
        var c = compiled;
        if (c == null) {
            synchronized (this) {
                c = compiled;
                if (c == null) {
                    try {
                        c = ModuleCompiler.compile(module, compileCache);
                    } catch (RuntimeException | LinkageError e) {
                        throw new ModuleLoadException(
                                source
                                        + ": Chicory's compiler could not compile the module ("
                                        + e
                                        + "); fix: build the plugin with"
                                        + " withEngine(Engine.INTERPRETER)",
                                e);
                    }
                    compiled = c;
                }
            }
        }
        return c;
    }
}
