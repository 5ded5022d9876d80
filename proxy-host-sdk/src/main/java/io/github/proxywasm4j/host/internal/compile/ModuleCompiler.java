package io.github.proxywasm4j.host.internal.compile;

import com.dylibso.chicory.compiler.InterpreterFallback;
import com.dylibso.chicory.compiler.MachineFactoryCompiler;
import com.dylibso.chicory.runtime.Instance;
import com.dylibso.chicory.runtime.Machine;
import com.dylibso.chicory.wasm.WasmModule;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.Optional;
import java.util.function.Function;

/** Runs Chicory's runtime compiler on a module, through the compile cache when there is one. */
public final class ModuleCompiler {
    private static final System.Logger LOG = System.getLogger(ModuleCompiler.class.getName());

    private ModuleCompiler() {}

    /**
     * The machine factory for {@code module}. Functions too large for one JVM method run
     * interpreted instead of failing the load.
     */
    public static Function<Instance, Machine> compile(
            WasmModule module, Optional<CompileCache> cache) {
        if (cache.isPresent()) {
            try {
                var factory = builder(module).withCache(cache.get()).compile();
                cache.get().lastProblem().ifPresent(ModuleCompiler::warn);
                return factory;
            } catch (RuntimeException | LinkageError e) {
                // A cached entry that passed its checksum but still does not load: compile
                // without the cache, so a bad entry costs time, never the plugin.
                warn("compiled without the cache: " + e);
            }
        }
        return builder(module).compile();
    }

    /**
     * The cache a setting names ({@code property} is its name, for the message): empty when the
     * setting is unset or blank, or names no usable path (then with a warning).
     */
    public static Optional<CompileCache> cacheAt(String property, String setting) {
        if (setting == null || setting.isBlank()) {
            return Optional.empty();
        }
        try {
            var cache = CompileCache.in(Path.of(setting.strip()));
            if (cache.isEmpty()) {
                warn("the Chicory compiler's version is unknown, so " + property + " is ignored");
            }
            return cache;
        } catch (InvalidPathException e) {
            warn(
                    property
                            + "='"
                            + setting
                            + "' is not a directory path ("
                            + e.getMessage()
                            + "); compiling without a cache. Fix: set it to a directory, e.g."
                            + " target/proxywasm4j/compile-cache");
            return Optional.empty();
        }
    }

    private static MachineFactoryCompiler.Builder builder(WasmModule module) {
        return MachineFactoryCompiler.builder(module)
                .withInterpreterFallback(InterpreterFallback.SILENT);
    }

    private static void warn(String problem) {
        LOG.log(System.Logger.Level.WARNING, "proxywasm4j compile cache: " + problem);
    }
}
