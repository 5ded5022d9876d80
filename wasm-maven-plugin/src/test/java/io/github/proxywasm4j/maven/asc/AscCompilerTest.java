package io.github.proxywasm4j.maven.asc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.dylibso.chicory.wasm.Parser;
import io.github.proxywasm4j.maven.WasmBuildException;
import io.github.proxywasm4j.maven.node.NodeInstallation;
import io.github.proxywasm4j.maven.node.NodeVersion;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AscCompilerTest {
    @TempDir Path dir;

    private AscRequest request(boolean sourceMap, boolean text, List<String> extra) {
        return new AscRequest(
                new NodeInstallation(
                        Path.of("node"), Optional.empty(), NodeVersion.of(20, 20, 2), "test"),
                dir,
                "assembly/index.ts",
                dir.resolve("target/wasm/optimized.wasm"),
                null,
                sourceMap,
                text,
                extra);
    }

    @Test
    void shouldUseTheOptimizedRecipeWithOutFileAndAbortProcExit() {
        var tmp = dir.resolve("t/optimized.wasm");

        var args = AscCompiler.arguments(request(true, false, List.of("--noAssert")), tmp, false);

        assertThat(args)
                .containsExactly(
                        "assembly/index.ts",
                        "-o",
                        tmp.toString(),
                        "--optimize",
                        "--use",
                        "abort=abort_proc_exit",
                        "--sourceMap",
                        "--noAssert");
        assertThat(args).doesNotContain("-b", "--validate");
    }

    @Test
    void shouldBuildTheDebugVariantWithTextFormat() {
        var tmp = dir.resolve("t/untouched.wasm");

        var args = AscCompiler.arguments(request(false, true, List.of()), tmp, true);

        assertThat(args)
                .containsExactly(
                        "assembly/index.ts",
                        "-o",
                        tmp.toString(),
                        "--debug",
                        "--use",
                        "abort=abort_proc_exit",
                        "--textFile",
                        dir.resolve("t/untouched.wat").toString());
    }

    @Test
    void shouldPassTheWasiShimConfigurationWhenItIsInstalled() throws Exception {
        var shim = dir.resolve(AscCompiler.WASI_SHIM_CONFIG);
        Files.createDirectories(shim.getParent());
        Files.writeString(shim, "{}");
        var tmp = dir.resolve("t/optimized.wasm");

        var args = AscCompiler.arguments(request(true, false, List.of()), tmp, false);

        assertThat(args)
                .containsExactly(
                        "assembly/index.ts",
                        "-o",
                        tmp.toString(),
                        "--optimize",
                        "--use",
                        "abort=abort_proc_exit",
                        "--sourceMap",
                        "--config",
                        "node_modules/@assemblyscript/wasi-shim/asconfig.json");
    }

    @Test
    void shouldListEveryOutputOfARequest() {
        var out = dir.resolve("target/wasm/optimized.wasm");

        assertThat(request(true, true, List.of()).outputs())
                .containsExactly(
                        out,
                        dir.resolve("target/wasm/optimized.wasm.map"),
                        dir.resolve("target/wasm/optimized.wat"));
    }

    @Test
    void shouldRefuseDashBBecauseItMeansBindingsInNewerAsc() {
        assertThatThrownBy(() -> AscCompiler.checkExtraArguments(List.of("-b")))
                .isInstanceOf(WasmBuildException.class)
                .hasMessageStartingWith("asc argument '-b' is not allowed")
                .hasMessageContaining("--bindings");
    }

    @Test
    void shouldRefuseValidateBecauseAscDroppedIt() {
        assertThatThrownBy(() -> AscCompiler.checkExtraArguments(List.of("--validate")))
                .isInstanceOf(WasmBuildException.class)
                .hasMessageContaining("unknown since asc 0.14");
    }

    @Test
    void shouldRejectAnOutputThatIsNotWasm() throws Exception {
        var file = dir.resolve("optimized.wasm");
        Files.writeString(file, "(module)");

        assertThatThrownBy(() -> AscCompiler.verifyModule(file))
                .isInstanceOf(WasmBuildException.class)
                .hasMessageStartingWith(
                        "asc wrote optimized.wasm but it is not a valid wasm module");
    }

    @Test
    void shouldRejectAMissingOutput() {
        assertThatThrownBy(() -> AscCompiler.verifyModule(dir.resolve("optimized.wasm")))
                .isInstanceOf(WasmBuildException.class)
                .hasMessageStartingWith("asc exited successfully but wrote no module");
    }

    @Test
    void shouldWarmUpWithAModuleThatHasEverySectionAnAscModuleHas() {
        var module = Parser.parse(AscCompiler.WARM_UP_MODULE);

        assertThat(module.typeSection().typeCount()).isEqualTo(1);
        assertThat(module.importSection().importCount()).isEqualTo(1);
        assertThat(module.functionSection().functionCount()).isEqualTo(1);
        assertThat(module.memorySection()).isPresent();
        assertThat(module.globalSection().globalCount()).isEqualTo(1);
        assertThat(module.exportSection().exportCount()).isEqualTo(2);
        assertThat(module.codeSection().functionBodyCount()).isEqualTo(1);
        assertThat(module.dataSection().dataSegmentCount()).isEqualTo(1);
    }

    @Test
    void shouldAcceptTheSmallestValidModule() throws Exception {
        var file = dir.resolve("empty.wasm");
        Files.write(file, new byte[] {0, 'a', 's', 'm', 1, 0, 0, 0});

        AscCompiler.verifyModule(file);
    }

    @Test
    void shouldExplainAMissingCompiler() {
        assertThatThrownBy(() -> AscCompiler.ascScript(dir))
                .isInstanceOf(WasmBuildException.class)
                .hasMessageContaining("assemblyscript is not installed")
                .hasMessageContaining("\"assemblyscript\": \"0.17.14\"");
    }

    @Test
    void shouldReadTheInstalledAscVersion() throws Exception {
        var pkg = dir.resolve("node_modules/assemblyscript/package.json");
        Files.createDirectories(pkg.getParent());
        Files.writeString(pkg, "{\n  \"name\": \"assemblyscript\",\n  \"version\": \"0.17.14\"\n}");

        assertThat(AscCompiler.ascVersion(dir)).contains("0.17.14");
    }
}
