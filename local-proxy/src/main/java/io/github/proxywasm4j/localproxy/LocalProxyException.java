package io.github.proxywasm4j.localproxy;

/** The root of the local proxy's exceptions; the message says what is wrong and how to fix it. */
public class LocalProxyException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public LocalProxyException(String message) {
        super(message);
    }

    public LocalProxyException(String message, Throwable cause) {
        super(message, cause);
    }
}
