package io.github.proxywasm4j.host.internal.vm;

import java.nio.charset.StandardCharsets;

/**
 * The serialized map of the ABI (reference §3.1): u32 count, then (key length, value length) per
 * pair, then each key and value followed by one NUL. Parsing follows cpp-host {@code toPairs}: any
 * violation yields an empty map.
 */
final class Pairs {
    /** cpp-host {@code PROXY_WASM_HOST_PAIRS_MAX_BYTES}. */
    static final int MAX_BYTES = 1024 * 1024;

    /** cpp-host {@code PROXY_WASM_HOST_PAIRS_MAX_COUNT}. */
    static final int MAX_COUNT = 1024;

    private Pairs() {}

    /** The size of {@code map} serialized. */
    public static int serializedSize(HeaderMap map) {
        long size = 4;
        for (int i = 0; i < map.size(); i++) {
            size += 8 + map.nameBytes(i).length + 1 + map.valueBytes(i).length + 1;
        }
        return (int) size;
    }

    /** Serializes into {@code out} at {@code offset}; {@code out} must have room. */
    public static void serialize(HeaderMap map, byte[] out, int offset) {
        int n = map.size();
        putInt(out, offset, n);
        int lens = offset + 4;
        int data = offset + 4 + 8 * n;
        for (int i = 0; i < n; i++) {
            var k = map.nameBytes(i);
            var v = map.valueBytes(i);
            putInt(out, lens, k.length);
            putInt(out, lens + 4, v.length);
            lens += 8;
            System.arraycopy(k, 0, out, data, k.length);
            data += k.length;
            out[data++] = 0;
            System.arraycopy(v, 0, out, data, v.length);
            data += v.length;
            out[data++] = 0;
        }
    }

    public static byte[] serialize(HeaderMap map) {
        var out = new byte[serializedSize(map)];
        serialize(map, out, 0);
        return out;
    }

    /** Parses like cpp-host: malformed input gives an empty map, never an error. */
    public static HeaderMap parse(byte[] data) {
        var map = new HeaderMap();
        if (data.length < 4 || data.length > MAX_BYTES) {
            return map;
        }
        long n = getInt(data, 0) & 0xFFFFFFFFL;
        if (n > MAX_COUNT) {
            return map;
        }
        long pos = 4 + 8 * n;
        if (pos > data.length) {
            return map;
        }
        var keys = new String[(int) n];
        var vals = new String[(int) n];
        for (int i = 0; i < n; i++) {
            long klen = getInt(data, 4 + 8 * i) & 0xFFFFFFFFL;
            long vlen = getInt(data, 8 + 8 * i) & 0xFFFFFFFFL;
            if (pos + klen + 1 > data.length || data[(int) (pos + klen)] != 0) {
                return new HeaderMap();
            }
            keys[i] = new String(data, (int) pos, (int) klen, StandardCharsets.UTF_8);
            pos += klen + 1;
            if (pos + vlen + 1 > data.length || data[(int) (pos + vlen)] != 0) {
                return new HeaderMap();
            }
            vals[i] = new String(data, (int) pos, (int) vlen, StandardCharsets.UTF_8);
            pos += vlen + 1;
        }
        if (pos != data.length) {
            return map;
        }
        for (int i = 0; i < n; i++) {
            map.add(keys[i], vals[i]);
        }
        return map;
    }

    static void putInt(byte[] b, int off, int v) {
        b[off] = (byte) v;
        b[off + 1] = (byte) (v >>> 8);
        b[off + 2] = (byte) (v >>> 16);
        b[off + 3] = (byte) (v >>> 24);
    }

    static int getInt(byte[] b, int off) {
        return (b[off] & 0xFF)
                | (b[off + 1] & 0xFF) << 8
                | (b[off + 2] & 0xFF) << 16
                | (b[off + 3] & 0xFF) << 24;
    }
}
