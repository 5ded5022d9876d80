package io.github.proxywasm4j.host.internal.vm;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.proxywasm4j.host.abi.AbiVersion;
import io.github.proxywasm4j.host.abi.FunctionSignature;
import io.github.proxywasm4j.host.abi.WasiFunctions;
import java.util.Arrays;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The host's import tables and the ABI model of {@code host.abi} name the same functions: every
 * function a version of the ABI lists has an implementation, and the host implements nothing the
 * model does not list. The model is the one source; these tables only bind it.
 */
class HostFunctionTableTest {
    @Test
    void envTableIsTheAbiModel() {
        var model =
                Stream.concat(
                                Arrays.stream(AbiVersion.values())
                                        .flatMap(v -> v.hostFunctions().stream()),
                                AbiVersion.emscriptenFunctions().stream())
                        .map(FunctionSignature::name)
                        .collect(Collectors.toSet());
        assertThat(EnvFunctions.TABLE.keySet()).containsExactlyInAnyOrderElementsOf(model);
    }

    @Test
    void wasiTableIsTheWasiModel() {
        var model =
                WasiFunctions.preview1(WasiFunctions.SNAPSHOT_PREVIEW1).stream()
                        .map(FunctionSignature::name)
                        .collect(Collectors.toSet());
        assertThat(WasiHost.TABLE.keySet()).containsExactlyInAnyOrderElementsOf(model);
    }
}
