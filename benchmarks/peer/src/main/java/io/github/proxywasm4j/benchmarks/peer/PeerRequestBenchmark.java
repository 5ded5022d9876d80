package io.github.proxywasm4j.benchmarks.peer;

import com.dylibso.chicory.compiler.MachineFactoryCompiler;
import com.dylibso.chicory.runtime.Instance;
import com.dylibso.chicory.runtime.Machine;
import com.dylibso.chicory.wasm.Parser;
import com.dylibso.chicory.wasm.WasmModule;
import io.roastedroot.proxywasm.StartException;
import io.roastedroot.proxywasm.internal.ProxyMap;
import io.roastedroot.proxywasm.internal.ProxyWasm;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
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
 * One HTTP request through the peer host (context create, request headers, request body when
 * the workload has one, response headers, done/log/delete), on the same modules and inputs as
 * {@code RequestBenchmark}. The wasm directory comes from {@code -Dbenchmarks.wasm.dir}.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
public class PeerRequestBenchmark {

    @Param({"probe", "add_header", "add_header-stripped", "heavy", "heavy-stripped"})
    public String module;

    @Param({"compiler", "interpreter"})
    public String engine;

    private ProxyWasm proxyWasm;
    private PeerHandler handler;
    private WasmModule wasm;
    private Function<Instance, Machine> compiled;

    @Setup(Level.Trial)
    public void load() throws IOException {
        var dir = Path.of(System.getProperty("benchmarks.wasm.dir", "../target/wasm"));
        wasm = Parser.parse(Files.readAllBytes(dir.resolve(module + ".wasm")));
        compiled = engine.equals("compiler") ? MachineFactoryCompiler.compile(wasm) : null;
    }

    // A fresh plugin per iteration, as for our host: proxy-runtime 0.1.8 guests leak wasm heap.
    @Setup(Level.Iteration)
    public void setUp() throws StartException {
        var heavy = module.startsWith("heavy");
        handler =
                heavy
                        ? new PeerHandler(
                                "heavy", "", PeerWorkloads.BROWSER_REQUEST, PeerWorkloads.BODY)
                        : new PeerHandler(
                                "add_header",
                                "what ever you want",
                                PeerWorkloads.SMALL_REQUEST,
                                "");
        var builder = ProxyWasm.builder().withPluginHandler(handler);
        if (compiled != null) {
            builder.withMachineFactory(compiled);
        }
        proxyWasm = builder.build(wasm);
        // The response header the filter adds proves the filter ran.
        var added = request();
        if (added.get(heavy ? "x-body-rewritten" : "hello") == null) {
            throw new IllegalStateException("the filter did not run on the peer: " + added);
        }
    }

    @TearDown(Level.Iteration)
    public void tearDown() {
        try {
            proxyWasm.close();
        } catch (RuntimeException e) {
            // The peer calls proxy_on_log on the root context when closing the plugin, and
            // proxy-runtime 0.1.8 aborts there (proc_exit): a teardown-only fault, not measured.
        }
    }

    @Benchmark
    public ProxyMap request() {
        handler.reset();
        var context = proxyWasm.createHttpContext(handler);
        context.callOnRequestHeaders(!handler.hasBody());
        if (handler.hasBody()) {
            context.callOnRequestBody(true);
        }
        context.callOnResponseHeaders(false);
        context.close();
        return handler.response;
    }

    /** Runs one request and prints what the filter added; a quick check outside JMH. */
    public static void main(String[] args) throws Exception {
        for (var name : List.of("probe", "add_header", "add_header-stripped", "heavy")) {
            var b = new PeerRequestBenchmark();
            b.module = name;
            b.engine = "compiler";
            b.load();
            b.setUp();
            System.out.println(name + ": " + b.request());
            b.tearDown();
        }
    }
}
