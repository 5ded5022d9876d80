package io.github.proxywasm4j.host.internal.vm;

import java.util.ArrayList;
import java.util.List;

/**
 * Values by int id (the VM's live contexts): open addressing with linear probing, so creating and
 * deleting a stream context allocates nothing (no boxed keys, no map nodes).
 */
final class IntTable<T> {
    private int[] keys = new int[16];
    private Object[] values = new Object[16];
    private int size;

    @SuppressWarnings("unchecked")
    public T get(int id) {
        int mask = keys.length - 1;
        for (int i = mix(id) & mask; ; i = (i + 1) & mask) {
            var v = values[i];
            if (v == null) {
                return null;
            }
            if (keys[i] == id) {
                return (T) v;
            }
        }
    }

    public void put(int id, T value) {
        if ((size + 1) * 2 > keys.length) {
            grow();
        }
        int mask = keys.length - 1;
        for (int i = mix(id) & mask; ; i = (i + 1) & mask) {
            if (values[i] == null) {
                keys[i] = id;
                values[i] = value;
                size++;
                return;
            }
            if (keys[i] == id) {
                values[i] = value;
                return;
            }
        }
    }

    public void remove(int id) {
        int mask = keys.length - 1;
        int i = mix(id) & mask;
        while (true) {
            if (values[i] == null) {
                return;
            }
            if (keys[i] == id) {
                break;
            }
            i = (i + 1) & mask;
        }
        // Backward-shift deletion keeps probe chains intact without tombstones.
        values[i] = null;
        size--;
        int j = i;
        while (true) {
            j = (j + 1) & mask;
            if (values[j] == null) {
                return;
            }
            int home = mix(keys[j]) & mask;
            boolean between = i <= j ? (i < home && home <= j) : (i < home || home <= j);
            if (!between) {
                keys[i] = keys[j];
                values[i] = values[j];
                values[j] = null;
                i = j;
            }
        }
    }

    public int size() {
        return size;
    }

    @SuppressWarnings("unchecked")
    public List<T> values() {
        var list = new ArrayList<T>(size);
        for (var v : values) {
            if (v != null) {
                list.add((T) v);
            }
        }
        return list;
    }

    private void grow() {
        var oldKeys = keys;
        var oldValues = values;
        keys = new int[oldKeys.length * 2];
        values = new Object[oldValues.length * 2];
        size = 0;
        for (int i = 0; i < oldKeys.length; i++) {
            if (oldValues[i] != null) {
                putRaw(oldKeys[i], oldValues[i]);
            }
        }
    }

    @SuppressWarnings("unchecked")
    private void putRaw(int id, Object value) {
        put(id, (T) value);
    }

    private static int mix(int id) {
        return id * 0x9E3779B9 >>> 16 ^ id;
    }
}
