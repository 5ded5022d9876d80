package io.github.proxywasm4j.maven.node;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Objects;

/**
 * An HTTP proxy from Maven's settings.xml, used for the Node download and handed to npm.
 *
 * @param protocol {@code http} or {@code https}: which requests the proxy serves
 * @param nonProxyHosts Maven's {@code |}-separated host patterns, or empty
 */
public record HttpProxy(
        String id,
        String protocol,
        String host,
        int port,
        String username,
        String password,
        String nonProxyHosts) {
    public HttpProxy {
        Objects.requireNonNull(protocol, "protocol");
        Objects.requireNonNull(host, "host");
        id = id == null ? "" : id;
        username = username == null ? "" : username;
        password = password == null ? "" : password;
        nonProxyHosts = nonProxyHosts == null ? "" : nonProxyHosts;
    }

    public boolean isSecure() {
        return "https".equalsIgnoreCase(protocol);
    }

    /** The proxy as a URL for npm, with credentials when set, e.g. {@code http://u:p@proxy:3128}. */
    public String url() {
        var auth =
                username.isEmpty()
                        ? ""
                        : encode(username)
                                + (password.isEmpty() ? "" : ":" + encode(password))
                                + "@";
        return protocol.toLowerCase(Locale.ROOT) + "://" + auth + host + ":" + port;
    }

    /** Maven's {@code a|*.b} becomes npm's {@code a,.b}. */
    public String npmNoProxy() {
        var parts = nonProxyHosts.split("[|,]");
        var out = new StringBuilder();
        for (var p : parts) {
            var t = p.trim();
            if (t.isEmpty()) {
                continue;
            }
            if (t.startsWith("*.")) {
                t = t.substring(1);
            }
            if (out.length() > 0) {
                out.append(',');
            }
            out.append(t);
        }
        return out.toString();
    }

    private static String encode(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }

    @Override
    public String toString() {
        // never print the password
        return protocol + "://" + host + ":" + port + (username.isEmpty() ? "" : " as " + username);
    }
}
