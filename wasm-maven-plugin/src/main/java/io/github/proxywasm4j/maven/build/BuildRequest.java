package io.github.proxywasm4j.maven.build;

import io.github.proxywasm4j.maven.node.NodeRequest;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * Everything one filter build needs; the build mojo fills it from its parameters with {@link
 * #builder}. Immutable.
 */
public final class BuildRequest {
    private final NodeRequest node;
    private final Path projectDirectory;
    private final String entry;
    private final Path outputFile;
    private final Optional<Path> debugOutputFile;
    private final boolean sourceMap;
    private final boolean textFormat;
    private final List<String> ascArguments;
    private final Optional<String> npmRegistry;
    private final Path stateDirectory;
    private final String pluginVersion;

    private BuildRequest(Builder b) {
        this.node = b.node;
        this.projectDirectory = b.projectDirectory;
        this.entry = b.entry;
        this.outputFile = b.outputFile;
        this.debugOutputFile = Optional.ofNullable(b.debugOutputFile);
        this.sourceMap = b.sourceMap;
        this.textFormat = b.textFormat;
        this.ascArguments = List.copyOf(b.ascArguments);
        this.npmRegistry = Optional.ofNullable(b.npmRegistry).filter(s -> !s.isBlank());
        this.stateDirectory =
                b.stateDirectory == null
                        ? outputFile.toAbsolutePath().resolveSibling("wasm-state")
                        : b.stateDirectory;
        this.pluginVersion = b.pluginVersion;
    }

    /**
     * A build of the filter in {@code projectDirectory} (where package.json is), with Node found or
     * installed as {@code node} says, writing the optimized module to {@code outputFile}.
     */
    public static Builder builder(NodeRequest node, Path projectDirectory, Path outputFile) {
        return new Builder(node, projectDirectory, outputFile);
    }

    /** How Node is found or installed. */
    public NodeRequest node() {
        return node;
    }

    /** Where package.json and the entry file are. */
    public Path projectDirectory() {
        return projectDirectory;
    }

    /** The entry file relative to {@link #projectDirectory()}. */
    public String entry() {
        return entry;
    }

    /** The optimized module. */
    public Path outputFile() {
        return outputFile;
    }

    /** The unoptimized "untouched" module, when wanted. */
    public Optional<Path> debugOutputFile() {
        return debugOutputFile;
    }

    public boolean sourceMap() {
        return sourceMap;
    }

    public boolean textFormat() {
        return textFormat;
    }

    /** More asc arguments, after the plugin's own. */
    public List<String> ascArguments() {
        return ascArguments;
    }

    /** An npm registry instead of the configured one. */
    public Optional<String> npmRegistry() {
        return npmRegistry;
    }

    /** Where the fingerprints of the last successful build are kept. */
    public Path stateDirectory() {
        return stateDirectory;
    }

    /** Part of the fingerprint: a new plugin rebuilds. */
    public String pluginVersion() {
        return pluginVersion;
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

    /** Builds a {@link BuildRequest}; the defaults are the plugin's parameter defaults. */
    public static final class Builder {
        private final NodeRequest node;
        private final Path projectDirectory;
        private final Path outputFile;
        private String entry = "assembly/index.ts";
        private Path debugOutputFile;
        private boolean sourceMap = true;
        private boolean textFormat;
        private final List<String> ascArguments = new ArrayList<>();
        private String npmRegistry;
        private Path stateDirectory;
        private String pluginVersion = "";

        private Builder(NodeRequest node, Path projectDirectory, Path outputFile) {
            this.node = Objects.requireNonNull(node, "node");
            this.projectDirectory = Objects.requireNonNull(projectDirectory, "projectDirectory");
            this.outputFile = Objects.requireNonNull(outputFile, "outputFile");
        }

        public Builder withEntry(String entry) {
            this.entry = Objects.requireNonNull(entry, "entry");
            return this;
        }

        /** Also builds the unoptimized module to {@code debugOutputFile}; {@code null}: not. */
        public Builder withDebugOutputFile(Path debugOutputFile) {
            this.debugOutputFile = debugOutputFile;
            return this;
        }

        public Builder withSourceMap(boolean sourceMap) {
            this.sourceMap = sourceMap;
            return this;
        }

        public Builder withTextFormat(boolean textFormat) {
            this.textFormat = textFormat;
            return this;
        }

        /** Replaces the extra asc arguments. */
        public Builder withAscArguments(List<String> ascArguments) {
            this.ascArguments.clear();
            this.ascArguments.addAll(ascArguments);
            return this;
        }

        /** An npm registry instead of the configured one; {@code null} or blank for none. */
        public Builder withNpmRegistry(String npmRegistry) {
            this.npmRegistry = npmRegistry;
            return this;
        }

        public Builder withStateDirectory(Path stateDirectory) {
            this.stateDirectory = Objects.requireNonNull(stateDirectory, "stateDirectory");
            return this;
        }

        public Builder withPluginVersion(String pluginVersion) {
            this.pluginVersion = Objects.requireNonNull(pluginVersion, "pluginVersion");
            return this;
        }

        public BuildRequest build() {
            return new BuildRequest(this);
        }
    }
}
