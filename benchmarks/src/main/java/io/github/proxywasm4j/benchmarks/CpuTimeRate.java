package io.github.proxywasm4j.benchmarks;

import io.github.proxywasm4j.host.Engine;
import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Requests per second of the measuring thread's CPU time, and bytes allocated per request, for
 * each module and engine. A companion to JMH for a machine that is shared with other work: wall
 * time then measures the neighbours, the thread's own CPU time much less so. Each configuration
 * gets a warm-up, then {@code rounds} timed rounds; the median and the range are printed.
 *
 * <p>Usage: {@code java -cp <classpath> ...CpuTimeRate [seconds per round] [rounds]
 * [module,module...] [ENGINE,ENGINE]}
 */
public final class CpuTimeRate {

    private CpuTimeRate() {}

    /** Prints one line per module and engine. */
    public static void main(String[] args) throws java.io.IOException {
        var seconds = args.length > 0 ? Double.parseDouble(args[0]) : 1.0;
        var rounds = args.length > 1 ? Integer.parseInt(args[1]) : 5;
        var modules =
                args.length > 2
                        ? List.of(args[2].split(","))
                        : List.of(
                                "probe",
                                "add_header",
                                "add_header-stripped",
                                "heavy",
                                "heavy-stripped");
        var engines =
                args.length > 3
                        ? Arrays.stream(args[3].split(",")).map(Engine::valueOf).toList()
                        : List.of(Engine.COMPILER);
        var threads = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        var self = Thread.currentThread().getId();
        System.out.printf(
                "%-22s %-11s %14s %22s %12s%n",
                "module", "engine", "req/CPU-s", "(min .. max)", "B/request");
        for (var name : modules) {
            if (name.startsWith("raw:")) {
                raw(name.substring(4), seconds, rounds, threads);
                continue;
            }
            for (var engine : engines) {
                var fixture = new Fixture(name);
                try (var plugin = fixture.plugin(fixture.load(), engine)) {
                    fixture.check(fixture.request(plugin));
                    var batch = engine == Engine.COMPILER ? 1000 : 10;
                    runFor(fixture, plugin, batch, seconds * 2, threads); // warm-up
                    var rates = new ArrayList<Double>();
                    var bytes = new ArrayList<Double>();
                    for (var r = 0; r < rounds; r++) {
                        var alloc0 = threads.getThreadAllocatedBytes(self);
                        var cpu0 = threads.getCurrentThreadCpuTime();
                        var n = runFor(fixture, plugin, batch, seconds, threads);
                        var cpu = threads.getCurrentThreadCpuTime() - cpu0;
                        var alloc = threads.getThreadAllocatedBytes(self) - alloc0;
                        rates.add(n / (cpu / 1e9));
                        bytes.add(alloc / (double) n);
                    }
                    fixture.check(fixture.request(plugin));
                    rates.sort(null);
                    bytes.sort(null);
                    System.out.printf(
                            "%-22s %-11s %,14.0f %,10.0f .. %,-10.0f %12.0f%n",
                            name,
                            engine,
                            rates.get(rates.size() / 2),
                            rates.get(0),
                            rates.get(rates.size() - 1),
                            bytes.get(bytes.size() / 2));
                }
            }
        }
    }

    /** The bare Chicory driver (RawHost), compiled, on the same module and workload. */
    private static void raw(
            String name, double seconds, int rounds, com.sun.management.ThreadMXBean threads)
            throws java.io.IOException {
        var fixture = new Fixture(name);
        var wasm =
                com.dylibso.chicory.wasm.Parser.parse(
                        java.nio.file.Files.readAllBytes(fixture.file()));
        var host =
                new RawHost(
                        wasm,
                        com.dylibso.chicory.compiler.MachineFactoryCompiler.compile(wasm),
                        null,
                        fixture.workload.rootId(),
                        fixture.workload.configuration(),
                        fixture.workload.requestHeaders());
        host.setRequestBody(fixture.requestBody);
        var rates = new ArrayList<Double>();
        for (var r = -2; r < rounds; r++) {
            var cpu0 = threads.getCurrentThreadCpuTime();
            var end = cpu0 + (long) (seconds * 1e9);
            long n = 0;
            while (threads.getCurrentThreadCpuTime() < end) {
                for (var i = 0; i < 1000; i++) {
                    host.request();
                }
                n += 1000;
            }
            if (r >= 0) {
                rates.add(n / ((threads.getCurrentThreadCpuTime() - cpu0) / 1e9));
            }
        }
        rates.sort(null);
        System.out.printf(
                "%-22s %-11s %,14.0f %,10.0f .. %,-10.0f%n",
                "raw:" + name,
                "COMPILER",
                rates.get(rates.size() / 2),
                rates.get(0),
                rates.get(rates.size() - 1));
    }

    private static long runFor(
            Fixture fixture,
            io.github.proxywasm4j.host.ProxyWasmPlugin plugin,
            int batch,
            double seconds,
            java.lang.management.ThreadMXBean threads) {
        var end = threads.getCurrentThreadCpuTime() + (long) (seconds * 1e9);
        long n = 0;
        while (threads.getCurrentThreadCpuTime() < end) {
            for (var i = 0; i < batch; i++) {
                fixture.request(plugin);
            }
            n += batch;
        }
        return n;
    }
}
