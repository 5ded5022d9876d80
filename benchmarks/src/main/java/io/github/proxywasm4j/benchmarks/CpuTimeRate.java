package io.github.proxywasm4j.benchmarks;

import io.github.proxywasm4j.host.ProxyWasmModule;
import io.github.proxywasm4j.host.ProxyWasmPlugin;
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
 * [module,module...] [ENGINE,ENGINE]}, engines out of COMPILER (the default), INTERPRETER and
 * PRECOMPILED.
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
                        ? Arrays.stream(args[3].split(",")).map(BenchEngine::valueOf).toList()
                        : List.of(BenchEngine.COMPILER);
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
                var vm = new FreshPlugin(fixture, fixture.load(engine), engine);
                var batch = engine == BenchEngine.INTERPRETER ? 10 : 1000;
                vm.runFor(batch, seconds * 2, threads); // warm-up
                var rates = new ArrayList<Double>();
                var bytes = new ArrayList<Double>();
                for (var r = 0; r < rounds; r++) {
                    var alloc0 = threads.getThreadAllocatedBytes(self);
                    var cpu0 = threads.getCurrentThreadCpuTime();
                    var n = vm.runFor(batch, seconds, threads);
                    var cpu = threads.getCurrentThreadCpuTime() - cpu0;
                    var alloc = threads.getThreadAllocatedBytes(self) - alloc0;
                    rates.add(n / (cpu / 1e9));
                    bytes.add(alloc / (double) n);
                }
                vm.close();
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

    /**
     * A plugin that is replaced every {@value #REQUESTS_PER_PLUGIN} requests: proxy-runtime 0.1.8
     * guests leak about 80 bytes of wasm heap per request (in every host; measured with RawHost
     * too), so one VM reaches the default 256 MiB page cap after about three million requests.
     */
    private static final class FreshPlugin {
        static final long REQUESTS_PER_PLUGIN = 1_000_000;
        private final Fixture fixture;
        private final ProxyWasmModule module;
        private final BenchEngine engine;
        private ProxyWasmPlugin plugin;
        private long served;

        FreshPlugin(Fixture fixture, ProxyWasmModule module, BenchEngine engine) {
            this.fixture = fixture;
            this.module = module;
            this.engine = engine;
            this.plugin = fixture.plugin(module, engine);
            fixture.check(plugin, fixture.request(plugin));
        }

        long runFor(int batch, double seconds, java.lang.management.ThreadMXBean threads) {
            var end = threads.getCurrentThreadCpuTime() + (long) (seconds * 1e9);
            long n = 0;
            while (threads.getCurrentThreadCpuTime() < end) {
                for (var i = 0; i < batch; i++) {
                    fixture.request(plugin);
                }
                n += batch;
                served += batch;
                if (served >= REQUESTS_PER_PLUGIN) {
                    close();
                    plugin = fixture.plugin(module, engine);
                    served = 0;
                }
            }
            return n;
        }

        void close() {
            fixture.check(plugin, fixture.request(plugin));
            plugin.close();
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
}
