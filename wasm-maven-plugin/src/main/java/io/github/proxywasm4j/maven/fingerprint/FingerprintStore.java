package io.github.proxywasm4j.maven.fingerprint;

import io.github.proxywasm4j.maven.fs.AtomicFiles;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Objects;
import java.util.Optional;

/** The fingerprint of the last successful step, kept in one small file under {@code target/}. */
public final class FingerprintStore {
    private final Path file;

    private FingerprintStore(Path file) {
        this.file = file;
    }

    public static FingerprintStore at(Path file) {
        return new FingerprintStore(Objects.requireNonNull(file, "file"));
    }

    public Optional<String> read() {
        try {
            return Files.isRegularFile(file)
                    ? Optional.of(Files.readString(file, StandardCharsets.UTF_8).trim())
                    : Optional.empty();
        } catch (IOException e) {
            // an unreadable stamp only means "rebuild"
            return Optional.empty();
        }
    }

    public boolean matches(String fingerprint) {
        return read().map(fingerprint::equals).orElse(false);
    }

    public void write(String fingerprint) {
        AtomicFiles.writeString(file, fingerprint + "\n");
    }

    /** Forgets the stamp, before a step that may fail half way. */
    public void clear() {
        try {
            Files.deleteIfExists(file);
        } catch (IOException e) {
            // a stale stamp is overwritten after the next success anyway
        }
    }

    public Path file() {
        return file;
    }
}
