package io.github.proxywasm4j.maven.strip;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Arrays;
import java.util.List;

/**
 * The "strip debug logs" build option: an asc transform, shipped in the plugin jar, that removes
 * {@code @solo-io/proxy-runtime}'s own trace and debug log statements before compilation.
 *
 * <p>proxy-runtime 0.1.8 formats and sends about ten debug lines per request whether or not the
 * host listens; that is about 90% of the instructions an add_header request costs. Without them
 * the guest does about 11x less work, in Envoy too. The trade-off: those internal lines are gone
 * even when the proxy runs at debug level. The filter's own log calls stay.
 */
public final class StripDebugLogs {

    /** The transform's file name; {@code .cjs} keeps it CommonJS in any package.json "type". */
    public static final String FILE_NAME = "strip-debug-logs.cjs";

    private static final String RESOURCE = FILE_NAME;

    private StripDebugLogs() {}

    /** The transform's source, as shipped in this jar. */
    public static byte[] transformSource() {
        try (var in = StripDebugLogs.class.getResourceAsStream(RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException(
                        "the plugin jar has no "
                                + StripDebugLogs.class.getPackageName().replace('.', '/')
                                + "/"
                                + RESOURCE
                                + "; rebuild or reinstall the wasm-maven-plugin");
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the strip-debug-logs transform", e);
        }
    }

    /**
     * Writes the transform into {@code directory} (atomically, and only when its content
     * changed, so an unchanged build stays unchanged) and returns its path.
     */
    public static Path extractTo(Path directory) {
        var source = transformSource();
        var target = directory.resolve(FILE_NAME).toAbsolutePath();
        try {
            if (Files.isRegularFile(target) && Arrays.equals(Files.readAllBytes(target), source)) {
                return target;
            }
            Files.createDirectories(directory);
            var tmp = Files.createTempFile(target.getParent(), "." + FILE_NAME, ".tmp");
            try {
                Files.write(tmp, source);
                try {
                    Files.move(
                            tmp,
                            target,
                            StandardCopyOption.ATOMIC_MOVE,
                            StandardCopyOption.REPLACE_EXISTING);
                } catch (AtomicMoveNotSupportedException e) {
                    Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING);
                }
            } finally {
                Files.deleteIfExists(tmp);
            }
            return target;
        } catch (IOException e) {
            throw new UncheckedIOException(
                    "cannot write the strip-debug-logs transform to "
                            + target
                            + ": "
                            + e.getMessage()
                            + "; check that the build directory is writable",
                    e);
        }
    }

    /** The asc arguments that apply the transform at {@code transformFile}. */
    public static List<String> ascArguments(Path transformFile) {
        return List.of("--transform", transformFile.toAbsolutePath().toString());
    }
}
