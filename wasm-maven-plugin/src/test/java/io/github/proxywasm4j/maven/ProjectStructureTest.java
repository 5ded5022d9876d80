package io.github.proxywasm4j.maven;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

class ProjectStructureTest {
    @Test
    void everyPackageShouldHaveAPackageInfo() throws Exception {
        var root = Path.of("src/main/java");
        try (var walk = Files.walk(root)) {
            var missing =
                    walk.filter(Files::isDirectory)
                            .filter(
                                    d -> {
                                        try (var list = Files.list(d)) {
                                            return list.anyMatch(
                                                    f -> f.toString().endsWith(".java"));
                                        } catch (Exception e) {
                                            throw new IllegalStateException(e);
                                        }
                                    })
                            .filter(d -> !Files.exists(d.resolve("package-info.java")))
                            .toList();
            assertThat(missing).isEmpty();
        }
    }
}
