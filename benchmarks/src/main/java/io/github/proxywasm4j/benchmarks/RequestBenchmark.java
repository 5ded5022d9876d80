package io.github.proxywasm4j.benchmarks;

import io.github.proxywasm4j.host.Engine;
import io.github.proxywasm4j.host.Headers;
import io.github.proxywasm4j.host.ProxyWasmPlugin;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

/**
 * One full HTTP request lifecycle through the SDK (context create, request headers, request
 * body when the workload has one, response headers, log/done/delete), on one warm VM.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
public class RequestBenchmark {

    @Param({"probe", "add_header", "add_header-stripped", "heavy", "heavy-stripped"})
    public String module;

    @Param({"COMPILER", "INTERPRETER"})
    public Engine engine;

    private Fixture fixture;
    private ProxyWasmPlugin plugin;

    @Setup(Level.Trial)
    public void setUp() {
        fixture = new Fixture(module);
        plugin = fixture.plugin(fixture.load(), engine);
        fixture.check(fixture.request(plugin));
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        fixture.check(fixture.request(plugin));
        if (plugin.failure().isPresent()) {
            throw new IllegalStateException("the plugin failed: " + plugin.failure().get());
        }
        plugin.close();
    }

    @Benchmark
    public Headers request() {
        return fixture.request(plugin).responseHeaders();
    }
}
