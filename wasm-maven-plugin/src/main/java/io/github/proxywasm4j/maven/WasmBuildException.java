package io.github.proxywasm4j.maven;

/**
 * A build failure the user can act on. The message is one sentence (or a few lines for
 * compiler diagnostics): what is wrong, the bad value and how to fix it. Mojos log it and rethrow
 * it as a Maven failure.
 */
public final class WasmBuildException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public WasmBuildException(String message) {
        super(message);
    }

    public WasmBuildException(String message, Throwable cause) {
        super(message, cause);
    }
}
