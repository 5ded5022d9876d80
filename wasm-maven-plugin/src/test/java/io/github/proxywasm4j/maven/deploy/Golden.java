package io.github.proxywasm4j.maven.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Golden files under src/test/resources beside the test's package. Run the tests with {@code
 * -Dgolden.approve=true} to (re)write them after a deliberate change, then review the diff.
 */
final class Golden {

    private Golden() {}

    static void assertMatches(String name, String actual) throws IOException {
        if (Boolean.getBoolean("golden.approve")) {
            var file =
                    Path.of(System.getProperty("basedir", "."))
                            .resolve("src/test/resources/io/github/proxywasm4j/maven/deploy")
                            .resolve(name);
            Files.createDirectories(file.getParent());
            Files.writeString(file, actual, StandardCharsets.UTF_8);
            return;
        }
        try (var in = Golden.class.getResourceAsStream(name)) {
            assertThat(in)
                    .as("golden file %s (approve with -Dgolden.approve=true)", name)
                    .isNotNull();
            assertThat(actual).isEqualTo(new String(in.readAllBytes(), StandardCharsets.UTF_8));
        }
    }
}
