package io.github.proxywasm4j.maven.mojo;

import io.github.proxywasm4j.maven.BuildLog;
import io.github.proxywasm4j.maven.WasmBuildException;
import java.io.UncheckedIOException;
import org.apache.maven.plugin.AbstractMojo;
import org.apache.maven.plugin.MojoExecutionException;
import org.apache.maven.plugin.MojoFailureException;
import org.apache.maven.plugins.annotations.Parameter;

/** Skip handling and the mapping of plain-class failures to Maven failures, for every goal. */
abstract class AbstractWasmMojo extends AbstractMojo {
    /**
     * Skips this goal. Set it with {@code -Dwasm.skip} to skip every goal of the plugin, e.g. for
     * a Java-only change: {@code mvn verify -Dwasm.skip}.
     *
     * @since 0.1.0
     */
    @Parameter(property = "wasm.skip", defaultValue = "false")
    boolean skip;

    @Override
    public final void execute() throws MojoExecutionException, MojoFailureException {
        if (skip) {
            getLog().info("Skipping (wasm.skip=true)");
            return;
        }
        try {
            run(new MavenBuildLog(getLog()));
        } catch (WasmBuildException e) {
            // Logged here as well because Maven shows only the top message without -e; unless
            // the details (diagnostics, ABI problems) were logged one by one already.
            if (!e.reported()) {
                getLog().error(e.getMessage());
            }
            throw new MojoFailureException(e.getMessage(), e);
        } catch (UncheckedIOException e) {
            getLog().error(e.getMessage() + ": " + e.getCause().getMessage());
            throw new MojoExecutionException(e.getMessage() + ": " + e.getCause().getMessage(), e);
        } catch (IllegalArgumentException e) {
            getLog().error(e.getMessage());
            throw new MojoFailureException(e.getMessage(), e);
        }
    }

    abstract void run(BuildLog log) throws MojoExecutionException, MojoFailureException;
}
