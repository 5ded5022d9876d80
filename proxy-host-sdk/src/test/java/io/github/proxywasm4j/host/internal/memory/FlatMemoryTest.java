package io.github.proxywasm4j.host.internal.memory;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.dylibso.chicory.runtime.ByteArrayMemory;
import com.dylibso.chicory.runtime.Memory;
import com.dylibso.chicory.runtime.WasmRuntimeException;
import com.dylibso.chicory.wasm.ChicoryException;
import com.dylibso.chicory.wasm.types.MemoryLimits;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.Random;
import java.util.function.Function;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class FlatMemoryTest {

    private static final int PAGE = Memory.PAGE_SIZE;

    @ParameterizedTest
    @ValueSource(ints = {1, 2, 4, 8})
    void accessesUpToTheLastByteAndTrapsOneBeyondLikeByteArrayMemory(int width) {
        var flat = new FlatMemory(new MemoryLimits(1, 2));
        var paged = new ByteArrayMemory(new MemoryLimits(1, 2));
        var last = PAGE - width;

        write(flat, width, last, 0x0102030405060708L);
        assertThat(read(flat, width, last)).isEqualTo(truncate(0x0102030405060708L, width));

        for (var addr : new int[] {last + 1, PAGE, -1, Integer.MIN_VALUE, Integer.MAX_VALUE}) {
            assertSameOutcome(flat, paged, m -> read(m, width, addr));
            assertSameOutcome(flat, paged, m -> write(m, width, addr, 7));
            assertThatThrownBy(() -> read(flat, width, addr))
                    .isExactlyInstanceOf(WasmRuntimeException.class)
                    .hasMessage(
                            "out of bounds memory access: attempted to access address: "
                                    + addr
                                    + " but limit is: 65536 and size: "
                                    + width);
        }
    }

    @Test
    void readsAndWritesLittleEndian() {
        var memory = new FlatMemory(new MemoryLimits(1));
        memory.writeI32(0, 0x11223344);
        assertThat(memory.readBytes(0, 4)).containsExactly(0x44, 0x33, 0x22, 0x11);
        memory.writeLong(8, 0x0102030405060708L);
        assertThat(memory.read(8)).isEqualTo((byte) 8);
        assertThat(memory.read(15)).isEqualTo((byte) 1);
        memory.writeShort(20, (short) 0xBEEF);
        assertThat(memory.readU16(20)).isEqualTo(0xBEEFL);
        assertThat(memory.readShort(20)).isEqualTo((short) 0xBEEF);
        memory.writeF32(24, 1.5f);
        assertThat(memory.readFloat(24)).isEqualTo(1.5f);
        assertThat(memory.readF32(24)).isEqualTo(Float.floatToRawIntBits(1.5f));
        memory.writeF64(32, -2.25);
        assertThat(memory.readDouble(32)).isEqualTo(-2.25);
        assertThat(memory.readF64(32)).isEqualTo(Double.doubleToRawLongBits(-2.25));
        memory.writeI32(40, -1);
        assertThat(memory.readU32(40)).isEqualTo(0xFFFFFFFFL);
        assertThat(memory.readI32(40)).isEqualTo(-1L);
    }

    @Test
    void readsStringsInPlaceAndChecksTheirBounds() {
        var memory = new FlatMemory(new MemoryLimits(1));
        memory.writeString(PAGE - 5, "héllo".substring(1), StandardCharsets.UTF_8);
        memory.writeString(PAGE - 6, "h");
        assertThat(memory.readString(PAGE - 6, 6)).isEqualTo("héllo");
        assertThatThrownBy(() -> memory.readString(PAGE - 6, 7))
                .isInstanceOf(WasmRuntimeException.class)
                .hasMessageContaining("out of bounds memory access");
        memory.writeCString(100, "abc");
        assertThat(memory.readCString(100)).isEqualTo("abc");
    }

    @Test
    void growsByReallocatingAndKeepsContent() {
        var memory = new FlatMemory(new MemoryLimits(1, 3));
        memory.writeI32(PAGE - 4, 42);
        assertThat(memory.grow(0)).isEqualTo(1);
        assertThat(memory.grow(1)).isEqualTo(1);
        assertThat(memory.pages()).isEqualTo(2);
        assertThat(memory.readInt(PAGE - 4)).isEqualTo(42);
        assertThat(memory.readLong(2 * PAGE - 8)).isZero();
        memory.writeI32(PAGE - 2, 0x01020304); // crosses what used to be the end
        assertThat(memory.readInt(PAGE - 2)).isEqualTo(0x01020304);

        assertThat(memory.grow(2)).as("beyond the maximum").isEqualTo(-1);
        assertThat(memory.grow(-1)).as("an unsigned 2^32-1 pages").isEqualTo(-1);
        assertThat(memory.grow(Integer.MAX_VALUE)).isEqualTo(-1);
        assertThat(memory.pages()).isEqualTo(2);
        assertThat(memory.grow(1)).isEqualTo(2);
        assertThat(memory.grow(1)).isEqualTo(-1);
        assertThatThrownBy(() -> memory.read(3 * PAGE))
                .isInstanceOf(WasmRuntimeException.class)
                .hasMessage(
                        "out of bounds memory access: attempted to access address: 196608 but"
                                + " limit is: 196608 and size: 1");
    }

    @Test
    void capsTheMaximumAtTheRuntimeLimitWithoutAllocatingIt() {
        var memory = new FlatMemory(new MemoryLimits(0));
        assertThat(memory.maximumPages()).isEqualTo(Memory.RUNTIME_MAX_PAGES);
        assertThat(memory.initialPages()).isZero();
        assertThat(memory.pages()).isZero();
        assertThatThrownBy(() -> memory.read(0)).isInstanceOf(WasmRuntimeException.class);
        assertThat(memory.grow(Memory.RUNTIME_MAX_PAGES + 1)).isEqualTo(-1);
        assertThat(memory.shared()).isFalse();
    }

    @Test
    void refusesSharedMemoryButTheFactoryFallsBack() {
        var shared = new MemoryLimits(1, 2, true);
        assertThatThrownBy(() -> new FlatMemory(shared))
                .isInstanceOf(ChicoryException.class)
                .hasMessageContaining("shared memory")
                .hasMessageContaining("FlatMemory::factory");
        assertThat(FlatMemory.factory(shared)).isInstanceOf(ByteArrayMemory.class);
        assertThat(FlatMemory.factory(new MemoryLimits(1, 2))).isInstanceOf(FlatMemory.class);
    }

    @Test
    void refusesAnInitialSizeAboveTheRuntimeLimitBeforeAllocating() {
        assertThatThrownBy(() -> new FlatMemory(new MemoryLimits(40_000, 65_536)))
                .isInstanceOf(ChicoryException.class)
                .hasMessageContaining("40000 pages")
                .hasMessageContaining("maximum of 32767");
    }

    @Test
    void fillsAndCopiesWithOverlapAndChecksBounds() {
        var memory = new FlatMemory(new MemoryLimits(1));
        for (var i = 0; i < 16; i++) {
            memory.writeByte(i, (byte) i);
        }
        memory.copy(4, 0, 8); // forward overlap
        assertThat(memory.readBytes(0, 12)).containsExactly(0, 1, 2, 3, 0, 1, 2, 3, 4, 5, 6, 7);
        memory.copy(0, 2, 8); // backward overlap
        assertThat(memory.readBytes(0, 8)).containsExactly(2, 3, 0, 1, 2, 3, 4, 5);
        memory.fill((byte) 9, PAGE - 3, PAGE);
        assertThat(memory.readBytes(PAGE - 4, 4)).containsExactly(0, 9, 9, 9);
        memory.fill((byte) 1, PAGE, PAGE); // zero length at the end is allowed
        memory.copy(PAGE, 0, 0);
        assertThatThrownBy(() -> memory.fill((byte) 1, PAGE - 1, PAGE + 1))
                .isInstanceOf(WasmRuntimeException.class);
        assertThatThrownBy(() -> memory.copy(PAGE - 1, 0, 2))
                .isInstanceOf(WasmRuntimeException.class);
        assertThatThrownBy(() -> memory.copy(0, PAGE + 1, 0))
                .isInstanceOf(WasmRuntimeException.class);
        // from + size overflowing int, as compiled code passes it: still a clean trap
        assertThatThrownBy(() -> memory.fill((byte) 1, 10, 10 + Integer.MAX_VALUE))
                .isInstanceOf(WasmRuntimeException.class);
        assertThat(memory.readBytes(PAGE - 4, 4)).containsExactly(0, 9, 9, 9);
        memory.zero();
        assertThat(memory.readBytes(0, PAGE)).containsOnly(0);
    }

    @Test
    void writesFromASliceAndChecksTheSource() {
        var memory = new FlatMemory(new MemoryLimits(1));
        memory.write(10, new byte[] {1, 2, 3, 4, 5}, 1, 3);
        assertThat(memory.readBytes(9, 5)).containsExactly(0, 2, 3, 4, 0);
        assertThatThrownBy(() -> memory.write(0, new byte[3], 1, 3))
                .isInstanceOf(WasmRuntimeException.class);
        assertThatThrownBy(() -> memory.readBytes(0, -1)).isInstanceOf(WasmRuntimeException.class);
    }

    @Test
    void atomicsWorkOnANonSharedMemoryAndWaitRefuses() {
        var memory = new FlatMemory(new MemoryLimits(1));
        assertThat(memory.atomicAddInt(0, 5)).isZero();
        assertThat(memory.atomicCmpxchgInt(0, 5, 7)).isEqualTo(5);
        assertThat(memory.atomicReadInt(0)).isEqualTo(7);
        assertThat(memory.atomicNotify(0, 1)).isZero();
        assertThatThrownBy(() -> memory.atomicWait(0, 7, 0L))
                .isInstanceOf(ChicoryException.class)
                .hasMessageContaining("non-shared");
    }

    /** Random sequences of operations, in and out of bounds, against Chicory's own memory. */
    @Test
    void agreesWithByteArrayMemoryOnRandomOperations() {
        for (var seed = 0; seed < 20; seed++) {
            var random = new Random(seed);
            var flat = new FlatMemory(new MemoryLimits(1, 4));
            var paged = new ByteArrayMemory(new MemoryLimits(1, 4));
            for (var step = 0; step < 3_000; step++) {
                var op = random.nextInt(12);
                var size = flat.pages() * PAGE;
                var addr = address(random, size);
                var len = random.nextInt(10) == 0 ? -1 - random.nextInt(4) : random.nextInt(300);
                var value = random.nextLong();
                var context = "seed " + seed + " step " + step + " op " + op + " addr " + addr;
                switch (op) {
                    case 0:
                    case 1:
                    case 2:
                    case 3:
                        var width = 1 << op;
                        assertSameOutcome(context, flat, paged, m -> write(m, width, addr, value));
                        break;
                    case 4:
                    case 5:
                    case 6:
                    case 7:
                        var w = 1 << (op - 4);
                        assertSameOutcome(context, flat, paged, m -> read(m, w, addr));
                        break;
                    case 8:
                        assertSameOutcome(context, flat, paged, m -> m.readBytes(addr, len));
                        break;
                    case 9:
                        var from = address(random, size);
                        assertSameOutcome(context, flat, paged, m -> copy(m, addr, from, len));
                        break;
                    case 10:
                        assertSameOutcome(
                                context, flat, paged, m -> fill(m, (byte) value, addr, len));
                        break;
                    default:
                        if (random.nextInt(20) == 0) {
                            var pages = random.nextInt(3) - (random.nextInt(10) == 0 ? 5 : 0);
                            assertSameOutcome(context, flat, paged, m -> m.grow(pages));
                        }
                }
            }
            assertThat(flat.pages()).isEqualTo(paged.pages());
            assertThat(flat.readBytes(0, flat.pages() * PAGE))
                    .as("whole memory after seed " + seed)
                    .isEqualTo(paged.readBytes(0, paged.pages() * PAGE));
        }
    }

    private static int address(Random random, int size) {
        switch (random.nextInt(8)) {
            case 0:
                return size - random.nextInt(12);
            case 1:
                return size + random.nextInt(12);
            case 2:
                return -random.nextInt(12) - 1;
            default:
                return random.nextInt(size);
        }
    }

    private static Object copy(Memory m, int dest, int src, int len) {
        m.copy(dest, src, len);
        return null;
    }

    private static Object fill(Memory m, byte value, int from, int len) {
        m.fill(value, from, from + len);
        return null;
    }

    private static long truncate(long value, int width) {
        return width == 8 ? value : value & ((1L << (8 * width)) - 1);
    }

    private static long read(Memory m, int width, int addr) {
        switch (width) {
            case 1:
                return m.readU8(addr);
            case 2:
                return m.readU16(addr);
            case 4:
                return m.readU32(addr);
            default:
                return m.readLong(addr);
        }
    }

    private static Object write(Memory m, int width, int addr, long value) {
        switch (width) {
            case 1:
                m.writeByte(addr, (byte) value);
                break;
            case 2:
                m.writeShort(addr, (short) value);
                break;
            case 4:
                m.writeI32(addr, (int) value);
                break;
            default:
                m.writeLong(addr, value);
        }
        return null;
    }

    private static void assertSameOutcome(
            Memory flat, Memory paged, Function<Memory, Object> operation) {
        assertSameOutcome("", flat, paged, operation);
    }

    private static void assertSameOutcome(
            String context, Memory flat, Memory paged, Function<Memory, Object> operation) {
        var expected = outcome(paged, operation);
        var actual = outcome(flat, operation);
        assertThat(actual).as(context).isEqualTo(expected);
    }

    private static List<Object> outcome(Memory memory, Function<Memory, Object> operation) {
        var result = new ArrayList<>();
        try {
            var value = operation.apply(memory);
            result.add(value instanceof byte[] ? Arrays.toString((byte[]) value) : value);
        } catch (RuntimeException e) {
            // Same type and kind of trap; ByteArrayMemory's slow path for an access that crosses
            // the end names the first byte beyond it, ours the access itself (tested above).
            result.add(e.getClass());
            var message = String.valueOf(e.getMessage());
            result.add(message.substring(0, Math.max(0, message.indexOf(':'))));
        }
        return result;
    }

    @Test
    void outcomeHelperDistinguishesValuesAndErrors() {
        var memory = new FlatMemory(new MemoryLimits(1));
        assertThat(Objects.equals(outcome(memory, m -> 1), outcome(memory, m -> m.read(PAGE))))
                .isFalse();
    }
}
