package io.github.proxywasm4j.host.internal.abi;

import io.github.proxywasm4j.host.abi.AbiProblem;
import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import java.util.Optional;

/**
 * Checks the magic, the version and the section framing of a binary before Chicory decodes it, so
 * a file that is not wasm or was cut short gets a precise message instead of a decoder error.
 */
final class WasmHeaderScan {
    private static final byte[] MAGIC = {0x00, 0x61, 0x73, 0x6d};
    private static final String[] SECTION_NAMES = {
        "custom",
        "type",
        "import",
        "function",
        "table",
        "memory",
        "global",
        "export",
        "start",
        "element",
        "code",
        "data",
        "data count",
        "tag"
    };

    private WasmHeaderScan() {}

    /** The one problem that makes these bytes unreadable as a module, if any. */
    static Optional<AbiProblem> scan(byte[] bytes) {
        if (bytes.length == 0) {
            return Optional.of(Messages.notWasm("an empty file (0 bytes)", false));
        }
        if (!startsWithMagic(bytes)) {
            var head = HexFormat.of().formatHex(bytes, 0, Math.min(4, bytes.length));
            return Optional.of(Messages.notWasm("magic bytes " + head, looksLikeText(bytes)));
        }
        if (bytes.length < 8) {
            return Optional.of(
                    Messages.truncated("the 8-byte header ends after " + bytes.length + " bytes"));
        }
        var version = readLittleEndianInt(bytes, 4);
        if (version != 1) {
            return Optional.of(Messages.unsupportedVersion(Integer.toUnsignedLong(version)));
        }
        return scanSections(bytes);
    }

    private static Optional<AbiProblem> scanSections(byte[] bytes) {
        var pos = 8;
        while (pos < bytes.length) {
            var sectionStart = pos;
            var id = bytes[pos++] & 0xff;
            long size = 0;
            var shift = 0;
            while (true) {
                if (pos >= bytes.length) {
                    return Optional.of(
                            Messages.truncated(
                                    "the size of the "
                                            + sectionName(id)
                                            + " section at offset "
                                            + sectionStart
                                            + " is cut off at the end of the file ("
                                            + bytes.length
                                            + " bytes)"));
                }
                var b = bytes[pos++] & 0xff;
                size |= (long) (b & 0x7f) << shift;
                shift += 7;
                if ((b & 0x80) == 0 || shift > 35) {
                    break;
                }
            }
            if (pos + size > bytes.length) {
                return Optional.of(
                        Messages.truncated(
                                "the "
                                        + sectionName(id)
                                        + " section at offset "
                                        + sectionStart
                                        + " declares "
                                        + size
                                        + " bytes, but only "
                                        + (bytes.length - pos)
                                        + " remain in the file ("
                                        + bytes.length
                                        + " bytes)"));
            }
            pos += (int) size;
        }
        return Optional.empty();
    }

    private static String sectionName(int id) {
        return id < SECTION_NAMES.length ? SECTION_NAMES[id] : "unknown (id " + id + ")";
    }

    private static boolean startsWithMagic(byte[] bytes) {
        if (bytes.length < MAGIC.length) {
            return false;
        }
        for (var i = 0; i < MAGIC.length; i++) {
            if (bytes[i] != MAGIC[i]) {
                return false;
            }
        }
        return true;
    }

    /** WebAssembly text (a .wat file) starts with "(module", possibly after comments/blanks. */
    private static boolean looksLikeText(byte[] bytes) {
        var head = new String(bytes, 0, Math.min(bytes.length, 4096), StandardCharsets.UTF_8);
        return head.contains("(module");
    }

    private static int readLittleEndianInt(byte[] bytes, int offset) {
        return (bytes[offset] & 0xff)
                | (bytes[offset + 1] & 0xff) << 8
                | (bytes[offset + 2] & 0xff) << 16
                | (bytes[offset + 3] & 0xff) << 24;
    }
}
