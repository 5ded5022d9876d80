package io.github.proxywasm4j.host;

/** The root of every exception the host throws (unchecked). */
public class ProxyWasmException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    /** An exception with a message for the user. */
    public ProxyWasmException(String message) {
        super(message);
    }

    /** An exception with a message for the user and its cause. */
    public ProxyWasmException(String message, Throwable cause) {
        super(message, cause);
    }
}
