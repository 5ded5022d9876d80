package io.github.proxywasm4j.maven.fingerprint;

import io.github.proxywasm4j.maven.fs.Digests;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.Objects;

/**
 * A SHA-256 over named build inputs: values (configuration, tool versions), single files and
 * whole source trees. Every entry is length-prefixed, so moving bytes between entries changes the
 * result.
 */
public final class Fingerprint {
    private final MessageDigest digest = Digests.sha256();

    private Fingerprint() {}

    public static Fingerprint builder() {
        return new Fingerprint();
    }

    public Fingerprint withValue(String name, String value) {
        entry(
                "value",
                name,
                Objects.requireNonNullElse(value, "<none>").getBytes(StandardCharsets.UTF_8));
        return this;
    }

    /** A file's content, or a marker that it is absent (so creating it changes the result). */
    public Fingerprint withFile(String name, Path file) {
        if (Files.isRegularFile(file)) {
            entry("file", name, read(file));
        } else {
            entry("absent", name, new byte[0]);
        }
        return this;
    }

    /** Every regular file below {@code dir}, by relative path in sorted order, and its content. */
    public Fingerprint withTree(String name, Path dir) {
        if (!Files.isDirectory(dir)) {
            entry("absent", name, new byte[0]);
            return this;
        }
        try (var walk = Files.walk(dir)) {
            var files = walk.filter(Files::isRegularFile).sorted().toList();
            for (var f : files) {
                // '/' on every OS, so a fingerprint does not depend on the separator
                var rel = dir.relativize(f).toString().replace('\\', '/');
                entry("file", name + "/" + rel, read(f));
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list " + dir, e);
        }
        return this;
    }

    /** The fingerprint as 64 lowercase hex digits. */
    public String build() {
        return HexFormat.of().formatHex(digest.digest());
    }

    private void entry(String kind, String name, byte[] content) {
        var header =
                (kind + ":" + name + ":" + content.length + "\n").getBytes(StandardCharsets.UTF_8);
        digest.update(header);
        digest.update(content);
    }

    private static byte[] read(Path file) {
        try {
            return Files.readAllBytes(file);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file, e);
        }
    }
}
