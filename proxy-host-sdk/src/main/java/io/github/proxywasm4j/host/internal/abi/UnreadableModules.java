package io.github.proxywasm4j.host.internal.abi;

import com.dylibso.chicory.wasm.InvalidException;
import io.github.proxywasm4j.host.abi.AbiProblem;
import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Optional;

/**
 * The one problem reported for input that cannot be read as a module at all; shared by the
 * validator and the host's loader so both say the same thing.
 */
public final class UnreadableModules {
    /**
     * Chicory prefixes every decoding error with the spec test suite's alternative wordings; the
     * user needs only the specific part after it.
     */
    private static final String CHICORY_PREFIX =
            "section size mismatch, unexpected end of section or function, ";

    private UnreadableModules() {}

    /** Checks magic, version and section framing; empty when the bytes can be decoded. */
    public static Optional<AbiProblem> scan(byte[] wasm) {
        return WasmHeaderScan.scan(wasm);
    }

    /** The problem for an exception of Chicory's parser (a validation error or else malformed). */
    public static AbiProblem decodingFailed(RuntimeException e) {
        var detail = detail(e);
        return e instanceof InvalidException
                ? Messages.invalid(detail)
                : Messages.malformed(detail);
    }

    /** The problem for a file that cannot be read. */
    public static AbiProblem unreadableFile(Path file, IOException e) {
        String reason;
        if (e instanceof NoSuchFileException) {
            reason = "no such file";
        } else if (e instanceof AccessDeniedException) {
            reason = "permission denied";
        } else {
            reason = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
        }
        return Messages.unreadableFile(file.toString(), reason);
    }

    private static String detail(RuntimeException e) {
        var message = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
        return message.startsWith(CHICORY_PREFIX)
                ? message.substring(CHICORY_PREFIX.length())
                : message;
    }
}
