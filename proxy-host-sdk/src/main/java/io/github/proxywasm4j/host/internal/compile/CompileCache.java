package io.github.proxywasm4j.host.internal.compile;

import com.dylibso.chicory.compiler.Cache;
import com.dylibso.chicory.compiler.MachineFactoryCompiler;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.Optional;
import java.util.Properties;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The classes Chicory's runtime compiler made for a module, kept in a directory so that the next
 * JVM loads them instead of compiling again (the cold compile is most of a fresh JVM's time to
 * the first response). Best effort: an entry that cannot be read, written or verified is a miss,
 * never a failure.
 *
 * <p>Entries are named by a SHA-256 over the module's digest, the Chicory version and this
 * format, so a module, a Chicory upgrade or a format change never meets a stale entry. Each file
 * starts with the SHA-256 of its payload: a truncated or altered file is ignored and replaced.
 */
public final class CompileCache implements Cache {
    // Bump when the key or the file layout changes.
    private static final String FORMAT = "proxywasm4j-compile-cache-1";
    private static final int CHECKSUM_BYTES = 32;

    private final Path directory;
    private final String chicoryVersion;
    private volatile String lastProblem;
    private final AtomicInteger hits = new AtomicInteger();
    private final AtomicInteger writes = new AtomicInteger();

    CompileCache(Path directory, String chicoryVersion) {
        this.directory = directory;
        this.chicoryVersion = chicoryVersion;
    }

    /**
     * The cache in {@code directory}, or empty when the running Chicory compiler's version cannot
     * be told (an entry from another version could hold incompatible classes).
     */
    public static Optional<CompileCache> in(Path directory) {
        return ChicoryVersion.VALUE.map(v -> new CompileCache(directory, v));
    }

    // Read once per JVM, on the first cache: the version cannot change while it runs.
    private static final class ChicoryVersion {
        static final Optional<String> VALUE = chicoryCompilerVersion();
    }

    /** The directory the entries live in. */
    public Path directory() {
        return directory;
    }

    /** Why the last read or write was skipped, if one was; for the test and for diagnostics. */
    public Optional<String> lastProblem() {
        return Optional.ofNullable(lastProblem);
    }

    /** How many reads found a sound entry. */
    public int hits() {
        return hits.get();
    }

    /** How many entries this instance wrote. */
    public int writes() {
        return writes.get();
    }

    /** The file of the entry for Chicory's key ({@code "sha-256:<base64>"} of the module). */
    Path entry(String key) {
        var name =
                sha256(
                        (FORMAT + '\n' + chicoryVersion + '\n' + key)
                                .getBytes(StandardCharsets.UTF_8));
        return directory.resolve(HexFormat.of().formatHex(name) + ".jar");
    }

    @Override
    public byte[] get(String key) {
        var file = entry(key);
        byte[] stored;
        try {
            stored = Files.readAllBytes(file);
        } catch (NoSuchFileException e) {
            return null;
        } catch (IOException e) {
            lastProblem = "cannot read " + file + ": " + e;
            return null;
        }
        if (stored.length > CHECKSUM_BYTES) {
            var payload = Arrays.copyOfRange(stored, CHECKSUM_BYTES, stored.length);
            if (Arrays.equals(sha256(payload), Arrays.copyOf(stored, CHECKSUM_BYTES))) {
                hits.incrementAndGet();
                return payload;
            }
        }
        lastProblem = "ignored the damaged entry " + file;
        try {
            Files.deleteIfExists(file);
        } catch (IOException e) {
            // Stays a miss every time; the compile still works.
        }
        return null;
    }

    @Override
    public void putIfAbsent(String key, byte[] data) {
        var file = entry(key);
        Path temp = null;
        try {
            if (Files.isRegularFile(file)) {
                return;
            }
            Files.createDirectories(directory);
            temp = Files.createTempFile(directory, ".entry", ".tmp");
            try (var out = Files.newOutputStream(temp)) {
                out.write(sha256(data));
                out.write(data);
            }
            // Readers see the whole entry or none. Two JVMs racing write equal entries, so
            // replacing the other's is harmless.
            Files.move(temp, file, StandardCopyOption.ATOMIC_MOVE);
            temp = null;
            writes.incrementAndGet();
        } catch (IOException | UncheckedIOException e) {
            lastProblem = "cannot write " + file + ": " + e;
        } finally {
            if (temp != null) {
                try {
                    Files.deleteIfExists(temp);
                } catch (IOException e) {
                    // Only a stray temp file is left.
                }
            }
        }
    }

    private static Optional<String> chicoryCompilerVersion() {
        try (InputStream in =
                MachineFactoryCompiler.class.getResourceAsStream(
                        "/META-INF/maven/com.dylibso.chicory/compiler/pom.properties")) {
            if (in == null) {
                return Optional.empty();
            }
            var properties = new Properties();
            properties.load(in);
            return Optional.ofNullable(properties.getProperty("version")).filter(v -> !v.isBlank());
        } catch (IOException e) {
            return Optional.empty();
        }
    }

    private static byte[] sha256(byte[] data) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(data);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java runtime has SHA-256", e);
        }
    }
}
