package io.github.proxywasm4j.maven.mojo;

import io.github.proxywasm4j.maven.BuildLog;
import io.github.proxywasm4j.maven.check.ModuleCheck;
import java.io.File;
import org.apache.maven.plugins.annotations.LifecyclePhase;
import org.apache.maven.plugins.annotations.Mojo;
import org.apache.maven.plugins.annotations.Parameter;

/**
 * Checks a module against the Proxy-Wasm ABI: ABI version marker, memory and allocator exports,
 * every import against the host functions of that ABI version and WASI, every exported callback's
 * signature. Each problem is logged with what was found, what was expected and the fix; any error
 * fails the build. Also works outside a project, on any file:
 *
 * <pre>
 * mvn io.github.proxywasm4j:wasm-maven-plugin:0.1.0:check -Dwasm.file=filter.wasm
 * </pre>
 */
@Mojo(
        name = "check",
        defaultPhase = LifecyclePhase.PROCESS_CLASSES,
        requiresProject = false,
        threadSafe = true)
public final class CheckMojo extends AbstractWasmMojo {
    /**
     * The module to check. Defaults to the output of {@code wasm:build}.
     * When {@code <outputFile>} of {@code wasm:build} is changed, set this to the same path.
     *
     * <p>Example: {@code -Dwasm.file=build/optimized.wasm}
     *
     * @since 0.1.0
     */
    @Parameter(
            property = "wasm.file",
            defaultValue = "${project.build.directory}/wasm/optimized.wasm")
    File file;

    /**
     * Fails on warnings too (what Envoy accepts but is suspicious, e.g. an unused WASI import).
     *
     * <p>Example: {@code -Dwasm.failOnWarning}
     *
     * @since 0.1.0
     */
    @Parameter(property = "wasm.failOnWarning", defaultValue = "false")
    boolean failOnWarning;

    /**
     * The page cap the filter runs with (64 KiB pages): a module whose initial memory is over it
     * fails here, as the host would refuse it when it builds the plugin. The host's default;
     * set it to what the tests pass to {@code withMaxMemoryPages(..)}.
     *
     * <p>Example: {@code -Dwasm.maxMemoryPages=8192}
     *
     * @since 0.1.0
     */
    @Parameter(property = "wasm.maxMemoryPages", defaultValue = "4096")
    int maxMemoryPages;

    @Override
    void run(BuildLog log) {
        ModuleCheck.check(file.toPath(), failOnWarning, maxMemoryPages, log);
    }
}
