package io.github.proxywasm4j.host.internal.vm;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import io.github.proxywasm4j.host.abi.AbiVersion;
import io.github.proxywasm4j.host.abi.FunctionSignature;
import io.github.proxywasm4j.host.abi.ValueType;
import io.github.proxywasm4j.host.abi.WasiFunctions;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The host's import tables and the ABI model of {@code host.abi} name the same functions: every
 * function a version of the ABI lists has an implementation, and the host implements nothing the
 * model does not list. The model is the one source; these tables only bind it. Each function is
 * one typed method named as its line ({@code proxy_log} is {@code proxyLog(vm, int, int, int)}).
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

    @Test
    void eachEnvFunctionIsOneMethodTypedAsItsAbiLine() {
        assertThat(mismatches(EnvFunctions.TABLE, EnvFunctions.class)).isEmpty();
    }

    @Test
    void eachWasiFunctionIsOneMethodTypedAsItsWasiLine() {
        assertThat(mismatches(WasiHost.TABLE, WasiHost.class)).isEmpty();
    }

    @Test
    void aTableRefusesAModelFunctionWithoutBinding() {
        var model = WasiFunctions.preview1(WasiFunctions.SNAPSHOT_PREVIEW1).subList(0, 1);

        assertThat(catchThrowable(() -> HostFn.table(model, Map.of())))
                .hasMessage(
                        "host function wasi_snapshot_preview1.args_get(i32, i32) -> i32 of the ABI"
                                + " model has no binding");
    }

    /** The functions whose method is missing, overloaded or typed otherwise than the model. */
    private static List<String> mismatches(Map<String, HostFn> table, Class<?> host) {
        var wrong = new ArrayList<String>();
        for (var fn : table.values()) {
            var signature = fn.signature();
            var methods =
                    Arrays.stream(host.getDeclaredMethods())
                            .filter(m -> Modifier.isStatic(m.getModifiers()))
                            .filter(m -> m.getName().equals(methodName(signature.name())))
                            .toList();
            if (methods.size() != 1 || !typedAs(methods.get(0), signature)) {
                wrong.add(signature.describe() + " -> " + methods);
            }
        }
        return wrong;
    }

    private static boolean typedAs(Method method, FunctionSignature signature) {
        var expected = new ArrayList<Class<?>>();
        expected.add(ProxyVm.class);
        for (var type : signature.params()) {
            expected.add(type == ValueType.I64 ? long.class : int.class);
        }
        return Arrays.asList(method.getParameterTypes()).equals(expected)
                && (signature.results().isEmpty() == (method.getReturnType() == void.class));
    }

    /** {@code proxy_get_header_map_value} is {@code proxyGetHeaderMapValue}. */
    private static String methodName(String name) {
        var parts = name.split("_");
        var out = new StringBuilder(parts[0]);
        for (int i = 1; i < parts.length; i++) {
            out.append(Character.toUpperCase(parts[i].charAt(0))).append(parts[i].substring(1));
        }
        return out.toString();
    }
}
