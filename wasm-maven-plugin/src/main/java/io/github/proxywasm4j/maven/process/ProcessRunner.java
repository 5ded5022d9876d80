package io.github.proxywasm4j.maven.process;

import io.github.proxywasm4j.maven.WasmBuildException;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/** Runs one external command to completion, collecting stdout and stderr separately. */
public final class ProcessRunner {
    private ProcessRunner() {}

    /**
     * Runs {@code command} in {@code workingDirectory} with extra environment variables. Each
     * printed line is also handed to {@code lineListener} as it arrives, so long runs show
     * progress.
     */
    public static ProcessResult run(
            List<String> command,
            Path workingDirectory,
            Map<String, String> environment,
            Consumer<String> lineListener) {
        var builder = new ProcessBuilder(command).directory(workingDirectory.toFile());
        builder.environment().putAll(environment);
        Process process;
        try {
            process = builder.start();
        } catch (IOException e) {
            throw new WasmBuildException(
                    "cannot start " + command.get(0) + ": " + e.getMessage(), e);
        }
        try {
            process.getOutputStream().close();
        } catch (IOException ignored) {
            // closing an unused pipe cannot lose data
        }
        var stdout = Collections.synchronizedList(new ArrayList<String>());
        var stderr = Collections.synchronizedList(new ArrayList<String>());
        var outReader = pump(process.getInputStream(), stdout, lineListener);
        var errReader = pump(process.getErrorStream(), stderr, lineListener);
        try {
            var exit = process.waitFor();
            outReader.join();
            errReader.join();
            return new ProcessResult(exit, stdout, stderr);
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
            throw new WasmBuildException("interrupted while running " + command.get(0), e);
        }
    }

    private static Thread pump(InputStream in, List<String> sink, Consumer<String> listener) {
        var thread =
                new Thread(
                        () -> {
                            try (var reader =
                                    new BufferedReader(
                                            new InputStreamReader(in, StandardCharsets.UTF_8))) {
                                String line;
                                while ((line = reader.readLine()) != null) {
                                    sink.add(line);
                                    listener.accept(line);
                                }
                            } catch (IOException e) {
                                throw new UncheckedIOException(e);
                            }
                        },
                        "wasm-process-output");
        thread.setDaemon(true);
        thread.start();
        return thread;
    }
}
