package io.github.proxywasm4j.host.internal.vm;

import java.util.Arrays;

/** A growable byte buffer with Envoy's {@code set_buffer_bytes} edit rules. */
final class ByteBuf {
    private static final byte[] EMPTY = new byte[0];

    private byte[] data = EMPTY;
    private int size;

    public int size() {
        return size;
    }

    public void append(byte[] bytes) {
        append(bytes, 0, bytes.length);
    }

    public void append(byte[] bytes, int off, int len) {
        ensure(size + len);
        System.arraycopy(bytes, off, data, size, len);
        size += len;
    }

    public void clear() {
        size = 0;
    }

    public byte[] toArray() {
        return Arrays.copyOf(data, size);
    }

    /** The backing array; valid up to {@link #size()}. */
    byte[] array() {
        return data;
    }

    /**
     * Envoy {@code BufferWrapper::copyFrom}: start 0 drops {@code length} bytes from the front and
     * prepends; start at or past the end appends; anything else is refused (false).
     */
    public boolean edit(long start, long length, byte[] value) {
        if (start == 0) {
            int drop = (int) Math.min(length, size);
            var rest = Arrays.copyOfRange(data, drop, size);
            size = 0;
            ensure(value.length + rest.length);
            System.arraycopy(value, 0, data, 0, value.length);
            System.arraycopy(rest, 0, data, value.length, rest.length);
            size = value.length + rest.length;
            return true;
        }
        if (start >= size) {
            append(value);
            return true;
        }
        return false;
    }

    private void ensure(int capacity) {
        if (capacity > data.length) {
            data = Arrays.copyOf(data, Math.max(capacity, data.length * 2));
        }
    }
}
