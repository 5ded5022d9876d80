package io.github.proxywasm4j.host.internal.abi;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.dylibso.chicory.wasm.Parser;
import io.github.proxywasm4j.host.AbiValidator;
import io.github.proxywasm4j.host.abi.AbiVersion;
import io.github.proxywasm4j.host.abi.ModuleExports;
import io.github.proxywasm4j.host.abi.ValueType;
import io.github.proxywasm4j.host.abi.WasmBinary;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

class ModuleAbiCheckerTest {

    private static byte[] module() {
        return WasmBinary.builder()
                .importFunction(
                        "env",
                        "proxy_log",
                        List.of(ValueType.I32, ValueType.I32, ValueType.I32),
                        List.of(ValueType.I32))
                .importFunction("env", "abort", List.of(ValueType.I32), List.of())
                .exportMemory("memory")
                .exportFunction("proxy_abi_version_0_2_1", List.of(), List.of())
                .exportFunction(ModuleExports.PROXY_ON_MEMORY_ALLOCATE)
                .build();
    }

    @Test
    void checkingAnAlreadyParsedModuleGivesTheSameReportAsValidatingItsBytes() {
        var parsed = Parser.parse(module());

        var report = ModuleAbiChecker.check(parsed);

        assertThat(report).isEqualTo(AbiValidator.validate(module()));
        assertThat(report.abiVersion()).contains(AbiVersion.V0_2_1);
        assertThat(report.errors()).hasSize(1);
    }

    @Test
    void exportOfAFunctionThatDoesNotExistIsAnInvalidModuleNotAnException() {
        // An export index past the last function: Chicory's parser accepts it.
        var bytes = module();
        var parsed = Parser.parse(patchLastExportIndex(bytes));

        var report = ModuleAbiChecker.check(parsed);

        assertThat(report.errors())
                .extracting(p -> p.subject() + ": " + p.found())
                .contains(
                        "invalid module: export proxy_on_memory_allocate refers to function 9,"
                                + " which does not exist");
    }

    @Test
    void nullModuleIsRejected() {
        assertThatThrownBy(() -> ModuleAbiChecker.check(null))
                .isInstanceOf(NullPointerException.class)
                .hasMessage("module");
    }

    /** The export section comes last before the code section; its last entry ends with the index. */
    private static byte[] patchLastExportIndex(byte[] bytes) {
        var copy = bytes.clone();
        var name = "proxy_on_memory_allocate".getBytes(StandardCharsets.UTF_8);
        for (var i = 0; i < copy.length - name.length; i++) {
            if (Arrays.equals(copy, i, i + name.length, name, 0, name.length)) {
                copy[i + name.length + 1] = 9; // kind byte, then the one-byte function index
                return copy;
            }
        }
        throw new AssertionError("export not found");
    }
}
