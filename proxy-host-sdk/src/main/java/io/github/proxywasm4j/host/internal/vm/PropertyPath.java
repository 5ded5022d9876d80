package io.github.proxywasm4j.host.internal.vm;

import java.nio.charset.StandardCharsets;

/**
 * Property paths (reference §3.2). Segments are NUL-separated; a trailing NUL (C++ SDK), none
 * (Rust, Go) and no NUL at all (AssemblyScript, one segment) are all accepted. The canonical key
 * joins the segments with '.', so {@code request\0path}, {@code request\0path\0} and {@code
 * request.path} name the same property.
 */
public final class PropertyPath {
    private PropertyPath() {}

    public static String canonical(byte[] raw) {
        int len = raw.length;
        while (len > 0 && raw[len - 1] == 0) {
            len--;
        }
        var chars = new char[len];
        boolean ascii = true;
        for (int i = 0; i < len; i++) {
            byte b = raw[i];
            if (b < 0) {
                ascii = false;
                break;
            }
            chars[i] = b == 0 ? '.' : (char) b;
        }
        if (ascii) {
            return new String(chars);
        }
        return new String(raw, 0, len, StandardCharsets.UTF_8).replace('\0', '.');
    }

    /** A user-given path: either dotted text or NUL-separated segments. */
    public static String canonical(String path) {
        return canonical(path.getBytes(StandardCharsets.UTF_8));
    }
}
