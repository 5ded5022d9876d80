package io.github.proxywasm4j.host.internal.vm;

import java.nio.charset.StandardCharsets;

/**
 * Property paths (reference §3.2) as Envoy reads them: segments are separated by NUL only
 * ({@code Context::getProperty} in source/extensions/common/wasm/context.cc splits on '\0'), so a
 * segment such as {@code envoy.filters.http.lua} stays one segment and a guest path {@code
 * request.path} without NUL is one (unknown) segment. A trailing NUL (C++ SDK) is dropped. The
 * canonical key keeps the NULs. Paths a test gives as text are dotted ({@code source.address})
 * unless they contain a NUL.
 */
public final class PropertyPath {
    private PropertyPath() {}

    /** A guest path: NUL-separated segments, trailing NULs dropped. */
    public static String canonical(byte[] raw) {
        int len = raw.length;
        while (len > 0 && raw[len - 1] == 0) {
            len--;
        }
        var chars = new char[len];
        for (int i = 0; i < len; i++) {
            byte b = raw[i];
            if (b < 0) {
                return new String(raw, 0, len, StandardCharsets.UTF_8);
            }
            chars[i] = (char) b;
        }
        return new String(chars);
    }

    /** A path a test gives: dotted text, or NUL-separated segments when it contains a NUL. */
    public static String canonical(String path) {
        var key = path.indexOf('\0') >= 0 ? path : path.replace('.', '\0');
        return canonical(key.getBytes(StandardCharsets.UTF_8));
    }

    /** A path from its segments, each kept whole (e.g. a filter name with dots). */
    public static String of(java.util.List<String> segments) {
        return String.join("\0", segments);
    }

    /**
     * The dotted name of a well-known attribute for this key ({@code request.path} for {@code
     * request\0path}), or null when a segment contains a dot and so cannot name one.
     */
    static String dotted(String key) {
        return key.indexOf('.') >= 0 ? null : key.replace('\0', '.');
    }
}
