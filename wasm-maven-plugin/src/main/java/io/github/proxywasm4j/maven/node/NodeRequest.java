package io.github.proxywasm4j.maven.node;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * How to find or install Node.js.
 *
 * @param explicitNode the {@code wasm.node} parameter; when set it is the only candidate
 * @param minimumVersion the oldest Node that may run npm and asc
 * @param pinnedVersion the version installed when no usable Node is found
 * @param downloadRoot where Node archives are downloaded from, in the nodejs.org layout
 * @param installDirectory where an installed Node is unpacked
 * @param localRepository the local Maven repository that caches downloaded archives
 * @param offline Maven's offline mode: nothing is downloaded
 * @param environment the process environment ({@code PATH}, {@code NODE_HOME}, {@code NVM_BIN})
 */
public record NodeRequest(
        Optional<Path> explicitNode,
        NodeVersion minimumVersion,
        NodeVersion pinnedVersion,
        String downloadRoot,
        Path installDirectory,
        Path localRepository,
        boolean offline,
        List<HttpProxy> proxies,
        Map<String, String> environment) {
    public NodeRequest {
        Objects.requireNonNull(explicitNode, "explicitNode");
        Objects.requireNonNull(minimumVersion, "minimumVersion");
        Objects.requireNonNull(pinnedVersion, "pinnedVersion");
        Objects.requireNonNull(downloadRoot, "downloadRoot");
        Objects.requireNonNull(installDirectory, "installDirectory");
        Objects.requireNonNull(localRepository, "localRepository");
        proxies = List.copyOf(proxies);
        environment = Map.copyOf(environment);
        if (!downloadRoot.endsWith("/")) {
            downloadRoot = downloadRoot + "/";
        }
    }
}
