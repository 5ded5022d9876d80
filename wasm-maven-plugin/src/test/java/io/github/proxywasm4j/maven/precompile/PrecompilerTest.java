package io.github.proxywasm4j.maven.precompile;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.proxywasm4j.host.FilterAction;
import io.github.proxywasm4j.host.Headers;
import io.github.proxywasm4j.host.ProxyWasmModule;
import io.github.proxywasm4j.host.ProxyWasmPlugin;
import io.github.proxywasm4j.maven.BuildLog;
import io.github.proxywasm4j.maven.WasmBuildException;
import java.io.InputStream;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The build-time compiler on a module built by the real npm and asc, run by the real host. */
class PrecompilerTest {
    private static final String NAME = "com.example.StripFixtureModule";

    @TempDir static Path project;
    private static Path wasm;

    @BeforeAll
    static void buildModule() throws Exception {
        var fixture = Path.of("src/test/resources/strip-fixture");
        for (var file : List.of("package.json", "package-lock.json", "assembly/index.ts")) {
            var target = project.resolve(file);
            Files.createDirectories(target.getParent());
            Files.copy(fixture.resolve(file), target);
        }
        run(List.of("npm", "ci", "--no-audit", "--no-fund", "--loglevel=error"));
        run(
                List.of(
                        "node",
                        "node_modules/assemblyscript/bin/asc",
                        "assembly/index.ts",
                        "-o",
                        "build/filter.wasm",
                        "--optimize",
                        "--use",
                        "abort=abort_proc_exit"));
        wasm = project.resolve("build/filter.wasm");
    }

    @Test
    void defaultClassNameComesFromGroupAndArtifact() {
        assertThat(Precompiler.defaultClassName("com.example", "my-filter"))
                .isEqualTo("com.example.MyFilterModule");
        assertThat(Precompiler.defaultClassName("io.github.x-y.int", "2fast"))
                .isEqualTo("io.github.x_y._int.Wasm2fastModule");
        assertThat(Precompiler.defaultClassName("", "add_header"))
                .isEqualTo("wasm.AddHeaderModule");
    }

    @Test
    void refusesANameThatIsNotAQualifiedClassName(@TempDir Path dir) {
        assertThatThrownBy(
                        () ->
                                Precompiler.run(
                                        new PrecompileRequest(
                                                wasm, "my-filter", dir, dir.resolve("work")),
                                        BuildLog.silent()))
                .isInstanceOf(WasmBuildException.class)
                .hasMessage(
                        "wasm.precompileClass 'my-filter' is not a fully qualified Java class"
                                + " name; fix: use one like com.example.MyFilterModule");
    }

    @Test
    void generatedClassesServeARequestAndAreNotRebuiltWhenUpToDate(@TempDir Path dir)
            throws Exception {
        var classes = dir.resolve("classes");
        var work = dir.resolve("state");
        var log = new ArrayList<String>();

        Precompiler.run(new PrecompileRequest(wasm, NAME, classes, work), recording(log));

        var mainClass = classes.resolve("com/example/StripFixtureModule.class");
        assertThat(mainClass).isRegularFile();
        assertThat(classes.resolve("com/example/StripFixtureModule.meta")).isRegularFile();
        assertThat(work.resolve("precompile")).doesNotExist();
        try (var files = Files.walk(classes)) {
            assertThat(files.map(Path::toString)).noneMatch(f -> f.endsWith(".tmp"));
        }
        try (var loader =
                new URLClassLoader(
                        new URL[] {classes.toUri().toURL()}, getClass().getClassLoader())) {
            var module = ProxyWasmModule.precompiled(loader.loadClass(NAME));
            // A configuration: proxy-runtime 0.1.8's stock onConfigure traps on an empty one.
            try (var plugin =
                            ProxyWasmPlugin.builder(module)
                                    .withRootId("strip_fixture")
                                    .withPluginConfiguration("any")
                                    .build();
                    var stream = plugin.newHttpStream()) {
                stream.sendRequestHeaders(Headers.of(":method", "GET", ":path", "/"), true);
                assertThat(stream.sendResponseHeaders(Headers.of(":status", "200"), true))
                        .isEqualTo(FilterAction.CONTINUE);
                assertThat(stream.responseHeaders().getAll("hello")).containsExactly("world!");
            }
        }

        var stamp = Files.getLastModifiedTime(mainClass);
        log.clear();
        Precompiler.run(new PrecompileRequest(wasm, NAME, classes, work), recording(log));
        assertThat(log)
                .singleElement()
                .asString()
                .startsWith(
                        "precompiled " + NAME + " is up to date (module unchanged, fingerprint ");
        assertThat(Files.getLastModifiedTime(mainClass)).isEqualTo(stamp);
    }

    @Test
    void saysHowToGetAModuleWhenThereIsNone(@TempDir Path dir) {
        assertThatThrownBy(() -> precompile(dir.resolve("missing.wasm"), dir))
                .isInstanceOf(WasmBuildException.class)
                .hasMessage(
                        "No module at "
                                + dir.resolve("missing.wasm")
                                + " to precompile; fix: build it first, or point wasmFile"
                                + " (-Dwasm.file) at an existing .wasm file");
    }

    @Test
    void refusesADirectory(@TempDir Path dir) {
        assertThatThrownBy(() -> precompile(dir, dir.resolve("out")))
                .isInstanceOf(WasmBuildException.class)
                .hasMessage(
                        dir
                                + " is not a file, so there is no module to precompile; fix: point"
                                + " wasmFile (-Dwasm.file) at a .wasm file");
    }

