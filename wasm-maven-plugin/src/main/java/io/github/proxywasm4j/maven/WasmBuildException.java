package io.github.proxywasm4j.maven;

/**
 * A build failure the user can act on. The message is one sentence (or a few lines for
 * compiler diagnostics): what is wrong, the bad value and how to fix it. Mojos log it and rethrow
 * it as a Maven failure.
 */
public final class WasmBuildException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private final boolean reported;

    public WasmBuildException(String message) {
        this(message, null, false);
    }

    public WasmBuildException(String message, Throwable cause) {
        this(message, cause, false);
    }

    private WasmBuildException(String message, Throwable cause, boolean reported) {
        super(message, cause);
        this.reported = reported;
    }

    /** A failure whose details (diagnostics, ABI problems) are already in the build log. */
    public static WasmBuildException reported(String message) {
        return new WasmBuildException(message, null, true);
    }

    /** Whether the details are already logged, so the mojo need not log the message again. */
    public boolean reported() {
        return reported;
    }
}
