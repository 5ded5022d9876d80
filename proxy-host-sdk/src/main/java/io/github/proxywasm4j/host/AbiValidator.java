package io.github.proxywasm4j.host;

import com.dylibso.chicory.wasm.ChicoryException;
import com.dylibso.chicory.wasm.WasmModule;
import io.github.proxywasm4j.host.abi.AbiReport;
import io.github.proxywasm4j.host.internal.abi.ModuleAbiChecker;
import io.github.proxywasm4j.host.internal.abi.ModuleDecoder;
import io.github.proxywasm4j.host.internal.abi.UnreadableModules;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Objects;

/**
 * Checks a compiled module against the Proxy-Wasm ABI the way Envoy loads it: the ABI marker,
 * memory, allocator, every import with its exact type, and the callback exports.
 *
 * <pre>{@code
 * AbiReport report = AbiValidator.validate(Path.of("build/optimized.wasm"));
 * if (!report.isValid()) {
 *     System.err.print(report.render());
 * }
 * }</pre>
 */
public final class AbiValidator {
    private AbiValidator() {}

    /**
     * Validates the bytes of a binary module. Never throws for bad input: bytes that are not a
     * module, or a truncated or malformed one, give a report with one error saying so.
     */
    public static AbiReport validate(byte[] wasm) {
        Objects.requireNonNull(wasm, "wasm");
        var unreadable = UnreadableModules.scan(wasm);
        if (unreadable.isPresent()) {
            return AbiReport.unreadable(unreadable.get());
        }
        WasmModule module;
        try {
            module = ModuleDecoder.decode(wasm, false);
        } catch (ChicoryException e) {
            return AbiReport.unreadable(UnreadableModules.decodingFailed(e));
        } catch (RuntimeException e) {
            // The decoder may trip over hostile bytes with a plain runtime exception; the
            // contract is one error, never an exception.
            return AbiReport.unreadable(UnreadableModules.decodingFailed(e));
        }
        return ModuleAbiChecker.check(module);
    }

    /**
     * Validates a module file. Never throws for bad input: an unreadable file gives a report with
     * one error saying so.
     */
    public static AbiReport validate(Path wasmFile) {
        Objects.requireNonNull(wasmFile, "wasmFile");
        byte[] bytes;
        try {
            bytes = Files.readAllBytes(wasmFile);
        } catch (IOException e) {
            return AbiReport.unreadable(UnreadableModules.unreadableFile(wasmFile, e));
        }
        return validate(bytes);
    }
}
