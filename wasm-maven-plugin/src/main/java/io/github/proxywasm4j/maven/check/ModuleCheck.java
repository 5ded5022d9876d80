package io.github.proxywasm4j.maven.check;

import io.github.proxywasm4j.host.AbiValidator;
import io.github.proxywasm4j.host.abi.AbiProblem;
import io.github.proxywasm4j.host.abi.AbiReport;
import io.github.proxywasm4j.maven.BuildLog;
import io.github.proxywasm4j.maven.WasmBuildException;
import java.nio.file.Files;
import java.nio.file.Path;

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
