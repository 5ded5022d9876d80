package io.github.proxywasm4j.maven.mojo;

import io.github.proxywasm4j.maven.image.ImageLabels;
import io.github.proxywasm4j.maven.image.ImageName;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.Optional;
import org.apache.maven.project.MavenProject;

/**
 * The image setting shared by {@code wasm:package} and {@code wasm:push} ({@code -Dwasm.image},
 * {@code <image>}) and the labels both put on the image, so the archive and the pushed image
 * have one manifest digest.
 */
final class ImageSettings {

    /** How the setting is named in messages. */
    static final String SETTING = "-Dwasm.image";

    private ImageSettings() {}

    /** The checked image reference; empty when none is set. */
    static Optional<ImageName> image(String image) {
        if (image == null || image.isBlank()) {
            return Optional.empty();
        }
        return Optional.of(ImageName.parse(image, SETTING));
    }

    /**
     * The filter's name and version, and where known its source ({@code <scm><url>}, else {@code
     * <url>}), revision (the git commit of the project's folder) and creation time ({@code
     * project.build.outputTimestamp}, the reproducible-builds setting).
     */
    static ImageLabels labels(MavenProject project) {
        var b =
                ImageLabels.builder()
                        .withTitle(project.getArtifactId())
                        .withVersion(project.getVersion());
        var scm = project.getScm();
        b.withSource(scm != null && scm.getUrl() != null ? scm.getUrl() : project.getUrl());
        ImageLabels.gitRevision(project.getBasedir() == null ? null : project.getBasedir().toPath())
                .ifPresent(b::withRevision);
        outputTimestamp(project.getProperties().getProperty("project.build.outputTimestamp"))
                .ifPresent(b::withCreated);
        return b.build();
    }

    // Maven's own forms: ISO-8601 with an offset, or seconds since the epoch
    static Optional<Instant> outputTimestamp(String value) {
        if (value == null || value.isBlank() || value.strip().length() < 2) {
            return Optional.empty();
        }
        var v = value.strip();
        try {
            if (v.matches("[0-9]+")) {
                return Optional.of(Instant.ofEpochSecond(Long.parseLong(v)));
            }
            return Optional.of(OffsetDateTime.parse(v).toInstant());
        } catch (DateTimeParseException | NumberFormatException e) {
            return Optional.empty();
        }
    }
}
