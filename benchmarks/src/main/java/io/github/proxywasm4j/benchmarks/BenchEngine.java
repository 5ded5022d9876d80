package io.github.proxywasm4j.benchmarks;

import io.github.proxywasm4j.host.Engine;

/**
 * The three ways the benchmarks run a module: the SDK's two engines, and the classes Chicory's
 * build-time compiler made from it at build time ({@code wasm:precompile} in this module's pom),
 * loaded with {@code ProxyWasmModule.precompiled}.
 */
public enum BenchEngine {
    /** Chicory's runtime compiler ({@link Engine#COMPILER}), compiled once per module. */
    COMPILER(Engine.COMPILER),
    /** Chicory's interpreter ({@link Engine#INTERPRETER}). */
    INTERPRETER(Engine.INTERPRETER),
    /** Build-time compiled classes; a precompiled module ignores the plugin's engine. */
    PRECOMPILED(Engine.COMPILER),
    /**
     * The runtime compiler with a warm compile cache ({@code proxywasm4j.compileCache}): the
     * classes of an earlier JVM's compile are loaded instead. Differs from COMPILER only in a
     * fresh JVM ({@link FreshJvm} fills the cache in its warm-up run).
     */
    COMPILER_CACHED(Engine.COMPILER);

    /** What the plugin builder is given. */
    final Engine sdk;

    BenchEngine(Engine sdk) {
        this.sdk = sdk;
    }
}
