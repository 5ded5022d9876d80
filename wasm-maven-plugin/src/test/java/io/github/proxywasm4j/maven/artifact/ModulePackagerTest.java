package io.github.proxywasm4j.maven.artifact;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.proxywasm4j.maven.WasmBuildException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ModulePackagerTest {
    @TempDir Path dir;

    @Test
    void shouldCopyTheModuleAndWriteASha256sumLine() throws Exception {
        var module = dir.resolve("wasm/optimized.wasm");
        Files.createDirectories(module.getParent());
        Files.write(module, new byte[] {0, 'a', 's', 'm', 1, 0, 0, 0});

        var packaged = ModulePackager.pack(module, dir.resolve("my-filter.wasm"));

        assertThat(Files.readAllBytes(packaged.file())).isEqualTo(Files.readAllBytes(module));
        // sha256 of the 8-byte empty module, as `sha256sum` prints it
        assertThat(packaged.sha256())
                .isEqualTo("93a44bbb96c751218e4c00d479e4c14358122a389acca16205b1e4d0dc5f9476");
        assertThat(Files.readString(packaged.checksumFile()))
                .isEqualTo(packaged.sha256() + "  my-filter.wasm\n");
        assertThat(packaged.checksumFile()).hasFileName("my-filter.wasm.sha256");
    }

    @Test
    void shouldExplainAMissingModule() {
        assertThatThrownBy(
                        () ->
                                ModulePackager.pack(
                                        dir.resolve("nope.wasm"), dir.resolve("out.wasm")))
                .isInstanceOf(WasmBuildException.class)
                .hasMessageStartingWith("No module to package at " + dir.resolve("nope.wasm"));
    }
}
