package io.github.proxywasm4j.benchmarks.peer;

import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.List;

/**
 * The peer's requests per second of the measuring thread's CPU time, and bytes allocated per
 * request: the same measure as proxywasm4j's CpuTimeRate, for a machine shared with other work.
 *
 * <p>Usage: {@code java -Dbenchmarks.wasm.dir=... -cp <peer classpath> ...PeerCpuTimeRate
 * [seconds per round] [rounds] [module,...] [compiler,interpreter]}
 */
public final class PeerCpuTimeRate {

    private PeerCpuTimeRate() {}

    /** Prints one line per module and engine. */
    public static void main(String[] args) throws Exception {
        var seconds = args.length > 0 ? Double.parseDouble(args[0]) : 1.0;
        var rounds = args.length > 1 ? Integer.parseInt(args[1]) : 5;
        var modules =
                args.length > 2
                        ? List.of(args[2].split(","))
                        : List.of("probe", "add_header", "add_header-stripped", "heavy");
        var engines = args.length > 3 ? List.of(args[3].split(",")) : List.of("compiler");
        var threads = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        var self = Thread.currentThread().getId();
        for (var name : modules) {
            for (var engine : engines) {
                var bench = new PeerRequestBenchmark();
                bench.module = name;
                bench.engine = engine;
                bench.load();
                bench.setUp();
                var batch = engine.equals("compiler") ? 1000 : 10;
                var rates = new ArrayList<Double>();
                var bytes = new ArrayList<Double>();
                long served = 0;
                for (var r = -2; r < rounds; r++) {
                    var alloc0 = threads.getThreadAllocatedBytes(self);
                    var cpu0 = threads.getCurrentThreadCpuTime();
                    var end = cpu0 + (long) (seconds * 1e9);
                    long n = 0;
                    while (threads.getCurrentThreadCpuTime() < end) {
                        for (var i = 0; i < batch; i++) {
                            bench.request();
                        }
                        n += batch;
                        served += batch;
                        if (served >= 1_000_000) {
                            // proxy-runtime 0.1.8 leaks wasm heap per request: a fresh VM.
                            bench.tearDown();
                            bench.setUp();
                            served = 0;
                        }
                    }
                    if (r >= 0) {
                        var cpu = threads.getCurrentThreadCpuTime() - cpu0;
                        rates.add(n / (cpu / 1e9));
                        bytes.add((threads.getThreadAllocatedBytes(self) - alloc0) / (double) n);
                    }
                }
                bench.tearDown();
                rates.sort(null);
                bytes.sort(null);
                System.out.printf(
                        "peer:%-17s %-11s %,14.0f %,10.0f .. %,-10.0f %12.0f%n",
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
