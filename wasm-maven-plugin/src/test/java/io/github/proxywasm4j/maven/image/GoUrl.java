package io.github.proxywasm4j.maven.image;

/**
 * Go's {@code url.Parse} (golang/go {@code src/net/url/url.go}) for {@code scheme://authority/path}
 * URLs, as far as it decides between a URL and an error: control bytes, the scheme, the
 * authority's userinfo and host, the host's port ({@code validOptionalPort}: digits only after the
 * last colon) and its characters ({@code unescape} in {@code encodeHost} mode). istiod converts a
 * WasmPlugin {@code url} with exactly this and drops the plugin on an error.
 */
final class GoUrl {

    /** What Go's url.Parse makes of the host part. */
    record Parsed(String scheme, String host, String path) {}

    private GoUrl() {}

    /** The parsed URL; an {@link IllegalArgumentException} with Go's error text otherwise. */
    static Parsed parse(String raw) {
        for (int i = 0; i < raw.length(); i++) {
            var c = raw.charAt(i);
            if (c < 0x20 || c == 0x7f) {
                throw new IllegalArgumentException("net/url: invalid control character in URL");
            }
        }
        // getScheme
        int colon = -1;
        for (int i = 0; i < raw.length(); i++) {
            var c = raw.charAt(i);
            if (Character.isLetter(c) && c < 0x80) {
                continue;
            }
            if ((c >= '0' && c <= '9') || c == '+' || c == '-' || c == '.') {
                if (i == 0) {
                    break;
                }
                continue;
            }
            if (c == ':') {
                if (i == 0) {
                    throw new IllegalArgumentException("missing protocol scheme");
                }
                colon = i;
            }
            break;
        }
        if (colon < 0) {
            throw new AssertionError("only absolute URLs are modelled: " + raw);
        }
        var scheme = raw.substring(0, colon).toLowerCase(java.util.Locale.ROOT);
        var rest = raw.substring(colon + 1);
        var q = rest.indexOf('?');
        if (q >= 0) {
            rest = rest.substring(0, q);
        }
        if (!rest.startsWith("//")) {
            throw new AssertionError("only scheme://authority URLs are modelled: " + raw);
        }
        rest = rest.substring(2);
        var slash = rest.indexOf('/');
        var authority = slash < 0 ? rest : rest.substring(0, slash);
        var path = slash < 0 ? "" : rest.substring(slash);
        var at = authority.lastIndexOf('@');
        var host = parseHost(at < 0 ? authority : authority.substring(at + 1));
        return new Parsed(scheme, host, path);
    }

    private static String parseHost(String host) {
        if (host.startsWith("[")) {
            var close = host.lastIndexOf(']');
            if (close < 0) {
                throw new IllegalArgumentException("missing ']' in host");
            }
            var colonPort = host.substring(close + 1);
            if (!validOptionalPort(colonPort)) {
                throw new IllegalArgumentException("invalid port \"" + colonPort + "\" after host");
            }
        } else {
            var i = host.lastIndexOf(':');
            if (i != -1) {
                var colonPort = host.substring(i);
                if (!validOptionalPort(colonPort)) {
                    throw new IllegalArgumentException(
                            "invalid port \"" + colonPort + "\" after host");
                }
            }
        }
        for (int i = 0; i < host.length(); i++) {
            var c = host.charAt(i);
            if (c == '%') {
                if (i + 2 >= host.length()
                        || Character.digit(host.charAt(i + 1), 16) < 0
                        || Character.digit(host.charAt(i + 2), 16) < 0) {
                    throw new IllegalArgumentException("invalid URL escape");
                }
                i += 2;
            } else if (c < 0x80 && shouldEscapeInHost(c)) {
                throw new IllegalArgumentException("invalid character \"" + c + "\" in host name");
            }
        }
        return host;
    }

    // url.go validOptionalPort: "" or ":" followed by digits only
    static boolean validOptionalPort(String port) {
        if (port.isEmpty()) {
            return true;
        }
        if (port.charAt(0) != ':') {
            return false;
        }
        for (int i = 1; i < port.length(); i++) {
            if (port.charAt(i) < '0' || port.charAt(i) > '9') {
                return false;
            }
        }
        return true;
    }

    // url.go shouldEscape(c, encodeHost)
    private static boolean shouldEscapeInHost(char c) {
        if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')) {
            return false;
        }
        if ("-_.~".indexOf(c) >= 0) {
            return false;
        }
        return "!$&'()*+,;=:[]<>\"".indexOf(c) < 0;
    }
}
