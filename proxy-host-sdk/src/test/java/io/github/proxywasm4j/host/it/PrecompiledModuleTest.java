package io.github.proxywasm4j.host.it;

import static io.github.proxywasm4j.host.junit.ProxyWasmAssertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.dylibso.chicory.build.time.compiler.Config;
import com.dylibso.chicory.build.time.compiler.Generator;
import com.dylibso.chicory.compiler.InterpreterFallback;
import com.dylibso.chicory.runtime.Instance;
import com.dylibso.chicory.wasm.WasmModule;
import io.github.proxywasm4j.host.Engine;
import io.github.proxywasm4j.host.FilterAction;
import io.github.proxywasm4j.host.Headers;
import io.github.proxywasm4j.host.ModuleLoadException;
import io.github.proxywasm4j.host.PluginStartException;
import io.github.proxywasm4j.host.ProxyWasmModule;
import io.github.proxywasm4j.host.ProxyWasmPlugin;
import java.io.File;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Collectors;
import javax.tools.ToolProvider;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The add_header filter compiled to JVM classes by Chicory's build-time compiler, as a build would
 * do, then run through {@link ProxyWasmModule#precompiled}.
 */
class PrecompiledModuleTest {
    private static final String NAME = "generated.pw4j.AddHeaderModule";
    private static final Headers REQUEST =
            Headers.of(":method", "GET", ":path", "/", ":authority", "example");

    @TempDir static Path dir;
    private static URLClassLoader loader;
    private static Class<?> generated;

    @BeforeAll
    static void generate() throws Exception {
        var classes = dir.resolve("classes");
        var sources = dir.resolve("sources");
        var config =
                Config.builder()
                        .withWasmFile(TestModules.path(TestModules.ADD_HEADER))
                        .withName(NAME)
                        .withTargetClassFolder(classes)
                        .withTargetSourceFolder(sources)
                        .withTargetWasmFolder(classes)
                        .withInterpreterFallback(InterpreterFallback.SILENT)
                        .build();
        var generator = new Generator(config);
        var interpreted = generator.generateResources();
        generator.generateMetaWasm(interpreted);
        generator.generateSources();

        // The generator writes the module class as Java source; a build compiles it with javac.
        var javaFile = sources.resolve(NAME.replace('.', '/') + ".java");
        var classpath =
                List.of(classes, jarOf(Instance.class), jarOf(WasmModule.class)).stream()
                        .map(Path::toString)
                        .collect(Collectors.joining(File.pathSeparator));
        var javac = ToolProvider.getSystemJavaCompiler();
        var status =
                javac.run(
                        null,
                        null,
                        null,
                        "-classpath",
                        classpath,
                        "-d",
                        classes.toString(),
                        javaFile.toString());
        if (status != 0) {
            throw new IllegalStateException("javac failed on " + javaFile + ": " + status);
        }
        loader =
                new URLClassLoader(
                        new URL[] {classes.toUri().toURL()},
                        PrecompiledModuleTest.class.getClassLoader());
        generated = Class.forName(NAME, true, loader);
    }

    @AfterAll
    static void closeLoader() throws Exception {
        loader.close();
    }

    private static Path jarOf(Class<?> type) throws Exception {
        return Path.of(type.getProtectionDomain().getCodeSource().getLocation().toURI());
    }

    // The .meta module next to the class has every compiled body replaced by `unreachable`, so the
    // scenario passes for INTERPRETER only if the precompiled machine runs despite withEngine.
    @ParameterizedTest(name = "{0}")
    @EnumSource(Engine.class)
    @DisplayName(
            "the precompiled add_header filter puts 'hello: what ever you want' on the response")
    void precompiledSeedScenario(Engine engine) {
        var module = ProxyWasmModule.precompiled(generated);
        var plugin =
                ProxyWasmPlugin.builder(module)
                        .withRootId("add_header")
                        .withEngine(engine)
                        .withPluginConfiguration("{\"value\": \"what ever you want\"}")
                        .build();
        try (plugin;
                var stream = plugin.newHttpStream()) {
            assertThat(stream.sendRequestHeaders(REQUEST, true)).isEqualTo(FilterAction.CONTINUE);
            assertThat(stream.sendResponseHeaders(Headers.of(":status", "200"), true))
                    .isEqualTo(FilterAction.CONTINUE);
            assertThat(stream).continued().hasResponseHeader("hello", "what ever you want");
            assertThat(plugin).hasNoFailure();
        }
        assertThat(module.abiVersion())
                .isEqualTo(
                        ProxyWasmModule.load(TestModules.path(TestModules.ADD_HEADER))
                                .abiVersion());
    }

    @Test
    @DisplayName("the stripped .meta module alone cannot run: it needs the generated machine")
    void strippedModuleFailsOnTheInterpreter() throws Exception {
        var meta = Files.readAllBytes(dir.resolve("classes/generated/pw4j/AddHeaderModule.meta"));
        var plugin =
                ProxyWasmPlugin.builder(ProxyWasmModule.load(meta))
                        .withRootId("add_header")
                        .withEngine(Engine.INTERPRETER)
                        .withPluginConfiguration("{\"value\": \"what ever you want\"}");
        assertThatThrownBy(
                        () -> {
                            try (var p = plugin.build();
                                    var stream = p.newHttpStream()) {
                                stream.sendRequestHeaders(REQUEST, true);
                            }
                        })
                .isInstanceOf(PluginStartException.class)
                .hasMessageContaining("unreachable");
    }

    @Test
    @DisplayName("a class that is not generated by the build-time compiler is refused with a fix")
    void ordinaryClassIsRefused() {
        assertThatThrownBy(() -> ProxyWasmModule.precompiled(String.class))
                .isInstanceOf(ModuleLoadException.class)
                .hasMessageContaining("java.lang.String")
                .hasMessageContaining("build-time compiler")
                .hasMessageContaining("fix:");
    }

    @Test
    @DisplayName("a generated class without its .meta module fails the load with one message")
    void missingMetaResource() throws Exception {
        var withoutMeta = dir.resolve("without-meta");
        var packageDir = NAME.substring(0, NAME.lastIndexOf('.')).replace('.', '/');
        try (var files = Files.list(dir.resolve("classes").resolve(packageDir))) {
            for (var f : files.filter(f -> f.toString().endsWith(".class")).toList()) {
                var target = withoutMeta.resolve(packageDir).resolve(f.getFileName().toString());
                Files.createDirectories(target.getParent());
                Files.copy(f, target);
            }
        }
        // Its own loader first, so the class is not found with the .meta in the shared loader.
        try (var isolated =
                new URLClassLoader(
                        new URL[] {withoutMeta.toUri().toURL()},
                        PrecompiledModuleTest.class.getClassLoader()) {
                    @Override
                    protected Class<?> loadClass(String name, boolean resolve)
                            throws ClassNotFoundException {
                        if (name.startsWith(NAME)) {
                            synchronized (getClassLoadingLock(name)) {
                                var c = findLoadedClass(name);
                                return c != null ? c : findClass(name);
                            }
                        }
                        return super.loadClass(name, resolve);
                    }
                }) {
            var bare = Class.forName(NAME, true, isolated);

            assertThatThrownBy(() -> ProxyWasmModule.precompiled(bare))
                    .isInstanceOf(ModuleLoadException.class)
                    .hasMessageContaining(NAME)
                    .hasMessageContaining(".meta")
                    .hasMessageContaining("fix:");
        }
    }
}
