package io.github.proxywasm4j.benchmarks;

import io.github.proxywasm4j.host.Headers;
import io.github.proxywasm4j.host.ProxyWasmModule;
import io.github.proxywasm4j.host.ProxyWasmPlugin;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Fresh-JVM timings, each scenario in N new JVMs, wall time from process start to exit:
 *
 * <ul>
 *   <li>{@code first-response}: load a module (the .wasm file, or the precompiled class), start a
 *       plugin, one request (the time to the
 *       first response of {@code wasm:run} or of a test);
 *   <li>{@code test-class}: what the archetype's filter test class does (module once, three
 *       plugins with different configurations, seven requests, assertions) — to pick the engine
 *       that makes a typical test class fastest.
 * </ul>
 *
 * <p>Usage: {@code java -cp <classpath> ...FreshJvm [runs] [module] [scenario,...]
 * [ENGINE,...]}, where a scenario {@code test-class-xN} runs the test class N times and the engines
 * are COMPILER, INTERPRETER, PRECOMPILED (the build-time compiled class) and COMPILER_CACHED (the
 * runtime compiler with a compile cache that an earlier JVM filled; all four by default).
 * {@code -Dbenchmarks.childJvmOptions="-XX:TieredStopAtLevel=1 ..."} starts the children with
 * those options. In a child JVM it is called with {@code child <scenario> <module> <ENGINE>}.
 */
public final class FreshJvm {

    // e.g. -Dbenchmarks.childJvmOptions="-XX:TieredStopAtLevel=1 -XX:+UseSerialGC"
    private static final List<String> CHILD_JVM_OPTIONS =
            Arrays.stream(System.getProperty("benchmarks.childJvmOptions", "").split(" "))
                    .filter(o -> !o.isBlank())
                    .toList();

    // COMPILER_CACHED children share it; the warm-up run of each scenario fills it.
    private static Path compileCache;

    private FreshJvm() {}

    /** Runs the scenarios in child JVMs and prints medians. */
    public static void main(String[] args) throws Exception {
        if (args.length > 0 && args[0].equals("child")) {
            child(args[1], args[2], BenchEngine.valueOf(args[3]));
            return;
        }
        var runs = args.length > 0 ? Integer.parseInt(args[0]) : 10;
        var module = args.length > 1 ? args[1] : "add_header";
        var scenarios =
                args.length > 2
                        ? List.of(args[2].split(","))
                        : List.of("first-response", "test-class");
        var engines =
                args.length > 3
                        ? Arrays.stream(args[3].split(",")).map(BenchEngine::valueOf).toList()
                        : List.of(BenchEngine.values());
        var java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        var classpath = System.getProperty("java.class.path");
        compileCache = Files.createTempDirectory("proxywasm4j-compile-cache");
        System.out.printf(
                "%-15s %-20s %-15s %9s %22s %12s %12s %8s %8s %11s%n",
                "scenario",
                "module",
                "engine",
                "wall ms",
                "(min .. max)",
                "process CPU",
                "main thread",
                "to main",
                "load",
                "after load");
        for (var scenario : scenarios) {
            for (var engine : engines) {
                // Warms the OS file cache (and fills the compile cache for COMPILER_CACHED).
                run(java, classpath, scenario, module, engine);
                var samples = new ArrayList<double[]>();
                for (var i = 0; i < runs; i++) {
                    samples.add(run(java, classpath, scenario, module, engine));
                }
                var wall = column(samples, 0);
                System.out.printf(
                        "%-15s %-20s %-15s %9.0f %10.0f .. %-10.0f %9.0f ms %9.0f ms %8.0f %8.0f"
                                + " %11.0f%n",
                        scenario,
                        module,
                        engine,
                        wall.get(wall.size() / 2),
                        wall.get(0),
                        wall.get(wall.size() - 1),
                        median(samples, 1),
                        median(samples, 2),
                        median(samples, 3),
                        median(samples, 4),
                        median(samples, 5));
            }
        }
    }

    private static List<Double> column(List<double[]> samples, int index) {
        var values = new ArrayList<Double>();
        for (var sample : samples) {
            values.add(sample[index]);
        }
        values.sort(null);
        return values;
    }

    private static double median(List<double[]> samples, int index) {
        var values = column(samples, index);
        return values.get(values.size() / 2);
    }

