package io.github.proxywasm4j.host.internal.compile;

import static org.assertj.core.api.Assertions.assertThat;

import com.dylibso.chicory.runtime.Instance;
import com.dylibso.chicory.runtime.Machine;
import com.dylibso.chicory.wasm.Parser;
import io.github.proxywasm4j.host.Headers;
import io.github.proxywasm4j.host.ProxyWasmModule;
import io.github.proxywasm4j.host.ProxyWasmPlugin;
import io.github.proxywasm4j.host.it.TestModules;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.function.Function;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CompileCacheTest {
    private static final String KEY = "sha-256:AAAA";

    @TempDir Path dir;

    @Test
    void storesAndFindsAnEntry() {
        var cache = new CompileCache(dir, "1.0.0");
        assertThat(cache.get(KEY)).isNull();

        cache.putIfAbsent(KEY, bytes("classes"));

        assertThat(cache.get(KEY)).isEqualTo(bytes("classes"));
        assertThat(cache.hits()).isEqualTo(1);
        assertThat(cache.writes()).isEqualTo(1);
        assertThat(cache.lastProblem()).isEmpty();
    }

    @Test
    void keepsTheFirstEntryForAKey() {
        var cache = new CompileCache(dir, "1.0.0");
        cache.putIfAbsent(KEY, bytes("first"));
        cache.putIfAbsent(KEY, bytes("second"));

        assertThat(cache.get(KEY)).isEqualTo(bytes("first"));
        assertThat(cache.writes()).isEqualTo(1);
    }

    @Test
    void anotherChicoryVersionNeverSeesTheEntry() {
        new CompileCache(dir, "1.0.0").putIfAbsent(KEY, bytes("classes"));

        var other = new CompileCache(dir, "1.0.1");

        assertThat(other.get(KEY)).isNull();
        assertThat(other.entry(KEY)).isNotEqualTo(new CompileCache(dir, "1.0.0").entry(KEY));
    }

    @Test
    void aDamagedEntryIsAMissAndIsRemoved() throws Exception {
        var cache = new CompileCache(dir, "1.0.0");
        cache.putIfAbsent(KEY, bytes("classes of the module"));
        var file = cache.entry(KEY);
        var stored = Files.readAllBytes(file);
        stored[stored.length - 1] ^= 1;
        Files.write(file, stored);

        assertThat(cache.get(KEY)).isNull();
        assertThat(cache.lastProblem()).hasValueSatisfying(p -> assertThat(p).contains("damaged"));
        assertThat(file).doesNotExist();
    }

    @Test
    void aTruncatedEntryIsAMiss() throws Exception {
        var cache = new CompileCache(dir, "1.0.0");
        cache.putIfAbsent(KEY, bytes("classes of the module"));
        Files.write(cache.entry(KEY), new byte[10]);

        assertThat(cache.get(KEY)).isNull();
    }

    @Test
    void anUnwritableDirectoryIsRecordedNotThrown() throws Exception {
        var notADirectory = Files.writeString(dir.resolve("file"), "x");
        var cache = new CompileCache(notADirectory, "1.0.0");

        cache.putIfAbsent(KEY, bytes("classes"));

        assertThat(cache.writes()).isZero();
        assertThat(cache.lastProblem())
                .hasValueSatisfying(p -> assertThat(p).contains("cannot write"));
    }

    @Test
    void knowsTheRunningChicoryVersion() {
        assertThat(CompileCache.in(dir)).isPresent();
    }

    @Test
    void aSecondCompileLoadsTheCachedClasses() throws Exception {
        var module = Parser.parse(TestModules.path(TestModules.ADD_HEADER));
        var first = CompileCache.in(dir).orElseThrow();
        ModuleCompiler.compile(module, Optional.of(first));
        assertThat(first.writes()).isEqualTo(1);
        assertThat(first.hits()).isZero();

        var second = CompileCache.in(dir).orElseThrow();
        Function<Instance, Machine> factory = ModuleCompiler.compile(module, Optional.of(second));

        assertThat(second.hits()).isEqualTo(1);
        assertThat(second.writes()).isZero();
        assertThat(factory).isNotNull();
    }

    @Test
    void aCorruptEntryIsReplacedByANewCompile() throws Exception {
        var module = Parser.parse(TestModules.path(TestModules.ADD_HEADER));
        var cache = CompileCache.in(dir).orElseThrow();
        ModuleCompiler.compile(module, Optional.of(cache));
        var file = cache.entry(module.digest());
        Files.write(file, bytes("not a jar at all, and long enough to have a checksum"));

        var again = CompileCache.in(dir).orElseThrow();
        ModuleCompiler.compile(module, Optional.of(again));

        assertThat(again.hits()).isZero();
        assertThat(again.writes()).isEqualTo(1);
        assertThat(CompileCache.in(dir).orElseThrow().get(module.digest())).isNotNull();
    }

    @Test
    void aBadSettingMeansNoCache() {
        assertThat(ModuleCompiler.cacheAt("p", null)).isEmpty();
        assertThat(ModuleCompiler.cacheAt("p", "  ")).isEmpty();
        assertThat(ModuleCompiler.cacheAt("p", "bad\0path")).isEmpty();
        assertThat(ModuleCompiler.cacheAt("p", dir.toString())).isPresent();
    }

    @Test
    void thePropertyTurnsTheCacheOnForPlugins() throws Exception {
        var cacheDir = dir.resolve("compile-cache");
        var previous = System.getProperty(ProxyWasmModule.COMPILE_CACHE_PROPERTY);
        System.setProperty(ProxyWasmModule.COMPILE_CACHE_PROPERTY, cacheDir.toString());
        try {
            for (var round = 0; round < 2; round++) {
                var module = ProxyWasmModule.load(TestModules.path(TestModules.ADD_HEADER));
                try (var plugin =
                        ProxyWasmPlugin.builder(module)
                                .withRootId("add_header")
                                .withPluginConfiguration("{\"value\": \"cached\"}")
                                .build()) {
                    var stream = plugin.newHttpStream();
                    stream.sendRequestHeaders(Headers.of(":path", "/"), true);
                    stream.sendResponseHeaders(Headers.of(":status", "200"), true);
                    assertThat(stream.responseHeaders().get("hello")).contains("cached");
                }
            }
        } finally {
            if (previous == null) {
                System.clearProperty(ProxyWasmModule.COMPILE_CACHE_PROPERTY);
            } else {
                System.setProperty(ProxyWasmModule.COMPILE_CACHE_PROPERTY, previous);
            }
        }
        try (var entries = Files.list(cacheDir)) {
            assertThat(entries.filter(f -> f.toString().endsWith(".jar")).count()).isEqualTo(1);
        }
    }

    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }
}
