package io.github.proxywasm4j.maven.mojo;

import io.github.proxywasm4j.maven.BuildLog;
import io.github.proxywasm4j.maven.precompile.PrecompileRequest;
import io.github.proxywasm4j.maven.precompile.Precompiler;
import java.io.File;
import org.apache.maven.plugins.annotations.LifecyclePhase;
import org.apache.maven.plugins.annotations.Mojo;
import org.apache.maven.plugins.annotations.Parameter;

/**
 * Compiles an existing module to JVM classes with Chicory's build-time compiler, for modules that
 * {@code wasm:build} does not make (WAT, Rust, Go, a prebuilt artifact): the class {@code
 * precompileClass}, its machine classes and a stripped {@code .meta} module, into {@code
 * target/classes}. Load it with {@code ProxyWasmModule.precompiled(Name.class)}. Skipped while the
 * module and the class name are unchanged (by content, as a prebuilt module may be older than the
 * classes). For an AssemblyScript filter built by {@code wasm:build}, use
 * its {@code -Dwasm.precompile} instead.
 *
 * <pre>
 * mvn wasm:precompile -Dwasm.file=target/filter.wasm -Dwasm.precompileClass=com.example.Filter
 * </pre>
 */
@Mojo(name = "precompile", defaultPhase = LifecyclePhase.PROCESS_CLASSES, threadSafe = true)
public final class PrecompileMojo extends AbstractWasmMojo {
    /**
     * The binary module ({@code .wasm}) to compile.
     *
     * <p>Example: {@code <wasmFile>${project.build.directory}/wasm/filter.wasm</wasmFile>}
     *
     * @since 0.1.0
     */
    @Parameter(property = "wasm.file", required = true)
    File wasmFile;

    /**
     * The fully qualified name of the generated class.
     *
     * <p>Example: {@code <precompileClass>com.example.filters.AddHeaderModule</precompileClass>}
     *
     * @since 0.1.0
     */
    @Parameter(property = "wasm.precompileClass", required = true)
    String precompileClass;

    /**
     * Where the classes and the {@code .meta} module go; on the class path of the project's code
     * and tests by default.
     *
     * <p>Example: {@code <classesDirectory>${project.build.testOutputDirectory}</classesDirectory>}
     *
     * @since 0.1.0
     */
    @Parameter(defaultValue = "${project.build.outputDirectory}")
    File classesDirectory;

    /** Where the intermediate sources and classes are made. */
    @Parameter(defaultValue = "${project.build.directory}/wasm-state", readonly = true)
    File stateDirectory;

    @Override
    void run(BuildLog log) {
        Precompiler.run(
                new PrecompileRequest(
                        wasmFile.toPath(),
                        precompileClass.strip(),
                        classesDirectory.toPath(),
                        stateDirectory.toPath()),
                log);
    }
}
