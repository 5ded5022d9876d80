package io.github.proxywasm4j.host.internal.vm;

import io.github.proxywasm4j.host.Headers;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Locale;

/**
 * A mutable header map as Envoy keeps it: lowercased names, insertion order, duplicates allowed.
 * Byte forms are cached per entry so serializing to the guest does not re-encode strings.
 */
final class HeaderMap {
    private String[] names;
    private String[] values;
    private byte[][] nameBytes;
    private byte[][] valueBytes;
    private int size;

    public HeaderMap() {
        this(8);
    }

    private HeaderMap(int capacity) {
        names = new String[capacity];
        values = new String[capacity];
    }

    public static HeaderMap of(Headers headers) {
        int n = headers.size();
        var map = new HeaderMap(Math.max(4, n + 2));
        // Headers keeps its names lowercased, so they are copied as they are.
        for (int i = 0; i < n; i++) {
            map.names[i] = headers.name(i);
            map.values[i] = headers.value(i);
        }
        map.size = n;
        return map;
    }

    public int size() {
        return size;
    }

    public String name(int i) {
        return names[i];
    }

    public String value(int i) {
        return values[i];
    }

    /** The byte caches exist only once the map is serialized or measured. */
    private void ensureByteCaches() {
        if (nameBytes == null || nameBytes.length < names.length) {
            nameBytes =
                    nameBytes == null
                            ? new byte[names.length][]
                            : Arrays.copyOf(nameBytes, names.length);
            valueBytes =
                    valueBytes == null
                            ? new byte[names.length][]
                            : Arrays.copyOf(valueBytes, names.length);
        }
    }

    byte[] nameBytes(int i) {
        ensureByteCaches();
        var b = nameBytes[i];
        if (b == null) {
            b = names[i].getBytes(StandardCharsets.UTF_8);
            nameBytes[i] = b;
        }
        return b;
    }

    byte[] valueBytes(int i) {
        ensureByteCaches();
        var b = valueBytes[i];
        if (b == null) {
            b = values[i].getBytes(StandardCharsets.UTF_8);
            valueBytes[i] = b;
        }
        return b;
    }

    public void add(String name, String value) {
        if (size == names.length) {
            int n = size * 2 + 2;
            names = Arrays.copyOf(names, n);
            values = Arrays.copyOf(values, n);
            if (nameBytes != null) {
                nameBytes = Arrays.copyOf(nameBytes, n);
                valueBytes = Arrays.copyOf(valueBytes, n);
            }
        }
        names[size] = lower(name);
        values[size] = value;
        if (nameBytes != null) {
            nameBytes[size] = null;
            valueBytes[size] = null;
        }
        size++;
    }

    /** The first value, or null. */
    public String get(String name) {
        var key = lower(name);
        for (int i = 0; i < size; i++) {
            if (names[i].equals(key)) {
                return values[i];
            }
        }
        return null;
    }

    /** Envoy {@code setCopy}: the first entry gets the value, later entries of the name go. */
    public void replace(String name, String value) {
        var key = lower(name);
        int first = -1;
        for (int i = 0; i < size; i++) {
            if (names[i].equals(key)) {
                first = i;
                break;
            }
        }
        if (first < 0) {
            add(key, value);
            return;
        }
        values[first] = value;
        if (valueBytes != null) {
            valueBytes[first] = null;
        }
        removeFrom(key, first + 1);
    }

    public void remove(String name) {
        removeFrom(lower(name), 0);
    }

    private void removeFrom(String key, int start) {
        int w = start;
        for (int r = start; r < size; r++) {
            if (!names[r].equals(key)) {
                names[w] = names[r];
                values[w] = values[r];
                if (nameBytes != null) {
                    nameBytes[w] = nameBytes[r];
                    valueBytes[w] = valueBytes[r];
                }
                w++;
            }
        }
        Arrays.fill(names, w, size, null);
        Arrays.fill(values, w, size, null);
        if (nameBytes != null) {
            Arrays.fill(nameBytes, w, size, null);
            Arrays.fill(valueBytes, w, size, null);
        }
        size = w;
    }

    public void clear() {
        Arrays.fill(names, 0, size, null);
        Arrays.fill(values, 0, size, null);
        if (nameBytes != null) {
            Arrays.fill(nameBytes, 0, size, null);
            Arrays.fill(valueBytes, 0, size, null);
        }
        size = 0;
    }

    /** Envoy's {@code byteSize()}: the sum of name and value lengths in bytes. */
    public long byteSize() {
        long total = 0;
        for (int i = 0; i < size; i++) {
            total += nameBytes(i).length + valueBytes(i).length;
        }
        return total;
    }

    public Headers toHeaders() {
        var arr = new String[size * 2];
        for (int i = 0; i < size; i++) {
            arr[i * 2] = names[i];
            arr[i * 2 + 1] = values[i];
        }
        return Headers.of(arr);
    }

    static String lower(String name) {
        for (int i = 0; i < name.length(); i++) {
            char c = name.charAt(i);
            if (c >= 'A' && c <= 'Z') {
                return name.toLowerCase(Locale.ROOT);
            }
        }
        return name;
    }
}
