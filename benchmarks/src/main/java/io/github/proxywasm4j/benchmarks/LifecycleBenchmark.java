package io.github.proxywasm4j.benchmarks;

import com.dylibso.chicory.compiler.MachineFactoryCompiler;
import com.dylibso.chicory.runtime.Instance;
import com.dylibso.chicory.runtime.Machine;
import com.dylibso.chicory.wasm.Parser;
import com.dylibso.chicory.wasm.WasmModule;
import io.github.proxywasm4j.host.ProxyWasmModule;
import java.io.IOException;
import java.nio.file.Files;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * The per-module and per-VM costs in a warm JVM: load (parse + validate + ABI check; for the
 * precompiled module its generated {@code load()} of the stripped {@code .meta} module + ABI
 * check), compile (Chicory's runtime compiler, done once per module by the SDK), and instantiate +
 * start (a new VM: instantiate, root context, vm_start, configure; then close) per engine.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
public class LifecycleBenchmark {

    @Param({"probe", "add_header", "heavy"})
    public String module;

    private Fixture fixture;
    private byte[] bytes;
    private WasmModule parsed;
    private ProxyWasmModule loaded;
    private Class<?> precompiledClass;
    private ProxyWasmModule precompiled;

    @Setup
    public void setUp() throws IOException {
        fixture = new Fixture(module);
        bytes = Files.readAllBytes(fixture.file());
        parsed = Parser.parse(bytes);
        loaded = ProxyWasmModule.load(bytes);
        // compile once so instantiate measures a warm module, as a test suite or run mode sees it
        fixture.plugin(loaded, BenchEngine.COMPILER).close();
        precompiledClass = fixture.precompiledClass();
        precompiled = fixture.load(BenchEngine.PRECOMPILED);
    }

    @Benchmark
    public ProxyWasmModule load() {
        return ProxyWasmModule.load(bytes);
    }

    @Benchmark
    public ProxyWasmModule loadPrecompiled() {
        return ProxyWasmModule.precompiled(precompiledClass);
    }

    @Benchmark
    public Function<Instance, Machine> compile() {
        return MachineFactoryCompiler.compile(parsed);
    }

    @Benchmark
    public int instantiateAndStartCompiled() {
        return instantiateAndStart(loaded, BenchEngine.COMPILER);
    }

    @Benchmark
    public int instantiateAndStartInterpreted() {
        return instantiateAndStart(loaded, BenchEngine.INTERPRETER);
    }

    @Benchmark
    public int instantiateAndStartPrecompiled() {
        return instantiateAndStart(precompiled, BenchEngine.PRECOMPILED);
    }

    private int instantiateAndStart(ProxyWasmModule module, BenchEngine engine) {
        var plugin = fixture.plugin(module, engine);
        plugin.close();
        return plugin.vmCount();
    }
}
