package io.github.proxywasm4j.localproxy.internal;

import java.time.Instant;

/**
 * What one request did, filled in as the exchange goes, and written as one line in Envoy's
 * default access log format (less the fields the local proxy does not have) when it ends.
 */
final class AccessLogEntry {

    private final Instant start = Instant.now();
    private final long startNanos = System.nanoTime();
    private final String method;
    private final String path;
    private final String protocol;
    private String authority = "-";
    private String userAgent = "-";
    private int status;
    private String flags = "-";
    private long received;
    private long sent;
    private String upstreamHost = "-";

    AccessLogEntry(String method, String path, String protocol) {
        this.method = method;
        this.path = path;
        this.protocol = protocol;
    }

    void authority(String authority) {
        this.authority = authority;
    }

    void userAgent(String userAgent) {
        this.userAgent = userAgent;
    }

    /** The status sent to the client; 0 until the response starts. */
    int status() {
        return status;
    }

    void status(int status) {
        this.status = status;
    }

    /** Envoy's response flag, such as {@code NR} (no route) or {@code UF} (upstream failure). */
    void flags(String flags) {
        this.flags = flags;
    }

    /** Sets the response flag unless one is already set. */
    void flagsIfUnset(String flags) {
        if (this.flags.equals("-")) {
            this.flags = flags;
        }
    }

    void received(long bytes) {
        received += bytes;
    }

    void sent(long bytes) {
        sent += bytes;
    }

    void upstreamHost(String upstreamHost) {
        this.upstreamHost = upstreamHost;
    }

    String line() {
        var millis = (System.nanoTime() - startNanos) / 1_000_000;
        return "["
                + start
                + "] \""
                + method
                + " "
                + path
                + " "
                + protocol
                + "\" "
                + status
                + " "
                + flags
                + " "
                + received
                + " "
                + sent
                + " "
                + millis
                + " \""
                + userAgent
                + "\" \""
                + authority
                + "\" \""
                + upstreamHost
                + "\"";
    }
}
