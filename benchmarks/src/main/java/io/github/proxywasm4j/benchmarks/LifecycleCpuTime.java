package io.github.proxywasm4j.benchmarks;

import com.dylibso.chicory.compiler.MachineFactoryCompiler;
import com.dylibso.chicory.wasm.Parser;
import io.github.proxywasm4j.host.ProxyWasmModule;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;

/**
 * LifecycleBenchmark's operations timed in the measuring thread's CPU time (for a busy machine):
 * load (from bytes, and of the precompiled class), compile, and instantiate + start per engine,
 * warm. Prints median microseconds.
 *
 * <p>Usage: {@code java -cp <classpath> ...LifecycleCpuTime [module,...]}
 */
public final class LifecycleCpuTime {

    private LifecycleCpuTime() {}

    private interface Op {
        void run() throws Exception;
    }

    /** Prints one line per module and operation. */
    public static void main(String[] args) throws Exception {
        var modules =
                args.length > 0 ? List.of(args[0].split(",")) : List.of("probe", "add_header");
        System.out.printf(
                "%-12s %-34s %12s %22s%n", "module", "operation", "median µs", "(min .. max)");
        for (var name : modules) {
            var fixture = new Fixture(name);
            var bytes = Files.readAllBytes(fixture.file());
            var parsed = Parser.parse(bytes);
            var loaded = ProxyWasmModule.load(bytes);
            fixture.plugin(loaded, BenchEngine.COMPILER).close();
            var precompiledClass = fixture.precompiledClass();
            var precompiled = fixture.load(BenchEngine.PRECOMPILED);
            time(name, "load (parse+validate+ABI check)", () -> ProxyWasmModule.load(bytes));
            time(
                    name,
                    "load precompiled (.meta+ABI check)",
                    () -> ProxyWasmModule.precompiled(precompiledClass));
            time(
                    name,
                    "compile (Chicory runtime compiler)",
                    () -> MachineFactoryCompiler.compile(parsed));
            time(
                    name,
                    "instantiate+start, compiled",
                    () -> fixture.plugin(loaded, BenchEngine.COMPILER).close());
            time(
                    name,
                    "instantiate+start, interpreted",
                    () -> fixture.plugin(loaded, BenchEngine.INTERPRETER).close());
            time(
                    name,
                    "instantiate+start, precompiled",
                    () -> fixture.plugin(precompiled, BenchEngine.PRECOMPILED).close());
        }
    }

    private static void time(String module, String what, Op op) throws Exception {
        var threads = ManagementFactory.getThreadMXBean();
        var samples = new ArrayList<Double>();
        var warmUntil = threads.getCurrentThreadCpuTime() + 2_000_000_000L;
        while (threads.getCurrentThreadCpuTime() < warmUntil) {
            op.run();
        }
        for (var round = 0; round < 7; round++) {
            var start = threads.getCurrentThreadCpuTime();
            var n = 0;
            while (threads.getCurrentThreadCpuTime() - start < 300_000_000L) {
                op.run();
                n++;
            }
            samples.add((threads.getCurrentThreadCpuTime() - start) / 1e3 / n);
        }
        samples.sort(null);
        System.out.printf(
                "%-12s %-34s %12.1f %10.1f .. %-10.1f%n",
                module, what, samples.get(3), samples.get(0), samples.get(6));
    }
}
