package io.github.proxywasm4j.maven.precompile;

import java.nio.file.Path;
import java.util.Objects;

/**
 * One build-time compilation of a module to JVM classes; {@code wasm:build -Dwasm.precompile} and
 * {@code wasm:precompile} fill it from their parameters.
 *
 * @param wasmFile the binary module to compile
 * @param className the fully qualified name of the generated class
 * @param classesDirectory where the classes and the {@code .meta} module go
 * @param workDirectory where the intermediate sources and classes are made (then removed)
 */
public record PrecompileRequest(
        Path wasmFile, String className, Path classesDirectory, Path workDirectory) {
    public PrecompileRequest {
        Objects.requireNonNull(wasmFile, "wasmFile");
        Objects.requireNonNull(classesDirectory, "classesDirectory");
        Objects.requireNonNull(workDirectory, "workDirectory");
    }
}
