package io.github.proxywasm4j.maven.node;

import java.nio.file.Path;
import java.util.Objects;
import java.util.Optional;

/**
 * A Node.js that the build will use.
 *
 * @param node the node executable
 * @param npmCli npm's {@code bin/npm-cli.js} next to it, when there is one
 * @param source where it was found, for messages ("PATH", "wasm.node", "installed v20.20.2")
 */
public record NodeInstallation(
        Path node, Optional<Path> npmCli, NodeVersion version, String source) {
    public NodeInstallation {
        Objects.requireNonNull(node, "node");
        Objects.requireNonNull(npmCli, "npmCli");
        Objects.requireNonNull(version, "version");
        Objects.requireNonNull(source, "source");
    }
}
