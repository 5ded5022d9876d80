package io.github.proxywasm4j.localproxy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import java.io.IOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledOnOs;
import org.junit.jupiter.api.condition.OS;
import org.junit.jupiter.api.function.ThrowingConsumer;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 11: a hostile Envoy bootstrap (deep nesting, alias bombs, huge values, huge files) is
 * refused with one {@link EnvoyConfigException} in bounded time and memory. Runs in its own JVM
 * with {@code -Xmx256m} (the {@code hostile-yaml} execution in the pom), where the loader used to
 * end with a {@code StackOverflowError} or an {@code OutOfMemoryError}.
 */
class HostileYamlTest {

    static final Duration BOUND = Duration.ofSeconds(20);

    // A bootstrap the local proxy serves without a warning: one listener, no routes.
    static final String MINIMAL =
            "static_resources:\n"
                    + "  listeners:\n"
                    + "  - address: {socket_address: {address: 127.0.0.1, port_value: 0}}\n"
                    + "    filter_chains: [{filters: [{name: envoy.http_connection_manager,"
                    + " config: {route_config: {virtual_hosts: []}}}]}]\n";

    @TempDir Path dir;

    Path file(String name, ThrowingConsumer<Writer> content) throws Throwable {
        var file = dir.resolve(name);
        try (var out = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
            content.accept(out);
        }
        return file;
    }

    // Reads the file within the time bound; the refusal it must end with.
    EnvoyConfigException refusal(Path file) {
        return assertTimeoutPreemptively(
                BOUND,
                () -> {
                    try {
                        EnvoyBootstrap.read(file, dir);
                    } catch (EnvoyConfigException e) {
                        return e;
                    }
                    throw new AssertionError(file + " was accepted");
                });
    }

    @Test
    void hundredThousandNestedBracketsShouldBeRefusedAtTheDepthBound() throws Throwable {
        var file = file("deep.yaml", out -> out.write("[".repeat(100_000)));

        assertThat(refusal(file))
                .hasMessage(
                        "deep.yaml (line 1, column 101) nests mappings and lists deeper than 100"
                                + " levels; fix: check that wasm.envoyConfig names the bootstrap"
                                + " meant and that its brackets are closed (an Envoy bootstrap"
                                + " nests about 15 levels)");
    }

    @Test
    void deeplyNestedMappingsShouldBeRefusedAtTheDepthBound() throws Throwable {
        var file =
                file(
                        "deep-map.yaml",
                        out -> {
                            out.write("static_resources:\n");
                            out.write(" {a: ".repeat(50_000));
                        });

        assertThat(refusal(file).getMessage())
                .startsWith("deep-map.yaml (line 2, column ")
                .contains(" nests mappings and lists deeper than 100 levels; fix: ");
    }

    @Test
    void aBillionLaughsShouldBeRefusedBeforeItExpands() throws Throwable {
        var file =
                file(
                        "laughs.yaml",
                        out -> {
                            out.write("a: &a [\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\"]\n");
                            for (char c = 'b'; c <= 'i'; c++) {
                                var prev = (char) (c - 1);
                                out.write(c + ": &" + c + " [");
                                for (int i = 0; i < 9; i++) {
                                    out.write((i > 0 ? "," : "") + "*" + prev);
                                }
                                out.write("]\n");
                            }
                        });

        assertThat(refusal(file).getMessage())
                .startsWith("laughs.yaml (line ")
                .endsWith(
                        " grows to more than 8388608 characters with its aliases expanded (an"
                                + " alias bomb); fix: write the values out, or nest fewer aliases"
                                + " (*name)");
    }

    @Test
    void anAliasBombWithFewAliasesShouldBeRefusedToo() throws Throwable {
        // 2 aliases per level, 30 levels: 60 aliases, 2^30 values once expanded.
        var file =
                file(
                        "doubling.yaml",
                        out -> {
                            out.write("l0: &l0 [x, x]\n");
                            for (int i = 1; i <= 30; i++) {
                                out.write("l" + i + ": &l" + i + " [*l" + (i - 1));
                                out.write(", *l" + (i - 1) + "]\n");
                            }
                        });

        assertThat(refusal(file).getMessage()).contains("(an alias bomb)");
    }

