package io.github.proxywasm4j.localproxy;

/** An Envoy bootstrap file that cannot be served: unreadable, not YAML, or a field is wrong. */
public final class EnvoyConfigException extends LocalProxyException {
    private static final long serialVersionUID = 1L;

    public EnvoyConfigException(String message) {
        super(message);
    }

    public EnvoyConfigException(String message, Throwable cause) {
        super(message, cause);
    }
}
