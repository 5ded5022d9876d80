package io.github.proxywasm4j.benchmarks;

import io.github.proxywasm4j.host.Headers;
import io.github.proxywasm4j.host.ProxyWasmModule;
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
 * body when the workload has one, response headers, log/done/delete), on a warm VM.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
public class RequestBenchmark {

    @Param({"probe", "add_header", "add_header-stripped", "heavy", "heavy-stripped"})
    public String module;

    @Param({"COMPILER", "INTERPRETER", "PRECOMPILED"})
    public BenchEngine engine;

    private Fixture fixture;
    private ProxyWasmModule loaded;
    private ProxyWasmPlugin plugin;

    @Setup(Level.Trial)
    public void load() {
        fixture = new Fixture(module);
        loaded = fixture.load(engine);
    }

    // A fresh plugin per iteration: proxy-runtime 0.1.8 guests leak about 80 bytes of wasm heap
    // per request, so one VM would reach the 256 MiB page cap after some million requests.
    @Setup(Level.Iteration)
    public void start() {
        plugin = fixture.plugin(loaded, engine);
        fixture.check(plugin, fixture.request(plugin));
    }

    @TearDown(Level.Iteration)
    public void stop() {
        fixture.check(plugin, fixture.request(plugin));
        plugin.close();
    }

    @Benchmark
    public Headers request() {
        return fixture.request(plugin).responseHeaders();
    }
}
