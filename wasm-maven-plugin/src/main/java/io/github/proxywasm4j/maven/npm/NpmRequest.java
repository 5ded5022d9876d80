package io.github.proxywasm4j.maven.npm;

import io.github.proxywasm4j.maven.node.HttpProxy;
import io.github.proxywasm4j.maven.node.NodeInstallation;
import java.nio.file.Path;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * One npm dependency install.
 *
 * @param projectDirectory where package.json is
 * @param offline Maven's offline mode; npm then runs with {@code --offline}
 * @param proxies settings.xml proxies, handed to npm
 * @param registry a registry URL to use instead of npm's configured one
 */
public record NpmRequest(
        NodeInstallation node,
        Path projectDirectory,
        boolean offline,
        List<HttpProxy> proxies,
        Optional<String> registry) {
    public NpmRequest {
        Objects.requireNonNull(node, "node");
        Objects.requireNonNull(projectDirectory, "projectDirectory");
        proxies = List.copyOf(proxies);
        Objects.requireNonNull(registry, "registry");
    }
}