    /**
     * Wall ms of the child, then what it reported: CPU ms of the whole process and of its main
     * thread, and wall ms from JVM start to main, of the module load, and of the rest.
     */
    private static double[] run(
            String java, String classpath, String scenario, String module, BenchEngine engine)
            throws IOException, InterruptedException {
        var command = new ArrayList<String>();
        command.add(java);
        command.addAll(CHILD_JVM_OPTIONS);
        if (engine == BenchEngine.COMPILER_CACHED) {
            command.add("-D" + ProxyWasmModule.COMPILE_CACHE_PROPERTY + "=" + compileCache);
        }
        command.addAll(
                List.of(
                        "-Dbenchmarks.wasm.dir=" + Fixture.wasmDir().toAbsolutePath(),
                        "-cp",
                        classpath,
                        FreshJvm.class.getName(),
                        "child",
                        scenario,
                        module,
                        engine.name()));
        var start = System.nanoTime();
        var process = new ProcessBuilder(command).redirectErrorStream(true).start();
        var out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        var code = process.waitFor();
        var ms = (System.nanoTime() - start) / 1e6;
        var line = out.lines().filter(l -> l.startsWith("ok ")).findFirst();
        if (code != 0 || line.isEmpty()) {
            throw new IllegalStateException(
                    String.join(" ", command) + " failed (" + code + "):\n" + out);
        }
        var parts = line.get().split(" ");
        var result = new double[parts.length];
        result[0] = ms;
        for (var i = 1; i < parts.length; i++) {
            result[i] = Double.parseDouble(parts[i]);
        }
        return result;
    }

    private static void child(String scenario, String module, BenchEngine engine) {
        var started = System.nanoTime();
        var fixture = new Fixture(module);
        var loaded = fixture.load(engine);
        var loadedAt = System.nanoTime();
        if (scenario.equals("first-response")) {
            try (var plugin = fixture.plugin(loaded, engine)) {
                fixture.check(plugin, fixture.request(plugin));
            }
        } else {
            // "test-class" is one class; "test-class-x10" runs its tests ten times (a bigger suite)
            var repeat = scenario.contains("-x") ? Integer.parseInt(scenario.split("-x")[1]) : 1;
            for (var i = 0; i < repeat; i++) {
                testClass(fixture, loaded, engine);
            }
        }
        var done = System.nanoTime();
        // Read after the work: the management beans load classes of their own.
        var os =
                (com.sun.management.OperatingSystemMXBean)
                        java.lang.management.ManagementFactory.getOperatingSystemMXBean();
        var thread = java.lang.management.ManagementFactory.getThreadMXBean();
        var uptime = java.lang.management.ManagementFactory.getRuntimeMXBean().getUptime();
        var toMain = uptime - (System.nanoTime() - started) / 1e6;
        System.out.println(
                "ok "
                        + os.getProcessCpuTime() / 1e6
                        + " "
                        + thread.getCurrentThreadCpuTime() / 1e6
                        + " "
                        + toMain
                        + " "
                        + (loadedAt - started) / 1e6
                        + " "
                        + (done - loadedAt) / 1e6);
    }

    /** The archetype's AddHeaderFilterTest, without JUnit: 3 plugins, 7 requests. */
    private static void testClass(Fixture fixture, ProxyWasmModule module, BenchEngine engine) {
        var request = Headers.of(":method", "GET", ":path", "/", ":authority", "localhost");
        var response = Headers.of(":status", "200", "content-type", "text/plain");
        for (var configuration : List.of("what ever you want", "")) {
            try (var plugin =
                    ProxyWasmPlugin.builder(module)
                            .withRootId(fixture.workload.rootId())
                            .withPluginConfiguration(configuration)
                            .withEngine(engine.sdk)
                            .build()) {
                var expected = configuration.isEmpty() ? "world!" : configuration;
                for (var i = 0; i < 3; i++) {
                    try (var stream = plugin.newHttpStream()) {
                        stream.sendRequestHeaders(request, true);
                        stream.sendResponseHeaders(response, false);
                        if (!stream.responseHeaders().getAll("hello").equals(List.of(expected))) {
                            throw new AssertionError(stream.responseHeaders().toString());
                        }
                    }
                }
                if (plugin.failure().isPresent()) {
                    throw new AssertionError(plugin.failure().get().toString());
                }
            }
        }
        try (var plugin =
                        ProxyWasmPlugin.builder(module)
                                .withRootId(fixture.workload.rootId())
                                .withEngine(engine.sdk)
                                .build();
                var stream = plugin.newHttpStream()) {
            stream.sendRequestHeaders(request, true);
            if (!stream.requestHeaders().equals(request)) {
                throw new AssertionError(stream.requestHeaders().toString());
            }
        }
    }
}
