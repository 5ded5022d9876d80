package io.github.proxywasm4j.benchmarks;

import com.dylibso.chicory.compiler.MachineFactoryCompiler;
import com.dylibso.chicory.wasm.Parser;
import java.io.IOException;
import java.nio.file.Files;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * A bare Chicory driver (RawHost: only the host functions the modules import, no SDK) on the
 * same modules, compiled: what the SDK's own work is compared with.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
public class FloorBenchmark {

    @Param({"probe", "add_header", "add_header-stripped"})
    public String module;

    private RawHost raw;

    @Setup
    public void setUp() throws IOException {
        var fixture = new Fixture(module);
        var wasm = Parser.parse(Files.readAllBytes(fixture.file()));
        raw =
                new RawHost(
                        wasm,
                        MachineFactoryCompiler.compile(wasm),
                        null,
                        fixture.workload.rootId(),
                        fixture.workload.configuration(),
                        fixture.workload.requestHeaders());
    }

    @Benchmark
    public List<String[]> bareChicory() {
        raw.request();
        return raw.responseHeadersAdded();
    }
}
