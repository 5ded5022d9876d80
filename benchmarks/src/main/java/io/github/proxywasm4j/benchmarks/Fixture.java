package io.github.proxywasm4j.benchmarks;

import io.github.proxywasm4j.host.Headers;
import io.github.proxywasm4j.host.HttpStream;
import io.github.proxywasm4j.host.LogLevel;
import io.github.proxywasm4j.host.ProxyWasmModule;
import io.github.proxywasm4j.host.ProxyWasmPlugin;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;

/** A benchmark module with its workload, driven through the SDK's public API. */
final class Fixture {

    static final String PRECOMPILED_PACKAGE = "io.github.proxywasm4j.benchmarks.precompiled";

    static final Headers RESPONSE_HEADERS =
            Headers.of(":status", "200", "content-type", "text/plain");

    final String name;
    final Workloads workload;
    final Headers requestHeaders;
    final byte[] requestBody;

    Fixture(String name) {
        this.name = name;
        this.workload = Workloads.forModule(name);
        var pairs = new String[workload.requestHeaders().size() * 2];
        for (var i = 0; i < workload.requestHeaders().size(); i++) {
            pairs[2 * i] = workload.requestHeaders().get(i)[0];
            pairs[2 * i + 1] = workload.requestHeaders().get(i)[1];
        }
        this.requestHeaders = Headers.of(pairs);
        this.requestBody = workload.requestBody().getBytes(StandardCharsets.UTF_8);
    }

    /** The directory of the built modules: {@code -Dbenchmarks.wasm.dir}, else target/wasm. */
    static Path wasmDir() {
        return Path.of(System.getProperty("benchmarks.wasm.dir", "target/wasm"));
    }

    Path file() {
        return wasmDir().resolve(name + ".wasm");
    }

    /** The module as {@code engine} runs it: from the .wasm file, or the precompiled class. */
    ProxyWasmModule load(BenchEngine engine) {
        return engine == BenchEngine.PRECOMPILED
                ? ProxyWasmModule.precompiled(precompiledClass())
                : ProxyWasmModule.load(file());
    }

    /**
     * The class that {@code wasm:precompile} generated from this module at build time (see the
     * pom): {@code add_header-stripped} is {@code precompiled.AddHeaderStrippedModule}.
     */
    Class<?> precompiledClass() {
        var simple = new StringBuilder();
        for (var word : name.split("[^A-Za-z0-9]+")) {
            simple.append(Character.toUpperCase(word.charAt(0))).append(word.substring(1));
        }
        var className = PRECOMPILED_PACKAGE + "." + simple + "Module";
        try {
            return Class.forName(className);
        } catch (ClassNotFoundException e) {
            throw new IllegalStateException(
                    className
                            + " is not on the class path; fix: add a wasm:precompile execution for "
                            + name
                            + ".wasm to benchmarks/pom.xml and build with -Pbench",
                    e);
        }
    }

    ProxyWasmPlugin plugin(ProxyWasmModule module, BenchEngine engine) {
        return ProxyWasmPlugin.builder(module)
                .withRootId(workload.rootId())
                .withPluginConfiguration(workload.configuration())
                .withEngine(engine.sdk)
                .withLogLevel(LogLevel.INFO)
                .build();
    }

    /** One request: headers (and body), response headers, then Envoy's teardown. */
    HttpStream request(ProxyWasmPlugin plugin) {
        var stream = plugin.newHttpStream();
        var hasBody = requestBody.length > 0;
        stream.sendRequestHeaders(requestHeaders, !hasBody);
        if (hasBody) {
            stream.sendRequestBody(requestBody, true);
        }
        stream.sendResponseHeaders(RESPONSE_HEADERS, false);
        stream.complete();
        return stream;
    }

    /** The header whose presence proves the filter ran. */
    String markerHeader() {
        return name.startsWith("heavy") ? "x-body-rewritten" : "hello";
    }

    void check(ProxyWasmPlugin plugin, HttpStream stream) {
        if (stream.responseHeaders().get(markerHeader()).isEmpty()) {
            throw new IllegalStateException(
                    name
                            + ": the filter did not add "
                            + markerHeader()
                            + ": "
                            + stream.responseHeaders()
                            + plugin.failure().map(f -> "; plugin failure: " + f).orElse(""));
        }
    }
}
