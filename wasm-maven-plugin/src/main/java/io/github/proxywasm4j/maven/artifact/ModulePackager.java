package io.github.proxywasm4j.maven.artifact;

import io.github.proxywasm4j.maven.WasmBuildException;
import io.github.proxywasm4j.maven.fs.AtomicFiles;
import io.github.proxywasm4j.maven.fs.Digests;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** Copies the built module to the artifact file and writes its checksum next to it. */
public final class ModulePackager {
    private ModulePackager() {}

    public static PackagedModule pack(Path module, Path artifact) {
        if (!Files.isRegularFile(module)) {
            throw new WasmBuildException(
                    "No module to package at "
                            + module
                            + "; fix: run the build first (mvn package runs wasm:build), or set"
                            + " -Dwasm.file to the module");
        }
        byte[] bytes;
        try {
            bytes = Files.readAllBytes(module);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + module, e);
        }
        var sha = Digests.sha256Hex(bytes);
        if (!module.toAbsolutePath().normalize().equals(artifact.toAbsolutePath().normalize())) {
            AtomicFiles.write(artifact, bytes);
        }
        var checksum = artifact.resolveSibling(artifact.getFileName() + ".sha256");
        // sha256sum's format, so `sha256sum -c` verifies a download
        AtomicFiles.writeString(checksum, sha + "  " + artifact.getFileName() + "\n");
        return new PackagedModule(artifact, checksum, sha);
    }
}
