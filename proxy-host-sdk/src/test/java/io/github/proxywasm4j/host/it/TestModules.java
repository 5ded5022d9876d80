package io.github.proxywasm4j.host.it;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

/** The modules built from {@code src/test/wasm} by the Maven build, by name. */
public final class TestModules {
    /** The seed filter (proxy-runtime 0.1.8), root id {@code add_header}. */
    public static final String ADD_HEADER = "add_header";

    /** Headers, bodies, properties, local responses (proxy-runtime 0.1.8), root id {@code http}. */
    public static final String HTTP = "http";

    /** HTTP callout filter (proxy-runtime 0.1.8), root id {@code callout}. */
    public static final String CALLOUT = "callout";

    /** Ticks, metrics, shared data, queues (proxy-runtime 0.1.8), root id {@code services}. */
    public static final String SERVICES = "services";

    /** Misbehaving roots {@code trap}, {@code loop}, {@code memory_bomb}, {@code bad_config}... */
    public static final String FAULTS = "faults";

    /** WAT, ABI 0.2.1, Rust-SDK shaped. */
    public static final String RUST_SDK_LIKE = "rust_sdk_like";

    /** WAT, ABI 0.2.0, Go-SDK shaped TCP filter. */
    public static final String GO_SDK_LIKE_TCP = "go_sdk_like_tcp";

    /** WAT, ABI 0.1.0, C++-SDK (Emscripten) shaped. */
    public static final String CPP_SDK_LIKE_V010 = "cpp_sdk_like_v010";

    /** WAT, calls WASI proc_exit(3) when asked. */
    public static final String WASI_EXIT = "wasi_exit";

    /** WAT, hands the host out-of-bounds pointers. */
    public static final String BAD_POINTERS = "bad_pointers";

    /** Local replies and filter statuses (proxy-runtime 0.1.8), root id {@code fidelity}. */
    public static final String FIDELITY = "fidelity";

    /** WAT, ABI 0.2.1, Rust-SDK shaped without WASI ({@code malloc}, {@code _initialize}). */
    public static final String FIDELITY_RUST = "fidelity_rust";

    /** WAT, ABI 0.2.1, C++-SDK shaped WASI reactor ({@code proxy_on_memory_allocate}). */
    public static final String FIDELITY_CPP = "fidelity_cpp";

    /** Two root ids, {@code singleton_service} and {@code http_filter} (proxy-runtime 0.1.8). */
    public static final String SINGLETON = "singleton";

    private TestModules() {}

    /** The directory the build writes the modules to. */
    public static Path directory() {
        return Path.of(System.getProperty("proxywasm4j.testModules", "target/test-modules"));
    }

    /** The file of a module, e.g. {@code path("add_header")}. */
    public static Path path(String name) {
        var file = directory().resolve(name + ".wasm");
        if (!Files.isRegularFile(file)) {
            throw new IllegalStateException(
                    "test module "
                            + name
                            + " not found at "
                            + file.toAbsolutePath()
                            + "; build it with ./mvnw generate-test-resources -pl proxy-host-sdk"
                            + " (it compiles src/test/wasm with npm, asc and wabt)");
        }
        return file;
    }

    /** The bytes of a module. */
    public static byte[] bytes(String name) {
        try {
            return Files.readAllBytes(path(name));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The names of all built modules, sorted. */
    public static List<String> names() {
        try (Stream<Path> files = Files.list(directory())) {
            return files.map(p -> p.getFileName().toString())
                    .filter(n -> n.endsWith(".wasm") && !n.startsWith("."))
                    .map(n -> n.substring(0, n.length() - ".wasm".length()))
                    .sorted()
                    .toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
