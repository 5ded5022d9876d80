package io.github.proxywasm4j.benchmarks;

import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.State;

/** The floor: what add_header does, in plain Java, with no wasm at all. */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
public class PlainJavaBenchmark {

    private final String configuration = "what ever you want";

    /** A response header map per request with {@code hello} put in. */
    @Benchmark
    public Map<String, String> addHeader() {
        var response = new HashMap<String, String>(4);
        response.put(":status", "200");
        response.put("hello", configuration);
        return response;
    }
}
