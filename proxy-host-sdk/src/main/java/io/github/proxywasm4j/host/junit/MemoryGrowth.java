package io.github.proxywasm4j.host.junit;

import io.github.proxywasm4j.host.HttpStream;
import io.github.proxywasm4j.host.ProxyWasmPlugin;
import java.util.Objects;
import java.util.function.Consumer;

/**
 * How much a plugin's guest memory grew over many requests: a leak check (issue 13). A guest's
 * linear memory never shrinks, so memory that grows with the number of requests is a leak; in
 * Envoy it ends in a failed VM (out of memory, then a trap) after enough requests on one worker.
 *
 * <pre>{@code
 * var growth = MemoryGrowth.measure(plugin, 20_000, stream -> {
 *     stream.sendRequestHeaders(Headers.of(":method", "GET", ":path", "/"), true);
 *     stream.sendResponseHeaders(Headers.of(":status", "200"), true);
 * });
 * assertThat(growth.bytesPerRequest()).isLessThan(100);
 * // or: assertThat(plugin).doesNotLeakMemory(20_000, oneRequest);
 * }</pre>
 *
 * <p>Memory grows in 64 KiB pages, and allocators grow it in steps (AssemblyScript's doubles it),
 * so the rate comes from the requests between two growth steps: the memory in use crossed the
 * old size at each step. With fewer than two steps the rate is the growth over all requests (an
 * upper bound). A small leak shows only over many requests: measure 20,000 or more. The first
 * tenth of the requests (at most 1,000) warm the allocator up and are not counted.
 *
 * @param requests the requests measured (after the warm-up)
 * @param startBytes the guest memory after the warm-up
 * @param endBytes the guest memory after the measured requests
 * @param bytesPerRequest the growth per request, in bytes
 */
public record MemoryGrowth(int requests, long startBytes, long endBytes, double bytesPerRequest) {

    /** One 64 KiB page: growth up to this much is the allocator's, not a leak. */
    public static final long SLACK_BYTES = 65536;

    /**
     * Runs {@code requests} requests (plus a warm-up) through {@code plugin}, each on a new stream
     * that {@code oneRequest} drives and that is completed afterwards, and measures the growth.
     *
     * @throws AssertionError if the plugin fails on the way (with its failure)
     */
    public static MemoryGrowth measure(
            ProxyWasmPlugin plugin, int requests, Consumer<HttpStream> oneRequest) {
        Objects.requireNonNull(plugin, "plugin");
        Objects.requireNonNull(oneRequest, "oneRequest");
        if (requests < 1) {
            throw new IllegalArgumentException("requests must be at least 1: " + requests);
        }
        run(plugin, Math.min(1000, Math.max(1, requests / 10)), oneRequest, null);
        long start = plugin.guestMemoryBytes();
        // {request number, memory size before the step} of each growth step
        var steps = new java.util.ArrayList<long[]>();
        run(plugin, requests, oneRequest, steps);
        long end = plugin.guestMemoryBytes();
        double rate = (double) (end - start) / requests;
        if (steps.size() >= 2) {
            var first = steps.get(0);
            var last = steps.get(steps.size() - 1);
            rate = (double) (last[1] - first[1]) / (last[0] - first[0]);
        }
        return new MemoryGrowth(requests, start, end, rate);
    }

    private static void run(
            ProxyWasmPlugin plugin,
            int n,
            Consumer<HttpStream> oneRequest,
            java.util.List<long[]> steps) {
        long size = plugin.guestMemoryBytes();
        for (int i = 0; i < n; i++) {
            try (var stream = plugin.newHttpStream()) {
                oneRequest.accept(stream);
            }
            var failure = plugin.failure();
            if (failure.isPresent()) {
                throw new AssertionError(
                        "the plugin failed during the leak check, after "
                                + (i + 1)
                                + " requests: "
                                + failure.get().describe());
            }
            if (steps != null) {
                long now = plugin.guestMemoryBytes();
                if (now != size) {
                    steps.add(new long[] {i + 1, size});
                    size = now;
                }
            }
        }
    }

    /** The growth in bytes. */
    public long grownBytes() {
        return endBytes - startBytes;
    }

    /** Whether the memory grew by more than {@link #SLACK_BYTES}. */
    public boolean leaks() {
        return grownBytes() > SLACK_BYTES;
    }

    /** One sentence for a person, with what the rate means for a VM. */
    public String describe() {
        var text =
                String.format(
                        "guest memory grew by %,d bytes over %,d requests (%,d -> %,d bytes): about"
                                + " %.1f bytes per request",
                        grownBytes(), requests, startBytes, endBytes, bytesPerRequest());
        if (grownBytes() <= 0 || bytesPerRequest <= 0) {
            return text;
        }
        // wasm32 memory ends at 4 GiB; a VM fails when it cannot grow any further.
        long toLimit = (long) ((4L * 1024 * 1024 * 1024 - endBytes) / bytesPerRequest);
        return text
                + String.format(
                        "; at this rate one VM reaches the 4 GiB limit of wasm32 memory after about"
                                + " %,d more requests (fewer under Envoy's or your memory cap)",
                        toLimit);
    }

    @Override
    public String toString() {
        return describe();
    }
}
