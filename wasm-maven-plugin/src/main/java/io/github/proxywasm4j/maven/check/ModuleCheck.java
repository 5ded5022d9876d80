package io.github.proxywasm4j.maven.check;

import com.dylibso.chicory.wasm.Parser;
import com.dylibso.chicory.wasm.WasmModule;
import com.dylibso.chicory.wasm.types.MemoryImport;
import com.dylibso.chicory.wasm.types.MemoryLimits;
import io.github.proxywasm4j.host.AbiValidator;
import io.github.proxywasm4j.host.abi.AbiProblem;
import io.github.proxywasm4j.host.abi.AbiReport;
import io.github.proxywasm4j.host.abi.MemoryPages;
import io.github.proxywasm4j.maven.BuildLog;
import io.github.proxywasm4j.maven.WasmBuildException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/**
 * Validates a module against the Proxy-Wasm ABI with the same validator the host uses, so the
 * build refuses exactly the modules the host would refuse.
 */
public final class ModuleCheck {
    private ModuleCheck() {}

    /**
     * Logs every problem, then fails with one message when there is an error (or a warning and
     * {@code failOnWarning}).
     */
    public static AbiReport check(Path file, boolean failOnWarning, BuildLog log) {
        return check(file, failOnWarning, MemoryPages.DEFAULT_CAP, log);
    }

    /**
     * As {@link #check(Path, boolean, BuildLog)}, and fails a module whose initial memory exceeds
     * {@code maxMemoryPages} by the rule the host applies when it builds a plugin.
     */
    public static AbiReport check(
            Path file, boolean failOnWarning, int maxMemoryPages, BuildLog log) {
        if (!Files.exists(file)) {
            throw new WasmBuildException(
                    "No module at "
                            + file
                            + "; fix: build it first (wasm:build) or pass the module with"
                            + " -Dwasm.file=PATH");
        }
        var report = AbiValidator.validate(file);
        report.warnings().forEach(p -> log.warn(p.message()));
        report.errors().forEach(p -> log.error(p.message()));
        var blocking = failOnWarning ? report.problems() : report.errors();
        if (!blocking.isEmpty()) {
            throw WasmBuildException.reported(summary(file, blocking.size(), blocking.get(0)));
        }
        memoryProblem(file, maxMemoryPages)
                .ifPresent(
                        problem -> {
                            throw new WasmBuildException(
                                    file.getFileName()
                                            + " fails the Proxy-Wasm check: "
                                            + problem
                                            + ", and the host refuses to start it; fix: lower the"
                                            + " module's initial memory (asc --initialMemory, or"
                                            + " the memory it reserves at start), or raise the"
                                            + " cap the filter runs with:"
                                            + " ProxyWasmPlugin.builder(..).withMaxMemoryPages(..)"
                                            + " in tests, and here -Dwasm.maxMemoryPages");
                        });
        log.info(
                file.getFileName()
                        + " passes the Proxy-Wasm ABI check (ABI "
                        + report.abiVersion().map(v -> v.version()).orElse("?")
                        + ", "
                        + report.imports().size()
                        + " imports, "
                        + report.exports().size()
                        + " exports"
                        + (report.warnings().isEmpty()
                                ? ""
                                : ", " + report.warnings().size() + " warning(s)")
                        + ")");
        return report;
    }

    /** The host's start rule ({@link MemoryPages}) on the module's own or imported memory. */
    static Optional<String> memoryProblem(Path file, int maxMemoryPages) {
        WasmModule module;
        try {
            module = Parser.parse(file);
        } catch (RuntimeException e) {
            // unreadable modules are the validator's to report
            return Optional.empty();
        }
        MemoryLimits limits = null;
        var imports = module.importSection();
        for (int i = 0; i < imports.importCount(); i++) {
            if (imports.getImport(i) instanceof MemoryImport memory) {
                limits = memory.limits();
            }
        }
        if (limits == null
                && module.memorySection().isPresent()
                && module.memorySection().get().memoryCount() > 0) {
            limits = module.memorySection().get().getMemory(0).limits();
        }
        if (limits == null) {
            return Optional.empty();
        }
        return MemoryPages.startProblem(
                limits.initialPages(), limits.maximumPages(), maxMemoryPages);
    }

    static String summary(Path file, int count, AbiProblem first) {
        if (count == 1) {
            return file.getFileName() + " fails the Proxy-Wasm ABI check: " + first.message();
        }
        return file.getFileName()
                + " fails the Proxy-Wasm ABI check with "
                + count
                + " problems (all listed above); the first: "
                + first.message();
    }
}
