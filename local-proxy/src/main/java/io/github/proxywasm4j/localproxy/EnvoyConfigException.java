package io.github.proxywasm4j.localproxy;

import io.github.proxywasm4j.localproxy.internal.BoundedYaml;

/**
 * An Envoy bootstrap file that cannot be served: unreadable, not YAML, beyond the bounds a file
 * may have (size, nesting, aliases), or a field is wrong. The message is one sentence of at most
 * about 2,000 characters, ending with the fix.
 */
public final class EnvoyConfigException extends LocalProxyException {
    private static final long serialVersionUID = 1L;

    public EnvoyConfigException(String message) {
        super(BoundedYaml.bounded(message));
    }

    public EnvoyConfigException(String message, Throwable cause) {
        super(BoundedYaml.bounded(message), cause);
    }
}