    @Test
    void aRecursiveAliasShouldBeRefused() throws Throwable {
        var file = file("loop.yaml", out -> out.write("static_resources: &loop [*loop]\n"));

        assertThat(refusal(file))
                .hasMessage(
                        "loop.yaml (line 1, column 26) refers to *loop inside that very node;"
                                + " fix: a configuration is a tree: write the value out instead"
                                + " of this recursive alias");
    }

    @Test
    void tooManyValuesShouldBeRefused() throws Throwable {
        var file = file("wide.yaml", out -> out.write("[" + "1,".repeat(300_000) + "1]"));

        assertThat(refusal(file).getMessage())
                .startsWith("wide.yaml (line 1, column ")
                .endsWith(
                        " has more than 200000 values; fix: check that wasm.envoyConfig names"
                                + " the bootstrap meant (an Envoy bootstrap has hundreds)");
    }

    @Test
    void aHugeFileShouldBeRefusedWithoutReadingAllOfIt() throws Throwable {
        var file =
                file(
                        "huge.yaml",
                        out -> {
                            var line = "# " + "x".repeat(1_000) + "\n";
                            for (int i = 0; i < 64 * 1024; i++) {
                                out.write(line);
                            }
                        });

        assertThat(refusal(file))
                .hasMessage(
                        file
                                + " has more than 4194304 bytes (4 MiB), more than the local"
                                + " proxy reads; fix: point wasm.envoyConfig at an Envoy"
                                + " bootstrap file (they are kilobytes)");
    }

    @Test
    @EnabledOnOs(OS.LINUX)
    void aFileThatNeverEndsShouldBeRefused() {
        var endless = Path.of("/dev/zero");

        assertThat(refusal(endless).getMessage())
                .startsWith(endless + " has more than 4194304 bytes (4 MiB)");
    }

    @Test
    void aHugeValueShouldGiveAShortMessage() throws Throwable {
        var huge = "9".repeat(3_000_000);
        var file =
                file(
                        "huge-value.yaml",
                        out ->
                                out.write(
                                        "static_resources:\n"
                                                + "  listeners:\n"
                                                + "  - address:\n"
                                                + "      socket_address: {address: 127.0.0.1,"
                                                + " port_value: '"
                                                + huge
                                                + "'}\n"));

        var message = refusal(file).getMessage();

        assertThat(message.length()).isLessThan(2_100);
        assertThat(message)
                .startsWith(
                        "huge-value.yaml: static_resources.listeners[0].address.socket_address"
                                + ".port_value is '99999")
                .contains("… (3000000 characters)'")
                .endsWith("; fix: correct that field");
    }

    @Test
    void aHugeKeyShouldGiveAShortWarning() throws Throwable {
        var key = "k".repeat(1_000_000);
        var file =
                file(
                        "huge-key.yaml",
                        out ->
                                out.write(
                                        MINIMAL
                                                // explicit: a plain key stops at 1024
                                                + "? " + key + "\n: 1\n"));

        var bootstrap = assertTimeoutPreemptively(BOUND, () -> EnvoyBootstrap.read(file, dir));

        assertThat(bootstrap.warnings())
                .singleElement()
                .asString()
                .hasSizeLessThan(200)
                .isEqualTo(
                        "huge-key.yaml: "
                                + "k".repeat(80)
                                + "… (1000000 characters) is not supported by the local proxy"
                                + " and is ignored");
    }

    @Test
    void twentyThousandUnknownFieldsShouldGiveAHundredWarningsAndOneLineMore() throws Throwable {
        var file =
                file(
                        "noisy.yaml",
                        out -> {
                            out.write(MINIMAL);
                            for (int i = 0; i < 20_000; i++) {
                                out.write("unknown_" + i + ": 1\n");
                            }
                        });

        var bootstrap = assertTimeoutPreemptively(BOUND, () -> EnvoyBootstrap.read(file, dir));

        assertThat(bootstrap.warnings()).hasSize(101);
        assertThat(bootstrap.warnings().get(100))
                .isEqualTo(
                        "noisy.yaml: more fields are not supported; only the first 100 warnings"
                                + " are shown");
    }

    @Test
    void anOrdinaryBootstrapShouldStillBeRead() throws IOException {
        var file = dir.resolve("ok.yaml");
        Files.writeString(file, MINIMAL);

        assertThat(EnvoyBootstrap.read(file, dir).warnings()).isEmpty();
    }
}
