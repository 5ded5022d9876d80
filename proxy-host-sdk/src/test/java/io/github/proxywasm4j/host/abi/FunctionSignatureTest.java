package io.github.proxywasm4j.host.abi;

import static io.github.proxywasm4j.host.abi.ValueType.F64;
import static io.github.proxywasm4j.host.abi.ValueType.I32;
import static io.github.proxywasm4j.host.abi.ValueType.I64;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class FunctionSignatureTest {

    @Test
    void describeOfAnImportIncludesTheModule() {
        var function =
                FunctionSignature.imported(
                        "env", "proxy_record_metric", List.of(I32, I64), List.of(I32));

        assertThat(function.describe()).isEqualTo("env.proxy_record_metric(i32, i64) -> i32");
        assertThat(function.qualifiedName()).isEqualTo("env.proxy_record_metric");
    }

    @Test
    void describeOfAnExportHasNoModuleAndAnEmptyResultReadsAsUnit() {
        var function = FunctionSignature.exported("proxy_on_log", List.of(I32), List.of());

        assertThat(function.describe()).isEqualTo("proxy_on_log(i32) -> ()");
        assertThat(FunctionSignature.exported("f", List.of(), List.of(I32, F64)).typeText())
                .isEqualTo("() -> (i32, f64)");
    }

    @Test
    void hasSameTypeComparesTypesButNotNames() {
        var a = FunctionSignature.imported("env", "a", List.of(I32), List.of(I32));
        var b = FunctionSignature.exported("b", List.of(I32), List.of(I32));
        var c = FunctionSignature.exported("b", List.of(I64), List.of(I32));

        assertThat(a.hasSameType(b)).isTrue();
        assertThat(b.hasSameType(c)).isFalse();
        assertThat(a).isNotEqualTo(b);
    }

    @Test
    void typeListsAreCopied() {
        var params = new ArrayList<>(List.of(I32));
        var function = FunctionSignature.exported("f", params, List.of());

        params.add(I64);

        assertThat(function.params()).containsExactly(I32);
    }
}
