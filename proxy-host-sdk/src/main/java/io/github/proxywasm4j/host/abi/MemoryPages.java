package io.github.proxywasm4j.host.abi;

import java.util.Optional;

/**
 * The host's one rule for a module's linear memory at start, shared by the host ({@code
 * ProxyWasmPlugin.Builder.build()}) and the Maven plugin's {@code wasm:check}: the pages a module
 * declares as initial must fit under the smaller of its own maximum and the host's page cap.
 */
public final class MemoryPages {

    /** The host's page cap unless {@code withMaxMemoryPages} says otherwise: 4,096 (256 MiB). */
    public static final int DEFAULT_CAP = 4096;

    private MemoryPages() {}

    /**
     * What is wrong with a memory declared with {@code initialPages} and {@code maximumPages}
     * (65,536 when it declares none) under a cap of {@code cap} pages; empty when it fits.
     */
    public static Optional<String> startProblem(long initialPages, long maximumPages, int cap) {
        if (initialPages > Math.min(maximumPages, cap)) {
            return Optional.of(
                    "the module needs "
                            + initialPages
                            + " memory pages at start, over the cap of "
                            + cap
                            + " pages");
        }
        return Optional.empty();
    }
}
