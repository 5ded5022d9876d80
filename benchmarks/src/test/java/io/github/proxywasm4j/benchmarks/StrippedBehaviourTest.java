package io.github.proxywasm4j.benchmarks;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.proxywasm4j.host.Engine;
import io.github.proxywasm4j.host.Headers;
import io.github.proxywasm4j.host.ProxyWasmModule;
import io.github.proxywasm4j.host.ProxyWasmPlugin;
import io.github.proxywasm4j.host.abi.LogLevel;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The strip-debug-logs build changes nothing a filter does except proxy-runtime's own debug
 * lines: the same scenarios on the plain and the stripped build of each filter give the same
 * headers, actions, metrics and non-debug logs, on both engines.
 */
class StrippedBehaviourTest {

    private record Outcome(List<String> responses, List<String> actions, long counter) {}

    private static Outcome run(String module, String configuration, Engine engine) {
        var fixture = new Fixture(module);
        var loaded = ProxyWasmModule.load(fixture.file());
        try (var plugin =
                ProxyWasmPlugin.builder(loaded)
                        .withRootId(fixture.workload.rootId())
                        .withPluginConfiguration(configuration)
                        .withEngine(engine)
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
        "heavy, '', COMPILER",
        "heavy, '', INTERPRETER"
    })
    void plainAndStrippedBuildsBehaveTheSame(String filter, String configuration, Engine engine) {
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
}
