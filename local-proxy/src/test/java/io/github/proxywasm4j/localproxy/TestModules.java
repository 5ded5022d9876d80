package io.github.proxywasm4j.localproxy;

import java.nio.file.Files;
import java.nio.file.Path;

/** The real filters the tests serve, built with npm and asc by the build. */
final class TestModules {

    private TestModules() {}

    /** The seed's add_header filter, built from src/test/wasm. */
    static Path addHeader() {
        var dir = System.getProperty("test.wasm.dir");
        if (dir == null) {
            // Run from the repository root (exec:java) or from the module directory.
            dir =
                    Files.isDirectory(Path.of("local-proxy/target/test-modules"))
                            ? "local-proxy/target/test-modules"
                            : "target/test-modules";
        }
        return existing(dir, "add_header.wasm");
    }

    /** A filter of src/test/wasm/assembly by name. */
    static Path own(String name) {
        return addHeader().resolveSibling(name + ".wasm");
    }

    /** A filter of the SDK's test set (callout, http), built by proxy-host-sdk's tests. */
    static Path sdk(String name) {
        return existing(
                System.getProperty("sdk.test.modules", "../proxy-host-sdk/target/test-modules"),
                name + ".wasm");
    }

    private static Path existing(String dir, String name) {
        var file = Path.of(dir).resolve(name).toAbsolutePath().normalize();
        if (!Files.isRegularFile(file)) {
            throw new IllegalStateException(
                    file
                            + " is missing; fix: build with the tests enabled (./mvnw install -pl"
                            + " local-proxy -am), which compiles the test filters");
        }
        return file;
    }
}
