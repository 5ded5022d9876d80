package io.github.proxywasm4j.benchmarks;

import com.dylibso.chicory.wasm.Parser;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * Counts the wasm instructions one HTTP request costs in each benchmark module (Chicory's
 * interpreter with an execution listener), and the proxy_log traffic it causes, so the effect of
 * stripping proxy-runtime's debug logs is measured rather than estimated. Also checks that the
 * plain and the stripped build add the same response headers.
 *
 * <p>Usage: {@code java -cp <classpath> io.github.proxywasm4j.benchmarks.InstructionCount <wasm
 * dir>}
 */
public final class InstructionCount {

    private InstructionCount() {}

    /** Prints a table of instructions and log calls per request for every module. */
    public static void main(String[] args) throws Exception {
        var dir = Path.of(args.length > 0 ? args[0] : "target/wasm");
        var requests = 20;
        System.out.printf(
                "%-26s %14s %12s %12s  %s%n",
                "module", "instr/request", "logs/request", "log B/req", "headers added");
        for (var name :
                List.of("add_header", "add_header-stripped", "heavy", "heavy-stripped", "probe")) {
            var file = dir.resolve(name + ".wasm");
            var module = Parser.parse(Files.readAllBytes(file));
            var counter = new long[1];
            var filter = Workloads.forModule(name);
            var host =
                    new RawHost(
                            module,
                            null,
                            (instruction, stack) -> counter[0]++,
                            filter.rootId(),
                            filter.configuration(),
                            filter.requestHeaders());
            host.setRequestBody(filter.requestBody().getBytes(StandardCharsets.UTF_8));
            for (var i = 0; i < 3; i++) {
                host.request();
            }
            counter[0] = 0;
            var logs = host.logCalls();
            var logBytes = host.logBytes();
            for (var i = 0; i < requests; i++) {
                host.request();
            }
            var added = new StringBuilder();
            for (var h : host.responseHeadersAdded()) {
                added.append(h[0]).append(": ").append(h[1]).append("; ");
            }
            System.out.printf(
                    "%-26s %,14d %12.1f %12.1f  %s%n",
                    name,
                    counter[0] / requests,
                    (host.logCalls() - logs) / (double) requests,
                    (host.logBytes() - logBytes) / (double) requests,
                    added);
        }
    }
}
