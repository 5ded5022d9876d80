package io.github.proxywasm4j.maven.image;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Collections;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Properties;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;

/**
 * What an image says about itself: the tool that built it (this plugin's own name and version,
 * in the history's {@code created_by} and a label) and the OCI annotation keys an image usually
 * carries as labels ({@code org.opencontainers.image.title}, {@code .version}, {@code .source},
 * {@code .revision}, {@code .created}), each only where it is known. Deterministic for the same
 * inputs, so the archive of {@code package} and the image of {@code wasm:push} keep one digest.
 */
public final class ImageLabels {

    /** The label naming the tool, {@code name:version} as in the history. */
    public static final String TOOL_LABEL = "io.github.proxywasm4j.built-by";

    private static final String[] TOOL = readTool();

    private final Map<String, String> labels;

    private ImageLabels(Map<String, String> labels) {
        this.labels = Collections.unmodifiableMap(new TreeMap<>(labels));
    }

    /** Only the tool: for images built outside a project (tests, tools). */
    public static ImageLabels toolOnly() {
        return builder().build();
    }

    public static Builder builder() {
        return new Builder();
    }

    /** This plugin's artifactId, from its own build. */
    public static String toolName() {
        return TOOL[0];
    }

    /** This plugin's version, from its own build. */
    public static String toolVersion() {
        return TOOL[1];
    }

    /** Every label, sorted by key. */
    public Map<String, String> labels() {
        return labels;
    }

    /**
     * The commit checked out in {@code directory}'s git work tree, when there is one and git is
     * installed; empty otherwise.
     */
    public static Optional<String> gitRevision(Path directory) {
        if (directory == null || !Files.isDirectory(directory)) {
            return Optional.empty();
        }
        try {
            var process =
                    new ProcessBuilder("git", "rev-parse", "--verify", "-q", "HEAD")
                            .directory(directory.toFile())
                            .redirectErrorStream(true)
                            .start();
            process.getOutputStream().close();
            var out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!process.waitFor(10, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                return Optional.empty();
            }
            var revision = out.strip();
            return process.exitValue() == 0 && revision.matches("[0-9a-f]{40,64}")
                    ? Optional.of(revision)
                    : Optional.empty();
        } catch (IOException e) {
            return Optional.empty();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Optional.empty();
        }
    }

    private static String[] readTool() {
        var properties = new Properties();
        try (InputStream in = ImageLabels.class.getResourceAsStream("plugin.properties")) {
            if (in != null) {
                properties.load(in);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read this plugin's plugin.properties", e);
        }
        var name = properties.getProperty("name", "wasm-maven-plugin");
        var version = properties.getProperty("version", "unknown");
        // unfiltered (an IDE build that skipped resource filtering)
        return new String[] {
            name.contains("${") ? "wasm-maven-plugin" : name,
            version.contains("${") ? "unknown" : version
        };
    }

    @Override
    public String toString() {
        return labels.toString();
    }

    /** Builds {@link ImageLabels}; every value is optional. */
    public static final class Builder {
        private final Map<String, String> labels = new TreeMap<>();

        private Builder() {
            labels.put(TOOL_LABEL, toolName() + ":" + toolVersion());
        }

        /** The filter's name, usually the artifactId. */
        public Builder withTitle(String title) {
            return put("org.opencontainers.image.title", title);
        }

        /** The filter's version. */
        public Builder withVersion(String version) {
            return put("org.opencontainers.image.version", version);
        }

        /** Where the filter's source lives (the pom's {@code <scm><url>} or {@code <url>}). */
        public Builder withSource(String source) {
            return put("org.opencontainers.image.source", source);
        }

        /** The source revision, e.g. a git commit. */
        public Builder withRevision(String revision) {
            return put("org.opencontainers.image.revision", revision);
        }

        /** When the image was built, for reproducible builds {@code project.build.outputTimestamp}. */
        public Builder withCreated(Instant created) {
            return put(
                    "org.opencontainers.image.created",
                    created == null ? null : created.toString());
        }

        private Builder put(String key, String value) {
            Objects.requireNonNull(key, "key");
            if (value != null && !value.isBlank()) {
                labels.put(key, value.strip());
            }
            return this;
        }

        public ImageLabels build() {
            return new ImageLabels(labels);
        }
    }
}
