package io.github.proxywasm4j.host.abi;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/** Golden files under src/test/resources/abi. */
final class Golden {
    private Golden() {}

    /**
     * Compares with the golden file; run the tests with -Dabi.golden.update=true to rewrite the
     * files after an intended change, then review the diff before committing it.
     */
    static void assertMatches(String actual, String name) throws IOException {
        if (Boolean.getBoolean("abi.golden.update")) {
            Files.writeString(
                    Path.of("src/test/resources/abi", name), actual, StandardCharsets.UTF_8);
        }
        try (var in = Golden.class.getResourceAsStream("/abi/" + name)) {
            assertThat(in).as("golden file abi/%s", name).isNotNull();
            assertThat(actual).isEqualTo(new String(in.readAllBytes(), StandardCharsets.UTF_8));
        }
    }
}
