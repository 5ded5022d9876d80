package io.github.proxywasm4j.host.abi;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class WasiFunctionsTest {

    @Test
    void bothModuleNamesServeTheSame45Functions() {
        var preview1 = WasiFunctions.preview1("wasi_snapshot_preview1");
        var unstable = WasiFunctions.preview1("wasi_unstable");
        assertThat(preview1).hasSize(45).allMatch(f -> f.module().equals("wasi_snapshot_preview1"));
        assertThat(unstable).hasSize(45).allMatch(f -> f.module().equals("wasi_unstable"));
        assertThat(preview1.stream().map(FunctionSignature::name).distinct()).hasSize(45);
        for (int i = 0; i < 45; i++) {
            assertThat(preview1.get(i).hasSameType(unstable.get(i))).isTrue();
        }
    }

    @Test
    void procExitReturnsNothingAndClockTimeGetTakesAnI64Precision() {
        assertThat(WasiFunctions.find("wasi_unstable", "proc_exit").orElseThrow().describe())
                .isEqualTo("wasi_unstable.proc_exit(i32) -> ()");
        assertThat(
                        WasiFunctions.find("wasi_snapshot_preview1", "clock_time_get")
                                .orElseThrow()
                                .describe())
                .isEqualTo("wasi_snapshot_preview1.clock_time_get(i32, i64, i32) -> i32");
        assertThat(
                        WasiFunctions.find("wasi_snapshot_preview1", "path_open")
                                .orElseThrow()
                                .describe())
                .isEqualTo(
                        "wasi_snapshot_preview1.path_open(i32, i32, i32, i32, i32, i64, i64, i32,"
                                + " i32) -> i32");
    }

    @Test
    void pathLinkAndSymlinkHaveTheirPreview1Arity() {
        assertThat(WasiFunctions.find("wasi_unstable", "path_link").orElseThrow().params())
                .hasSize(7);
        assertThat(WasiFunctions.find("wasi_unstable", "path_symlink").orElseThrow().params())
                .hasSize(5);
    }

    @Test
    void otherModuleNamesAreRejectedWithTheAcceptedNames() {
        assertThat(WasiFunctions.find("env", "fd_write")).isEmpty();
        assertThatThrownBy(() -> WasiFunctions.preview1("wasi"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage(
                        "not a WASI module name: 'wasi', expected 'wasi_snapshot_preview1' or"
                                + " 'wasi_unstable'");
    }
}
