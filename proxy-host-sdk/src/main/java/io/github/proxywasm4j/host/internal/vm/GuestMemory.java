package io.github.proxywasm4j.host.internal.vm;

import com.dylibso.chicory.runtime.Memory;

/** Bounds checks in 64-bit arithmetic, so no (ptr, len) from the guest can overflow. */
final class GuestMemory {
    private GuestMemory() {}

    static boolean inBounds(Memory memory, long ptr, long len) {
        long p = ptr & 0xFFFFFFFFL;
        long l = len & 0xFFFFFFFFL;
        return p + l <= (long) memory.pages() * Memory.PAGE_SIZE;
    }
}