    @Test
    void refusesATextModuleWithTheBytesItFound(@TempDir Path dir) throws Exception {
        var wat = Files.writeString(dir.resolve("probe.wat"), "(module)\n");
        assertThatThrownBy(() -> precompile(wat, dir.resolve("out")))
                .isInstanceOf(WasmBuildException.class)
                .hasMessage(
                        wat
                                + " is not a binary WebAssembly module (it starts with 28 6d 6f 64"
                                + " 75 6c 65 29; a module starts with 00 61 73 6d 01 00 00 00);"
                                + " fix: point wasmFile (-Dwasm.file) at a .wasm file (a .wat text"
                                + " module needs wat2wasm first)");
        assertThat(dir.resolve("out")).doesNotExist();
    }

    @Test
    void refusesAnEmptyFile(@TempDir Path dir) throws Exception {
        var empty = Files.write(dir.resolve("empty.wasm"), new byte[0]);
        assertThatThrownBy(() -> precompile(empty, dir.resolve("out")))
                .isInstanceOf(WasmBuildException.class)
                .hasMessageStartingWith(
                        empty
                                + " is not a binary WebAssembly module (it starts with nothing: it"
                                + " is empty;");
    }

    @Test
    void aCutModuleFailsWithOneMessageAndWritesNothing(@TempDir Path dir) throws Exception {
        var bytes = Files.readAllBytes(wasm);
        var cut = Files.write(dir.resolve("cut.wasm"), Arrays.copyOf(bytes, 300));
        var classes = dir.resolve("classes");
        assertThatThrownBy(() -> precompile(cut, classes))
                .isInstanceOf(WasmBuildException.class)
                .hasMessageStartingWith("Could not precompile " + cut + " to " + NAME + " (")
                .hasMessageEndingWith(
                        "); fix: check the module with wasm:check, or load it with"
                                + " ProxyWasmModule.load (runtime compiler) instead of"
                                + " precompiling it");
        assertThat(classes).doesNotExist();
    }

    @Test
    void aTouchedButUnchangedModuleIsNotCompiledAgain(@TempDir Path dir) throws Exception {
        var copy = Files.copy(wasm, dir.resolve("filter.wasm"));
        var classes = dir.resolve("classes");
        precompile(copy, classes);
        var mainClass = classes.resolve("com/example/StripFixtureModule.class");
        var stamp = Files.getLastModifiedTime(mainClass);
        Files.setLastModifiedTime(copy, FileTime.fromMillis(stamp.toMillis() + 5_000));
        var log = new ArrayList<String>();

        Precompiler.run(
                new PrecompileRequest(copy, NAME, classes, dir.resolve("state")), recording(log));

        assertThat(log).singleElement().asString().contains(" is up to date ");
        assertThat(Files.getLastModifiedTime(mainClass)).isEqualTo(stamp);
    }

    @Test
    void aMissingMetaModuleIsWrittenAgain(@TempDir Path dir) throws Exception {
        var classes = dir.resolve("classes");
        precompile(wasm, classes);
        var meta = classes.resolve("com/example/StripFixtureModule.meta");
        var bytes = Files.readAllBytes(meta);
        Files.delete(meta);
        var log = new ArrayList<String>();

        Precompiler.run(
                new PrecompileRequest(wasm, NAME, classes, dir.resolve("state")), recording(log));

        assertThat(log).singleElement().asString().startsWith("precompiled filter.wasm to " + NAME);
        assertThat(meta).hasBinaryContent(bytes);
    }

    @Test
    void aChangedModuleIsCompiledAgainEvenWhenOlderThanTheClasses(@TempDir Path dir)
            throws Exception {
        var copy = Files.copy(wasm, dir.resolve("filter.wasm"));
        var classes = dir.resolve("classes");
        precompile(copy, classes);
        var mainClass = classes.resolve("com/example/StripFixtureModule.class");
        var stamp = Files.getLastModifiedTime(mainClass);
        // Another module, as a prebuilt artifact copied in with its old time: the same one plus a
        // custom section (id 0, size 5, name "test").
        var changed = Arrays.copyOf(Files.readAllBytes(wasm), (int) Files.size(wasm) + 7);
        System.arraycopy(
                new byte[] {0, 5, 4, 't', 'e', 's', 't'}, 0, changed, changed.length - 7, 7);
        Files.write(copy, changed);
        Files.setLastModifiedTime(copy, FileTime.fromMillis(stamp.toMillis() - 60_000));
        var log = new ArrayList<String>();

        Precompiler.run(
                new PrecompileRequest(copy, NAME, classes, dir.resolve("state")), recording(log));

        assertThat(log).singleElement().asString().startsWith("precompiled filter.wasm to " + NAME);
        assertThat(Files.getLastModifiedTime(mainClass)).isNotEqualTo(stamp);
    }

    private static void precompile(Path module, Path classes) {
        Precompiler.run(
                new PrecompileRequest(module, NAME, classes, classes.resolveSibling("state")),
                BuildLog.silent());
    }

    private static BuildLog recording(List<String> lines) {
        return new BuildLog() {
            @Override
            public void debug(String message) {}

            @Override
            public void info(String message) {
                lines.add(message);
            }

            @Override
            public void warn(String message) {
                lines.add(message);
            }

            @Override
            public void error(String message) {
                lines.add(message);
            }
        };
    }

    private static void run(List<String> command) throws Exception {
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
    }
}
