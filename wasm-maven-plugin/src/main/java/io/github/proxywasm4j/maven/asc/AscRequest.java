package io.github.proxywasm4j.maven.asc;

import io.github.proxywasm4j.maven.node.NodeInstallation;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * One asc compilation of a filter.
 *
 * @param entry the entry file relative to the project directory, e.g. {@code assembly/index.ts}
 * @param outputFile the optimized module to write
 * @param debugOutputFile when not null, also build the unoptimized "untouched" variant here
 * @param sourceMap write a {@code .wasm.map} next to each module
 * @param textFormat write a {@code .wat} next to each module
 * @param extraArguments more asc options, appended last
 */
public record AscRequest(
        NodeInstallation node,
        Path projectDirectory,
        String entry,
        Path outputFile,
        Path debugOutputFile,
        boolean sourceMap,
        boolean textFormat,
        List<String> extraArguments) {
    public AscRequest {
        Objects.requireNonNull(node, "node");
        Objects.requireNonNull(projectDirectory, "projectDirectory");
        Objects.requireNonNull(entry, "entry");
        Objects.requireNonNull(outputFile, "outputFile");
        extraArguments = List.copyOf(extraArguments);
    }

    /** Every file this request writes, in the order they are written. */
    public List<Path> outputs() {
        var out = new ArrayList<Path>();
        for (var wasm :
                debugOutputFile == null
                        ? List.of(outputFile)
                        : List.of(outputFile, debugOutputFile)) {
            out.add(wasm);
            if (sourceMap) {
                out.add(wasm.resolveSibling(wasm.getFileName() + ".map"));
            }
            if (textFormat) {
                out.add(AscCompiler.textFile(wasm));
            }
        }
        return List.copyOf(out);
    }
}
