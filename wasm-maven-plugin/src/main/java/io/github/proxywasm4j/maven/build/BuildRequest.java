package io.github.proxywasm4j.maven.build;

import io.github.proxywasm4j.maven.node.NodeRequest;
import java.nio.file.Path;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * Everything one filter build needs; the build mojo fills it from its parameters.
 *
 * @param projectDirectory where package.json and the entry file are
 * @param entry the entry file relative to {@code projectDirectory}
 * @param outputFile the optimized module
 * @param debugOutputFile the unoptimized "untouched" module, when wanted
 * @param stateDirectory where the fingerprints of the last successful build are kept
 * @param pluginVersion part of the fingerprint: a new plugin rebuilds
 */
public record BuildRequest(
        NodeRequest node,
        Path projectDirectory,
        String entry,
        Path outputFile,
        Optional<Path> debugOutputFile,
        boolean sourceMap,
        boolean textFormat,
        List<String> ascArguments,
        Optional<String> npmRegistry,
        Path stateDirectory,
        String pluginVersion) {
    public BuildRequest {
        Objects.requireNonNull(node, "node");
        Objects.requireNonNull(projectDirectory, "projectDirectory");
        Objects.requireNonNull(entry, "entry");
        Objects.requireNonNull(outputFile, "outputFile");
        Objects.requireNonNull(debugOutputFile, "debugOutputFile");
        ascArguments = List.copyOf(ascArguments);
        Objects.requireNonNull(npmRegistry, "npmRegistry");
        Objects.requireNonNull(stateDirectory, "stateDirectory");
        Objects.requireNonNull(pluginVersion, "pluginVersion");
    }

    /** The settings that shape the output, as one line for the fingerprint. */
    String configuration() {
        return "entry="
                + entry
                + " output="
                + outputFile.toAbsolutePath()
                + " debug="
                + debugOutputFile.map(p -> p.toAbsolutePath().toString()).orElse("-")
                + " sourceMap="
                + sourceMap
                + " textFormat="
                + textFormat
                + " ascArguments="
                + String.join("\u0000", ascArguments);
    }
}
