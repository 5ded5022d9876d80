package io.github.proxywasm4j.maven.fs;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.UUID;

/** Writes files so that a reader sees either the old or the new content, never a half file. */
public final class AtomicFiles {
    private AtomicFiles() {}

    /** Writes bytes to a temp file next to {@code target}, then moves it over {@code target}. */
    public static void write(Path target, byte[] content) {
        try {
            var dir = target.toAbsolutePath().getParent();
            Files.createDirectories(dir);
            // Not Files.createTempFile: it makes the file 0600, and the outputs (the module,
            // envoy.yaml) must stay readable by an Envoy running as another user. A new file
            // created plainly gets the usual umask-based permissions.
            var tmp = dir.resolve("." + target.getFileName() + "." + UUID.randomUUID() + ".tmp");
            try {
                Files.write(tmp, content, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
                move(tmp, target);
            } finally {
                Files.deleteIfExists(tmp);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + target, e);
        }
    }

    public static void writeString(Path target, String content) {
        write(target, content.getBytes(StandardCharsets.UTF_8));
    }

    /** Copies {@code source} to {@code target} through a temp file in the target's directory. */
    public static void copy(Path source, Path target) {
        try {
            write(target, Files.readAllBytes(source));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + source, e);
        }
    }

    /** Moves a file that already sits in the target's file system into place atomically. */
    public static void move(Path source, Path target) throws IOException {
        try {
            Files.move(
                    source,
                    target,
                    StandardCopyOption.ATOMIC_MOVE,
                    StandardCopyOption.REPLACE_EXISTING);
        } catch (AtomicMoveNotSupportedException e) {
            // Only on exotic file systems; a plain replace is the best that is left.
            Files.move(source, target, StandardCopyOption.REPLACE_EXISTING);
        }
    }
}
