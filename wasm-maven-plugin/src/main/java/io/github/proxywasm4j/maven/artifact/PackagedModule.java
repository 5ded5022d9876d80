package io.github.proxywasm4j.maven.artifact;

import java.nio.file.Path;
import java.util.Objects;

/**
 * A module copied into place as the project's artifact.
 *
 * @param file the {@code .wasm} artifact
 * @param checksumFile its {@code .sha256}, in {@code sha256sum} format
 * @param sha256 the module's SHA-256, hex
 */
public record PackagedModule(Path file, Path checksumFile, String sha256) {
    public PackagedModule {
        Objects.requireNonNull(file, "file");
        Objects.requireNonNull(checksumFile, "checksumFile");
        Objects.requireNonNull(sha256, "sha256");
    }
}
