package io.github.proxywasm4j.maven.strip;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The transform with the real npm packages and the real asc (proxy-runtime 0.1.8, asc 0.17.14). */
class StripDebugLogsTest {

    @TempDir static Path project;

    @BeforeAll
    static void installFixture() throws Exception {
        var fixture = Path.of("src/test/resources/strip-fixture");
        for (var file : List.of("package.json", "package-lock.json", "assembly/index.ts")) {
            var target = project.resolve(file);
            Files.createDirectories(target.getParent());
            Files.copy(fixture.resolve(file), target);
        }
        run(List.of("npm", "ci", "--no-audit", "--no-fund", "--loglevel=error"));
    }

    @Test
    void shipsTheTransformInTheJar() {
        var source = new String(StripDebugLogs.transformSource(), StandardCharsets.UTF_8);
        assertThat(source).contains("afterParse").contains("~lib/@solo-io/proxy-runtime/");
    }

    @Test
    void extractsOnceAndRewritesOnlyWhatChanged(@TempDir Path dir) throws IOException {
        var file = StripDebugLogs.extractTo(dir.resolve("nested"));
        assertThat(file).hasFileName(StripDebugLogs.FILE_NAME).isAbsolute();
        assertThat(Files.readAllBytes(file)).isEqualTo(StripDebugLogs.transformSource());
        var old = FileTime.fromMillis(1_000_000L);
        Files.setLastModifiedTime(file, old);
        StripDebugLogs.extractTo(dir.resolve("nested"));
        assertThat(Files.getLastModifiedTime(file)).as("unchanged: not rewritten").isEqualTo(old);
        Files.writeString(file, "stale");
        StripDebugLogs.extractTo(dir.resolve("nested"));
        assertThat(Files.readAllBytes(file)).isEqualTo(StripDebugLogs.transformSource());
        try (var files = Files.list(dir.resolve("nested"))) {
            assertThat(files).hasSize(1); // no temp files left behind
        }
        assertThat(StripDebugLogs.ascArguments(file))
                .containsExactly("--transform", file.toString());
    }

    @Test
    void removesProxyRuntimeDebugLinesAndKeepsTheFiltersOwn() throws Exception {
        var transform = StripDebugLogs.extractTo(project.resolve("target"));
        var plain = compile("plain.wasm", List.of());
        var strippedRun = new ArrayList<String>();
        var stripped =
                compile("stripped.wasm", StripDebugLogs.ascArguments(transform), strippedRun);

        // proxy-runtime's debug messages live as UTF-16 string literals in the data section.
        assertThat(containsUtf16(plain, "ensureRootContext(root_context_id: ")).isTrue();
        assertThat(containsUtf16(stripped, "ensureRootContext(root_context_id: ")).isFalse();
        assertThat(containsUtf16(stripped, ": onDone()")).isFalse();
        // kept: the filter's own debug line and proxy-runtime's critical (abort) path
        assertThat(containsUtf16(plain, "filter-own-debug-line")).isTrue();
        assertThat(containsUtf16(stripped, "filter-own-debug-line")).isTrue();
        assertThat(containsUtf16(stripped, "Unable to set effective context: ")).isTrue();
        assertThat(stripped.length).isLessThan(plain.length - 2_000);
        assertThat(String.join("\n", strippedRun))
                .contains("strip-debug-logs: removed 34 proxy-runtime debug log statements");
    }

    private static byte[] compile(String output, List<String> extra) throws Exception {
        return compile(output, extra, new ArrayList<>());
    }

    private static byte[] compile(String output, List<String> extra, List<String> log)
            throws Exception {
        var command = new ArrayList<String>();
        command.add("node");
        command.add("node_modules/assemblyscript/bin/asc");
        command.add("assembly/index.ts");
        command.add("-o");
        command.add("build/" + output);
        command.add("--use");
        command.add("abort=abort_proc_exit");
        command.addAll(extra);
        log.addAll(run(command));
        return Files.readAllBytes(project.resolve("build").resolve(output));
    }

    private static List<String> run(List<String> command) throws Exception {
        var process =
                new ProcessBuilder(command)
                        .directory(project.toFile())
                        .redirectErrorStream(true)
                        .start();
        String out;
        try (InputStream in = process.getInputStream()) {
            out = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        assertThat(process.waitFor(5, TimeUnit.MINUTES)).isTrue();
        assertThat(process.exitValue()).as(String.join(" ", command) + "\n" + out).isZero();
        return out.lines().toList();
    }

    private static boolean containsUtf16(byte[] module, String text) {
        var needle = text.getBytes(StandardCharsets.UTF_16LE);
        outer:
        for (var i = 0; i + needle.length <= module.length; i++) {
            for (var j = 0; j < needle.length; j++) {
                if (module[i + j] != needle[j]) {
                    continue outer;
                }
            }
            return true;
        }
        return false;
    }
}
