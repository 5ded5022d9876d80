package io.github.proxywasm4j.localproxy;

import java.util.Objects;

/**
 * A host and a port, as in Envoy's {@code socket_address}.
 *
 * @param host a name or an IP address; {@code 0.0.0.0} listens on every interface
 * @param port 0 to 65535; 0 on a listener picks a free port
 */
public record Endpoint(String host, int port) {

    public Endpoint {
        Objects.requireNonNull(host, "host");
        if (host.isBlank()) {
            throw new IllegalArgumentException(
                    "endpoint host is empty; fix: give a name or an address such as 127.0.0.1");
        }
        if (port < 0 || port > 65535) {
            throw new IllegalArgumentException(
                    "endpoint port "
                            + port
                            + " is out of range; fix: use a port between 0 and 65535");
        }
    }

    /** The endpoint {@code host:port}. */
    public static Endpoint of(String host, int port) {
        return new Endpoint(host, port);
    }

    /**
     * Parses {@code host:port} ({@code [v6]:port} for IPv6); a bare port means {@code 127.0.0.1}.
     *
     * @throws IllegalArgumentException with the expected format when {@code text} is not one
     */
    public static Endpoint parse(String text) {
        var t = text.trim();
        try {
            if (t.matches("[0-9]+")) {
                return loopback(Integer.parseInt(t));
            }
            var colon = t.lastIndexOf(':');
            if (colon > 0) {
                var host = t.substring(0, colon);
                if (host.startsWith("[") && host.endsWith("]")) {
                    host = host.substring(1, host.length() - 1);
                }
                return new Endpoint(host, Integer.parseInt(t.substring(colon + 1)));
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw new IllegalArgumentException(
                "'" + text + "' is not an address; fix: write host:port, e.g. 127.0.0.1:10000");
    }

    /** The loopback address {@code 127.0.0.1} on {@code port}. */
    public static Endpoint loopback(int port) {
        return new Endpoint("127.0.0.1", port);
    }

    @Override
    public String toString() {
        return host.contains(":") ? "[" + host + "]:" + port : host + ":" + port;
    }
}
