package io.github.proxywasm4j.host.internal.memory;

import com.dylibso.chicory.runtime.ByteArrayMemory;
import com.dylibso.chicory.runtime.ConstantEvaluators;
import com.dylibso.chicory.runtime.Instance;
import com.dylibso.chicory.runtime.Memory;
import com.dylibso.chicory.runtime.WasmRuntimeException;
import com.dylibso.chicory.wasm.ChicoryException;
import com.dylibso.chicory.wasm.UninstantiableException;
import com.dylibso.chicory.wasm.types.ActiveDataSegment;
import com.dylibso.chicory.wasm.types.DataSegment;
import com.dylibso.chicory.wasm.types.MemoryLimits;
import com.dylibso.chicory.wasm.types.PassiveDataSegment;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.nio.charset.Charset;
import java.util.Arrays;
import java.util.function.Function;

/**
 * A wasm linear memory held in one flat {@code byte[]}, little-endian, for a non-shared memory.
 *
 * <p>Chicory 1.7's {@link ByteArrayMemory} splits memory into 64 KiB pages so that a shared
 * memory can grow without moving; every access then pays a page lookup and a page-crossing check.
 * A Proxy-Wasm VM is single-threaded and its memory is never shared, so one array that is
 * reallocated on {@code memory.grow} is both simpler and faster (about 1.5x on an AssemblyScript
 * filter). Out-of-bounds accesses throw the same {@link WasmRuntimeException}, with the same
 * message format, as {@link ByteArrayMemory}, so traps look alike. Data segments follow the wasm
 * spec: active segments are written at instantiation and then dropped, passive ones stay until
 * {@code data.drop}.
 *
 * <p>Not thread-safe, like the VM that owns it. Use {@link #factory(MemoryLimits)} where a
 * module might declare a shared memory; it falls back to {@link ByteArrayMemory} for those.
 */
public final class FlatMemory implements Memory {

