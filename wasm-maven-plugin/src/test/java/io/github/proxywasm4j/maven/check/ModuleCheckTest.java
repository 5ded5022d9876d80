package io.github.proxywasm4j.maven.check;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.proxywasm4j.host.abi.AbiProblem;
import io.github.proxywasm4j.maven.BuildLog;
import io.github.proxywasm4j.maven.WasmBuildException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ModuleCheckTest {
    @TempDir Path dir;

    @Test
    void shouldFailWithOneLineOnAFileThatIsNotWasm() throws Exception {
        var file = dir.resolve("filter.wasm");
        Files.writeString(file, "hello");

        assertThatThrownBy(() -> ModuleCheck.check(file, false, BuildLog.silent()))
                .isInstanceOf(WasmBuildException.class)
                .hasMessageStartingWith(
                        "filter.wasm fails the Proxy-Wasm ABI check: not a WebAssembly module")
                .hasMessageNotContaining("\n")
                // the problem itself is logged by the check; the mojo does not repeat it
                .matches(e -> ((WasmBuildException) e).reported());
    }

    @Test
    void shouldFailOnAModuleWithoutTheAbiMarker() throws Exception {
        var file = dir.resolve("empty.wasm");
        Files.write(file, new byte[] {0, 'a', 's', 'm', 1, 0, 0, 0});

        assertThatThrownBy(() -> ModuleCheck.check(file, false, BuildLog.silent()))
                .isInstanceOf(WasmBuildException.class)
                .hasMessageStartingWith("empty.wasm fails the Proxy-Wasm ABI check with ")
                .hasMessageContaining("proxy_abi_version");
    }

    @Test
    void shouldSayHowToGetAModuleWhenThereIsNone() {
        assertThatThrownBy(
                        () ->
                                ModuleCheck.check(
                                        dir.resolve("missing.wasm"), false, BuildLog.silent()))
                .isInstanceOf(WasmBuildException.class)
                .hasMessage(
                        "No module at "
                                + dir.resolve("missing.wasm")
                                + "; fix: build it first (wasm:build) or pass the module with"
                                + " -Dwasm.file=PATH");
    }

    @Test
    void summaryShouldCountProblems() {
        var problem =
                AbiProblem.error("import env.abort", "env.abort", "no env.abort", "add --use");

        assertThat(ModuleCheck.summary(Path.of("a/f.wasm"), 1, problem))
                .isEqualTo("f.wasm fails the Proxy-Wasm ABI check: " + problem.message());
        assertThat(ModuleCheck.summary(Path.of("a/f.wasm"), 3, problem))
                .startsWith("f.wasm fails the Proxy-Wasm ABI check with 3 problems");
    }
}
