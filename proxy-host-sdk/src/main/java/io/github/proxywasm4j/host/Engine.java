package io.github.proxywasm4j.host;

/**
 * How Chicory runs the guest. A {@link ProxyWasmModule#precompiled} module ignores it and runs its
 * build-time compiled classes.
 */
public enum Engine {
    /** Chicory's interpreter: starts instantly, about 100 times slower on AssemblyScript filters. */
    INTERPRETER,
    /** Chicory's runtime compiler to JVM bytecode, compiled once per module and reused. */
    COMPILER
}
