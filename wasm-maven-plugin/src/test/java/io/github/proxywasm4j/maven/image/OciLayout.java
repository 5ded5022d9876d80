package io.github.proxywasm4j.maven.image;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.GZIPInputStream;
import org.snakeyaml.engine.v2.api.Load;
import org.snakeyaml.engine.v2.api.LoadSettings;

/** Reads an OCI image layout (a directory or a tar of one) the plain way, to check what we wrote. */
final class OciLayout {

    private final Map<String, byte[]> files;

    private OciLayout(Map<String, byte[]> files) {
        this.files = files;
    }

    static OciLayout ofArchive(Path tar) throws IOException {
        try (var in = Files.newInputStream(tar)) {
            return new OciLayout(untar(in));
        }
    }

    static OciLayout ofDirectory(Path dir) throws IOException {
        var files = new LinkedHashMap<String, byte[]>();
        try (var walk = Files.walk(dir)) {
            for (var p : walk.filter(Files::isRegularFile).toList()) {
                files.put(dir.relativize(p).toString(), Files.readAllBytes(p));
            }
        }
        return new OciLayout(files);
    }

    byte[] file(String name) {
        var content = files.get(name);
        if (content == null) {
            throw new AssertionError("no " + name + " in the layout; it has " + files.keySet());
        }
        return content;
    }

    Map<?, ?> json(String name) {
        return (Map<?, ?>)
                new Load(LoadSettings.builder().build())
                        .loadFromString(new String(file(name), StandardCharsets.UTF_8));
    }

    byte[] blob(String digest) {
        return file("blobs/" + digest.replace(':', '/'));
    }

    Map<?, ?> blobJson(String digest) {
        return (Map<?, ?>)
                new Load(LoadSettings.builder().build())
                        .loadFromString(new String(blob(digest), StandardCharsets.UTF_8));
    }

    /** The manifest digest the index points at (the only manifest). */
    String manifestDigest() {
        var manifests = (List<?>) json("index.json").get("manifests");
        return (String) ((Map<?, ?>) manifests.get(0)).get("digest");
    }

    Map<?, ?> manifest() {
        return blobJson(manifestDigest());
    }

    /** The descriptor of the manifest's last layer. */
    Map<?, ?> lastLayer() {
        var layers = (List<?>) manifest().get("layers");
        return (Map<?, ?>) layers.get(layers.size() - 1);
    }

    /** The files of a tar+gzip layer blob. */
    Map<String, byte[]> layerFiles(String digest) throws IOException {
        try (var in = new GZIPInputStream(new ByteArrayInputStream(blob(digest)))) {
            return untar(in);
        }
    }

    // ustar: 512-byte headers, name at 0..100 (prefix at 345..500), octal size at 124..136.
    static Map<String, byte[]> untar(InputStream in) throws IOException {
        var files = new LinkedHashMap<String, byte[]>();
        var header = new byte[512];
        while (in.readNBytes(header, 0, 512) == 512) {
            if (header[0] == 0) {
                break;
            }
            var name = cString(header, 0, 100);
            var prefix = cString(header, 345, 155);
            if (!prefix.isEmpty()) {
                name = prefix + "/" + name;
            }
            var size = Long.parseLong(cString(header, 124, 12).trim(), 8);
            var content = in.readNBytes((int) size);
            in.skipNBytes((512 - size % 512) % 512);
            if (header[156] == '0' || header[156] == 0) {
                files.put(name.replaceFirst("^\\./", ""), content);
            }
        }
        return files;
    }

    private static String cString(byte[] b, int off, int len) {
        int end = off;
        while (end < off + len && b[end] != 0) {
            end++;
        }
        return new String(b, off, end - off, StandardCharsets.US_ASCII);
    }
}
