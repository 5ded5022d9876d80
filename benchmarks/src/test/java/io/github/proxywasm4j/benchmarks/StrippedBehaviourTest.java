package io.github.proxywasm4j.benchmarks;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.proxywasm4j.host.Headers;
import io.github.proxywasm4j.host.LogLevel;
import io.github.proxywasm4j.host.ProxyWasmPlugin;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The strip-debug-logs build changes nothing a filter does except proxy-runtime's own debug
 * lines: the same scenarios on the plain and the stripped build of each filter give the same
 * headers, actions, metrics and non-debug logs, on every engine. And the build-time compiled
 * classes of each module behave as the module does on the runtime compiler.
 */
class StrippedBehaviourTest {

    private record Outcome(List<String> responses, List<String> actions, long counter) {}

    private static Outcome run(String module, String configuration, BenchEngine engine) {
        var fixture = new Fixture(module);
        var loaded = fixture.load(engine);
        try (var plugin =
                ProxyWasmPlugin.builder(loaded)
                        .withRootId(fixture.workload.rootId())
                        .withPluginConfiguration(configuration)
                        .withEngine(engine.sdk)
                        .withLogLevel(LogLevel.TRACE)
                        .build()) {
            var responses = new ArrayList<String>();
            var actions = new ArrayList<String>();
            for (var i = 0; i < 3; i++) {
                var stream = plugin.newHttpStream();
                actions.add(
                        String.valueOf(stream.sendRequestHeaders(fixture.requestHeaders, false)));
                actions.add(String.valueOf(stream.sendRequestBody(fixture.requestBody, true)));
                actions.add(
                        String.valueOf(
                                stream.sendResponseHeaders(Headers.of(":status", "200"), true)));
                stream.complete();
                responses.add(stream.responseHeaders().toList().toString());
            }
            assertThat(plugin.failure()).isEmpty();
            var nonDebug = plugin.logs().stream().filter(e -> e.level().code() > 1).toList();
            assertThat(nonDebug).as("no warnings or errors").isEmpty();
            var debugLines = plugin.logs(LogLevel.DEBUG);
            if (module.endsWith("-stripped")) {
                assertThat(debugLines).as("proxy-runtime's debug lines are gone").isEmpty();
            } else {
                assertThat(debugLines).as("the plain build logs at debug").isNotEmpty();
            }
            var counter =
                    module.startsWith("heavy") ? plugin.metrics().counter("heavy_requests") : 0;
            return new Outcome(responses, actions, counter);
        }
    }

    @ParameterizedTest(name = "{0} config=\"{1}\" {2}")
    @CsvSource({
        "add_header, what ever you want, COMPILER",
        "add_header, '', COMPILER",
        "add_header, what ever you want, INTERPRETER",
        "add_header, what ever you want, PRECOMPILED",
        "heavy, '', COMPILER",
        "heavy, '', INTERPRETER",
        "heavy, '', PRECOMPILED"
    })
    void plainAndStrippedBuildsBehaveTheSame(
            String filter, String configuration, BenchEngine engine) {
        var plain = run(filter, configuration, engine);
        var stripped = run(filter + "-stripped", configuration, engine);
        assertThat(stripped).isEqualTo(plain);
        if (filter.equals("add_header")) {
            var expected = configuration.isEmpty() ? "world!" : configuration;
            assertThat(plain.responses()).allMatch(r -> r.contains("hello=" + expected));
        } else {
            assertThat(plain.counter()).isEqualTo(3);
            assertThat(plain.responses()).allMatch(r -> r.contains("x-body-rewritten=1024/"));
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"add_header", "add_header-stripped", "heavy", "heavy-stripped"})
    void precompiledClassesBehaveLikeTheModule(String module) {
        var configuration = new Fixture(module).workload.configuration();
        var compiled = run(module, configuration, BenchEngine.COMPILER);
        var precompiled = run(module, configuration, BenchEngine.PRECOMPILED);
        assertThat(precompiled).isEqualTo(compiled);
        assertThat(precompiled.responses()).hasSize(3);
    }
}
