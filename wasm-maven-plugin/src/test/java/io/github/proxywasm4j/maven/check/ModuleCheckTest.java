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
    void aModuleWhoseInitialMemoryIsOverTheHostsCapShouldFailAsTheHostWouldRefuseIt()
            throws Exception {
        var file = dir.resolve("big.wasm");
        Files.write(file, proxyWasmModule(65_536));

        assertThatThrownBy(() -> ModuleCheck.check(file, false, BuildLog.silent()))
                .isInstanceOf(WasmBuildException.class)
                .hasMessage(
                        "big.wasm fails the Proxy-Wasm check: the module needs 65536 memory pages"
                                + " at start, over the cap of 4096 pages, and the host refuses to"
                                + " start it; fix: lower the module's initial memory (asc"
                                + " --initialMemory, or the memory it reserves at start), or"
                                + " raise the cap the filter runs with:"
                                + " ProxyWasmPlugin.builder(..).withMaxMemoryPages(..) in tests,"
                                + " and here -Dwasm.maxMemoryPages");
    }

    @Test
    void theCapShouldBeTheOneTheFilterRunsWith() throws Exception {
        var file = dir.resolve("big.wasm");
        Files.write(file, proxyWasmModule(5_000));

        assertThat(ModuleCheck.check(file, false, 8_192, BuildLog.silent()).isValid()).isTrue();
        assertThatThrownBy(() -> ModuleCheck.check(file, false, 4_096, BuildLog.silent()))
                .hasMessageContaining("needs 5000 memory pages at start, over the cap of 4096");
    }

    @Test
    void aModuleAtTheCapShouldPass() throws Exception {
        var file = dir.resolve("ok.wasm");
        Files.write(file, proxyWasmModule(4_096));

        assertThat(ModuleCheck.check(file, false, BuildLog.silent()).isValid()).isTrue();
    }

    /**
     * The host applies the same rule at build(): a module the check passes starts, one it fails
     * does not, with the same words.
     */
    @Test
    void theHostShouldAgreeWithTheCheck() throws Exception {
        var big = dir.resolve("big.wasm");
        Files.write(big, proxyWasmModule(4_097));
        var module = io.github.proxywasm4j.host.ProxyWasmModule.load(big);

        assertThatThrownBy(
                        () ->
                                io.github.proxywasm4j.host.ProxyWasmPlugin.builder(module)
                                        .build()
                                        .close())
                .hasMessageContaining(
                        "the module needs 4097 memory pages at start, over the cap of 4096 pages");
        assertThatThrownBy(() -> ModuleCheck.check(big, false, BuildLog.silent()))
                .hasMessageContaining(
                        "the module needs 4097 memory pages at start, over the cap of 4096 pages");
    }

    /**
     * A minimal ABI 0.2.0 module: memory with {@code initialPages}, the version marker, the
     * allocator and the context callback, each body empty or returning 0.
     */
    static byte[] proxyWasmModule(int initialPages) {
        var out = new java.io.ByteArrayOutputStream();
        out.writeBytes(new byte[] {0, 'a', 's', 'm', 1, 0, 0, 0});
        // types: 0 () -> (), 1 (i32) -> i32, 2 (i32, i32) -> ()
        section(out, 1, bytes(3, 0x60, 0, 0, 0x60, 1, 0x7f, 1, 0x7f, 0x60, 2, 0x7f, 0x7f, 0));
        section(out, 3, bytes(3, 0, 1, 2));
        var memory = new java.io.ByteArrayOutputStream();
        memory.writeBytes(bytes(1, 0));
        leb(memory, initialPages);
        section(out, 5, memory.toByteArray());
        var exports = new java.io.ByteArrayOutputStream();
        leb(exports, 4);
        export(exports, "memory", 2, 0);
        export(exports, "proxy_abi_version_0_2_0", 0, 0);
        export(exports, "proxy_on_memory_allocate", 0, 1);
        export(exports, "proxy_on_context_create", 0, 2);
        section(out, 7, exports.toByteArray());
        // bodies: end; i32.const 0 end; end
        section(out, 10, bytes(3, 2, 0, 0x0b, 4, 0, 0x41, 0, 0x0b, 2, 0, 0x0b));
        return out.toByteArray();
    }

    private static void export(
            java.io.ByteArrayOutputStream out, String name, int kind, int index) {
        leb(out, name.length());
        out.writeBytes(name.getBytes(java.nio.charset.StandardCharsets.UTF_8));
        out.write(kind);
        leb(out, index);
    }

    private static void section(java.io.ByteArrayOutputStream out, int id, byte[] content) {
        out.write(id);
        leb(out, content.length);
        out.writeBytes(content);
    }

    private static void leb(java.io.ByteArrayOutputStream out, int value) {
        do {
            var b = value & 0x7f;
            value >>>= 7;
            out.write(value == 0 ? b : b | 0x80);
        } while (value != 0);
    }

    private static byte[] bytes(int... values) {
        var b = new byte[values.length];
        for (int i = 0; i < values.length; i++) {
            b[i] = (byte) values[i];
        }
        return b;
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