    private static final VarHandle SHORT =
            MethodHandles.byteArrayViewVarHandle(short[].class, ByteOrder.LITTLE_ENDIAN);
    private static final VarHandle INT =
            MethodHandles.byteArrayViewVarHandle(int[].class, ByteOrder.LITTLE_ENDIAN);
    private static final VarHandle LONG =
            MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);
    private static final VarHandle FLOAT =
            MethodHandles.byteArrayViewVarHandle(float[].class, ByteOrder.LITTLE_ENDIAN);
    private static final VarHandle DOUBLE =
            MethodHandles.byteArrayViewVarHandle(double[].class, ByteOrder.LITTLE_ENDIAN);

    private final MemoryLimits limits;
    private final int maximumPages;
    private byte[] buffer;
    private int pages;

    // The share of the guest memory budget; null for a memory outside it (tests).
    private final GuestMemoryBudget.Account account;
    private boolean budgetRefused;

    // The instance's own segment array: the interpreter drops a segment through the instance,
    // compiled code through drop(int); sharing the array makes both visible here.
    private DataSegment[] dataSegments;

    /**
     * A flat memory with the given limits.
     *
     * @throws ChicoryException when the limits declare a shared memory (use {@link #factory})
     */
    public FlatMemory(MemoryLimits limits) {
        this(limits, -1);
    }

    /**
     * A flat memory whose bytes count against the JVM-wide guest memory budget of {@code
     * budgetBytes} (none when negative): the initial pages must fit or this throws, and a grow past
     * it answers -1.
     */
    public FlatMemory(MemoryLimits limits, long budgetBytes) {
        if (limits.shared()) {
            throw new ChicoryException(
                    "FlatMemory cannot hold a shared memory (limits "
                            + limits
                            + "): it moves on grow; use FlatMemory::factory, which picks"
                            + " ByteArrayMemory for shared memories");
        }
        this.limits = limits;
        this.maximumPages = Math.min(limits.maximumPages(), RUNTIME_MAX_PAGES);
        this.account = budgetBytes < 0 ? null : GuestMemoryBudget.open(this, budgetBytes);
        if (limits.initialPages() > maximumPages) {
            throw new ChicoryException(
                    "initial memory of "
                            + limits.initialPages()
                            + " pages exceeds the maximum of "
                            + maximumPages
                            + " pages; lower the module's initial memory or raise the page cap");
        }
        if (account != null && !account.reserve(Memory.bytes(limits.initialPages()))) {
            budgetRefused = true;
            throw new ChicoryException(budgetMessage(Memory.bytes(limits.initialPages())));
        }
        this.pages = limits.initialPages();
        this.buffer = new byte[Memory.bytes(pages)];
    }

    /** The message when guest memory would pass the budget: the memory, the bytes, the setting. */
    public String budgetMessage(long wanted) {
        return "guest memory budget reached: the VMs of this JVM hold "
                + GuestMemoryBudget.reserved()
                + " bytes of guest memory on the host heap and this one wanted "
                + wanted
                + " more, over guestMemoryBudget = "
                + account.budget()
                + "; fix: raise it with Limits.builder().withGuestMemoryBudget(..) or"
                + " -Dwasm.limits.guestMemoryBudget=N with wasm:run (and the JVM's -Xmx), or close"
                + " plugins you no longer use";
    }

    /** Whether the budget refused memory to this memory (a grow that answered -1). */
    public boolean budgetRefused() {
        return budgetRefused;
    }

    /** Frees the bytes and returns them to the budget; the memory holds no pages afterwards. */
    public void release() {
        buffer = new byte[0];
        pages = 0;
        if (account != null) {
            account.run();
        }
    }

    /** The memory factory to hand to Chicory: flat for ordinary memories, paged for shared ones. */
    public static Memory factory(MemoryLimits limits) {
        return limits.shared() ? new ByteArrayMemory(limits) : new FlatMemory(limits);
    }

    /** {@link #factory(MemoryLimits)} for a memory inside the guest memory budget. */
    public static Memory factory(MemoryLimits limits, long budgetBytes) {
        return limits.shared() ? new ByteArrayMemory(limits) : new FlatMemory(limits, budgetBytes);
    }

    @Override
    public int pages() {
        return pages;
    }

    @Override
    public int grow(int size) {
        var previous = pages;
        var next = previous + size;
        // size is an unsigned i32 in wasm: a negative int (or an overflow) is a huge request.
        if (size < 0 || next < previous || next > maximumPages) {
            return -1;
        }
        if (size > 0) {
            if (account != null && !account.reserve(Memory.bytes(next) - (long) buffer.length)) {
                budgetRefused = true;
                return -1;
            }
            buffer = Arrays.copyOf(buffer, Memory.bytes(next));
            pages = next;
        }
        return previous;
    }

    @Override
    public int initialPages() {
        return limits.initialPages();
    }

    @Override
    public int maximumPages() {
        return maximumPages;
    }

    @Override
    public boolean shared() {
        return false;
    }

    @Override
    @SuppressWarnings("removal")
    public Object lock(int address) {
        // Atomic default methods synchronize on this; a non-shared memory has a single agent.
        return this;
    }

    @Override
    @SuppressWarnings("removal")
    public int waitOn(int address, int expected, long timeout) {
        throw new ChicoryException("Attempt to wait on a non-shared memory, not supported.");
    }

    @Override
    @SuppressWarnings("removal")
    public int waitOn(int address, long expected, long timeout) {
        throw new ChicoryException("Attempt to wait on a non-shared memory, not supported.");
    }

    @Override
    @SuppressWarnings("removal")
    public int notify(int address, int maxThreads) {
        return 0;
    }

    @Override
    public void atomicFence() {
        VarHandle.fullFence();
    }

    @Override
    public void initialize(Instance instance, DataSegment[] dataSegments) {
        initialize(instance, dataSegments, 0);
    }

    @Override
    public void initialize(Instance instance, DataSegment[] dataSegments, int memoryIndex) {
        this.dataSegments = dataSegments;
        if (dataSegments == null) {
            return;
        }
        for (var i = 0; i < dataSegments.length; i++) {
            var segment = dataSegments[i];
            if (segment instanceof ActiveDataSegment) {
                var active = (ActiveDataSegment) segment;
                if (active.index() != memoryIndex) {
                    continue;
                }
                var data = active.data();
                var offset =
                        (int)
                                ConstantEvaluators.computeConstantValue(
                                        instance, active.offsetInstructions())[0];
                checkBounds(offset, data.length, buffer.length, UninstantiableException::new);
                System.arraycopy(data, 0, buffer, offset, data.length);
                // Instantiation ends with data.drop on every active segment (wasm spec 4.5.4).
                dataSegments[i] = PassiveDataSegment.EMPTY;
            } else if (!(segment instanceof PassiveDataSegment)) {
                throw new ChicoryException("Data segment should be active or passive: " + segment);
            }
        }
    }

    @Override
    public void initPassiveSegment(int segmentId, int dest, int offset, int size) {
        if (dataSegments == null || segmentId < 0 || segmentId >= dataSegments.length) {
            throw new WasmRuntimeException("unknown data segment " + segmentId);
        }
        write(dest, dataSegments[segmentId].data(), offset, size);
    }

    @Override
    public void drop(int segment) {
        dataSegments[segment] = PassiveDataSegment.EMPTY;
    }

    @Override
    public void write(int addr, byte[] data, int offset, int size) {
        checkBounds(offset, size, data.length, WasmRuntimeException::new);
        checkBounds(addr, size, buffer.length, WasmRuntimeException::new);
        System.arraycopy(data, offset, buffer, addr, size);
    }

    @Override
    public byte read(int addr) {
        try {
            return buffer[addr];
        } catch (IndexOutOfBoundsException e) {
            throw outOfBounds(addr, 1);
        }
    }

    @Override
    public byte[] readBytes(int addr, int len) {
        checkBounds(addr, len, buffer.length, WasmRuntimeException::new);
        return Arrays.copyOfRange(buffer, addr, addr + len);
    }

    @Override
    public String readString(int addr, int len, Charset charSet) {
        // Decode in place: saves the intermediate copy readBytes would make (host log lines).
        checkBounds(addr, len, buffer.length, WasmRuntimeException::new);
        return new String(buffer, addr, len, charSet);
    }

    @Override
    public void writeI32(int addr, int data) {
        try {
            INT.set(buffer, addr, data);
        } catch (IndexOutOfBoundsException e) {
            throw outOfBounds(addr, 4);
        }
    }

    @Override
    public int readInt(int addr) {
        try {
            return (int) INT.get(buffer, addr);
        } catch (IndexOutOfBoundsException e) {
            throw outOfBounds(addr, 4);
        }
    }

    @Override
    public void writeLong(int addr, long data) {
        try {
            LONG.set(buffer, addr, data);
        } catch (IndexOutOfBoundsException e) {
            throw outOfBounds(addr, 8);
        }
    }

    @Override
    public long readLong(int addr) {
        try {
            return (long) LONG.get(buffer, addr);
        } catch (IndexOutOfBoundsException e) {
            throw outOfBounds(addr, 8);
        }
    }

    @Override
    public void writeShort(int addr, short data) {
        try {
            SHORT.set(buffer, addr, data);
        } catch (IndexOutOfBoundsException e) {
            throw outOfBounds(addr, 2);
        }
    }

    @Override
    public short readShort(int addr) {
        try {
            return (short) SHORT.get(buffer, addr);
        } catch (IndexOutOfBoundsException e) {
            throw outOfBounds(addr, 2);
        }
    }

    @Override
    public long readU16(int addr) {
        return readShort(addr) & 0xFFFFL;
    }

    @Override
    public void writeByte(int addr, byte data) {
        try {
            buffer[addr] = data;
        } catch (IndexOutOfBoundsException e) {
            throw outOfBounds(addr, 1);
        }
    }

    @Override
    public void writeF32(int addr, float data) {
        try {
            FLOAT.set(buffer, addr, data);
        } catch (IndexOutOfBoundsException e) {
            throw outOfBounds(addr, 4);
        }
    }

    @Override
    public long readF32(int addr) {
        return readInt(addr);
    }

    @Override
    public float readFloat(int addr) {
        try {
            return (float) FLOAT.get(buffer, addr);
        } catch (IndexOutOfBoundsException e) {
            throw outOfBounds(addr, 4);
        }
    }

    @Override
    public void writeF64(int addr, double data) {
        try {
            DOUBLE.set(buffer, addr, data);
        } catch (IndexOutOfBoundsException e) {
            throw outOfBounds(addr, 8);
        }
    }

    @Override
    public double readDouble(int addr) {
        try {
            return (double) DOUBLE.get(buffer, addr);
        } catch (IndexOutOfBoundsException e) {
            throw outOfBounds(addr, 8);
        }
    }

    @Override
    public long readF64(int addr) {
        return readLong(addr);
    }

    @Override
    public void zero() {
        Arrays.fill(buffer, (byte) 0);
    }

    @Override
    public void fill(byte value, int fromIndex, int toIndex) {
        // The compiler passes toIndex = from + size with int overflow; the difference is size.
        var size = toIndex - fromIndex;
        checkBounds(fromIndex, size, buffer.length, WasmRuntimeException::new);
        Arrays.fill(buffer, fromIndex, fromIndex + size, value);
    }

    @Override
    public void copy(int dest, int src, int size) {
        var limit = buffer.length;
        checkBounds(dest, size, limit, WasmRuntimeException::new);
        checkBounds(src, size, limit, WasmRuntimeException::new);
        // System.arraycopy copies as if through a temporary array, so overlap is safe.
        System.arraycopy(buffer, src, buffer, dest, size);
    }

    private WasmRuntimeException outOfBounds(int addr, int size) {
        return new WasmRuntimeException(message(addr, size, buffer.length));
    }

    private static void checkBounds(
            int addr, int size, int limit, Function<String, ChicoryException> exception) {
        // addr + size is computed in long: an int sum could wrap and pass the check.
        if (addr < 0 || size < 0 || (long) addr + size > limit) {
            throw exception.apply(message(addr, size, limit));
        }
    }

    private static String message(int addr, int size, int limit) {
        return "out of bounds memory access: attempted to access address: "
                + addr
                + " but limit is: "
                + limit
                + " and size: "
                + size;
    }
}
