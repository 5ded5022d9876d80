package io.github.proxywasm4j.host.internal.memory;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.dylibso.chicory.compiler.MachineFactoryCompiler;
import com.dylibso.chicory.runtime.Instance;
import com.dylibso.chicory.runtime.Memory;
import com.dylibso.chicory.runtime.WasmRuntimeException;
import com.dylibso.chicory.wasm.Parser;
import com.dylibso.chicory.wasm.UninstantiableException;
import com.dylibso.chicory.wasm.WasmModule;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** FlatMemory under real wasm code, in the interpreter and in compiled code. */
class FlatMemoryInstanceTest {

    private static final int PAGE = Memory.PAGE_SIZE;

    private static Instance instantiate(boolean compiled, int activeOffset) {
        WasmModule module = Parser.parse(SegmentModule.bytes(activeOffset));
        var builder = Instance.builder(module).withMemoryFactory(FlatMemory::new);
        if (compiled) {
            builder.withMachineFactory(MachineFactoryCompiler.compile(module));
        }
        return builder.build();
    }

    private static long call(Instance instance, String name, long... args) {
        var result = instance.export(name).apply(args);
        return result == null || result.length == 0 ? 0 : result[0];
    }

    @ParameterizedTest(name = "compiled={0}")
    @ValueSource(booleans = {false, true})
    void writesActiveSegmentsAtInstantiationAndThenDropsThem(boolean compiled) {
        var instance = instantiate(compiled, 8);
        assertThat(instance.memory()).isInstanceOf(FlatMemory.class);
        assertThat(instance.memory().readString(8, 5)).isEqualTo("hello");
        assertThat(call(instance, "load8", 8)).isEqualTo('h');
        assertThat(call(instance, "load8", 7)).isZero();
        assertThat(call(instance, "load8", 13)).isZero();

        // Active segments count as dropped after instantiation: only an empty init succeeds.
        call(instance, "init0", 100, 0, 0);
        assertThatThrownBy(() -> call(instance, "init0", 100, 0, 1))
                .isInstanceOf(WasmRuntimeException.class)
                .hasMessageContaining("out of bounds memory access");
        assertThat(call(instance, "load8", 100)).isZero();
    }

    @ParameterizedTest(name = "compiled={0}")
    @ValueSource(booleans = {false, true})
    void initialisesFromPassiveSegmentsUntilDropped(boolean compiled) {
        var instance = instantiate(compiled, 8);
        call(instance, "init1", 200, 1, 4);
        assertThat(instance.memory().readString(199, 6)).isEqualTo("\0orld\0");
        call(instance, "init1", PAGE - 5, 0, 5); // exactly up to the end
        assertThat(instance.memory().readString(PAGE - 5, 5)).isEqualTo("world");

        assertThatThrownBy(() -> call(instance, "init1", PAGE - 4, 0, 5))
                .as("destination beyond memory")
                .isInstanceOf(WasmRuntimeException.class);
        assertThatThrownBy(() -> call(instance, "init1", 0, 3, 3))
                .as("source beyond the segment")
                .isInstanceOf(WasmRuntimeException.class);
        assertThatThrownBy(() -> call(instance, "init1", 0, 6, 0))
                .as("source offset beyond the segment, even with length 0")
                .isInstanceOf(WasmRuntimeException.class);
        assertThat(call(instance, "load8", 0)).as("nothing written by a trapped init").isZero();

        call(instance, "drop1");
        call(instance, "drop1"); // dropping twice is allowed
        call(instance, "init1", 300, 0, 0);
        assertThatThrownBy(() -> call(instance, "init1", 300, 0, 1))
                .isInstanceOf(WasmRuntimeException.class);
    }

    @ParameterizedTest(name = "compiled={0}")
    @ValueSource(booleans = {false, true})
    void dropsArePerInstance(boolean compiled) {
        var first = instantiate(compiled, 8);
        call(first, "drop1");
        var second = instantiate(compiled, 8);
        call(second, "init1", 0, 0, 5);
        assertThat(second.memory().readString(0, 5)).isEqualTo("world");
        assertThat(second.memory().readString(8, 5)).isEqualTo("hello");
    }

    @ParameterizedTest(name = "compiled={0}")
    @ValueSource(booleans = {false, true})
    void refusesAnActiveSegmentOutsideMemory(boolean compiled) {
        assertThatThrownBy(() -> instantiate(compiled, PAGE - 4))
                .isInstanceOf(UninstantiableException.class)
                .hasMessageContaining("out of bounds memory access");
        assertThat(instantiate(compiled, PAGE - 5).memory().readString(PAGE - 5, 5))
                .isEqualTo("hello");
    }

    @ParameterizedTest(name = "compiled={0}")
    @ValueSource(booleans = {false, true})
    void growsUpToTheDeclaredMaximumAndTrapsBeyondTheEnd(boolean compiled) {
        var instance = instantiate(compiled, 8);
        assertThat(call(instance, "size")).isEqualTo(1);
        assertThatThrownBy(() -> call(instance, "load64", PAGE - 7))
                .isInstanceOf(WasmRuntimeException.class);
        call(instance, "store64", PAGE - 8, 0x1122334455667788L);
        assertThat(call(instance, "grow", 1)).isEqualTo(1);
        assertThat(call(instance, "grow", 1)).isEqualTo(-1);
        assertThat(call(instance, "size")).isEqualTo(2);
        assertThat(call(instance, "load64", PAGE - 8)).isEqualTo(0x1122334455667788L);
        assertThat(call(instance, "load64", PAGE - 4)).isEqualTo(0x11223344L);
        call(instance, "store64", 2 * PAGE - 8, -1L);
        assertThatThrownBy(() -> call(instance, "store64", 2 * PAGE - 7, -1L))
                .isInstanceOf(WasmRuntimeException.class);
        assertThat(instance.memory().readString(8, 5)).isEqualTo("hello");
    }

    @ParameterizedTest(name = "compiled={0}")
    @ValueSource(booleans = {false, true})
    void fillsAndCopiesFromWasm(boolean compiled) {
        var instance = instantiate(compiled, 8);
        call(instance, "copy", 20, 8, 5);
        assertThat(instance.memory().readString(20, 5)).isEqualTo("hello");
        call(instance, "copy", 10, 8, 5); // overlapping
        assertThat(instance.memory().readString(8, 7)).isEqualTo("hehello");
        call(instance, "fill", PAGE - 2, 'x', 2);
        assertThat(instance.memory().readString(PAGE - 3, 3)).isEqualTo("\0xx");
        assertThatThrownBy(() -> call(instance, "fill", PAGE - 2, 'x', 3))
                .isInstanceOf(WasmRuntimeException.class);
        assertThatThrownBy(() -> call(instance, "fill", 1, 'x', -1))
                .as("2^32-1 bytes")
                .isInstanceOf(WasmRuntimeException.class);
        assertThatThrownBy(() -> call(instance, "copy", 0, PAGE - 1, 2))
                .isInstanceOf(WasmRuntimeException.class);
        assertThat(instance.memory().readBytes(0, 8))
                .isEqualTo("\0\0\0\0\0\0\0\0".getBytes(StandardCharsets.US_ASCII));
    }
}
