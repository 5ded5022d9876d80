package io.github.proxywasm4j.maven.process;

import java.util.List;

/** What a finished tool run printed, line by line, and how it exited. */
public record ProcessResult(int exitCode, List<String> stdout, List<String> stderr) {
    public ProcessResult {
        stdout = List.copyOf(stdout);
        stderr = List.copyOf(stderr);
    }

    public boolean succeeded() {
        return exitCode == 0;
    }
}
