package io.github.proxywasm4j.maven.fs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AtomicFilesTest {
    @TempDir Path dir;

    @Test
    void shouldReplaceTheContentAndLeaveNoTempFileBehind() throws IOException {
        var target = dir.resolve("module.wasm");
        Files.writeString(target, "old");

        AtomicFiles.write(target, new byte[] {0, 'a', 's', 'm'});

        assertThat(Files.readAllBytes(target)).containsExactly(0, 'a', 's', 'm');
        try (var files = Files.list(dir)) {
            assertThat(files).containsExactly(target);
        }
    }

    @Test
    void shouldGiveTheOutputTheSamePermissionsAsAnyNewFile() throws IOException {
        // Envoy may run as another user: the module must not come out owner-only (0600).
        assumeTrue(FileSystems.getDefault().supportedFileAttributeViews().contains("posix"));
        var plain = Files.createFile(dir.resolve("plain.txt"));
        var target = dir.resolve("envoy.yaml");

        AtomicFiles.writeString(target, "static_resources: {}\n");

        assertThat(Files.getPosixFilePermissions(target))
                .isEqualTo(Files.getPosixFilePermissions(plain));
    }
}
