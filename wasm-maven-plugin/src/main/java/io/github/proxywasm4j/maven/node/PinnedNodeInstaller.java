package io.github.proxywasm4j.maven.node;

import com.github.eirslett.maven.plugins.frontend.lib.CacheResolver;
import com.github.eirslett.maven.plugins.frontend.lib.FrontendPluginFactory;
import com.github.eirslett.maven.plugins.frontend.lib.InstallationException;
import com.github.eirslett.maven.plugins.frontend.lib.ProxyConfig;
import io.github.proxywasm4j.maven.BuildLog;
import io.github.proxywasm4j.maven.WasmBuildException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.util.List;

/** Installs the pinned Node with frontend-maven-plugin's installer. */
final class PinnedNodeInstaller {
    private PinnedNodeInstaller() {}

    static NodeInstallation install(NodeRequest request, List<String> rejected, BuildLog log) {
        var installDir = request.installDirectory();
        try {
            Files.createDirectories(installDir);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create " + installDir, e);
        }
        var cache = new LocalRepositoryCache(request.localRepository());
        CacheResolver resolver =
                descriptor -> {
                    var file = cache.resolve(descriptor);
                    // The installer downloads whatever is not cached; offline there is no
                    // download, so a missing archive ends the build here.
                    if (request.offline() && !file.exists()) {
                        throw new WasmBuildException(
                                "No usable Node.js found ("
                                        + String.join("; ", rejected)
                                        + ") and Maven is offline, so Node "
                                        + request.pinnedVersion()
                                        + " cannot be downloaded (not cached at "
                                        + file
                                        + "); fix: put Node >= "
                                        + request.minimumVersion()
                                        + " on PATH, set -Dwasm.node=/path/to/node, or build once"
                                        + " online to cache Node");
                    }
                    return file;
                };
        var factory = new FrontendPluginFactory(installDir.toFile(), installDir.toFile(), resolver);
        var version = request.pinnedVersion().toString();
        try {
            factory.getNodeInstaller(proxyConfig(request.proxies()))
                    .setNodeVersion(version)
                    .setNodeDownloadRoot(request.downloadRoot())
                    .setNpmVersion("provided")
                    .install();
        } catch (InstallationException e) {
            throw new WasmBuildException(
                    "Cannot install Node "
                            + version
                            + " from "
                            + request.downloadRoot()
                            + ": "
                            + rootMessage(e)
                            + "; fix: set -Dwasm.nodeDownloadRoot to a reachable mirror in the"
                            + " nodejs.org layout, or put Node >= "
                            + request.minimumVersion()
                            + " on PATH",
                    e);
        }
        var node = installDir.resolve("node").resolve("node");
        var actual =
                NodeLocator.version(node)
                        .orElseThrow(
                                () ->
                                        new WasmBuildException(
                                                "The Node installed at "
                                                        + node
                                                        + " does not run; delete "
                                                        + installDir
                                                        + " and the cached archive under "
                                                        + request.localRepository()
                                                                .resolve(
                                                                        LocalRepositoryCache
                                                                                .GROUP_PATH)
                                                        + " and build again"));
        log.info("Using Node " + actual + " installed at " + node);
        return new NodeInstallation(
                node, NodeLocator.npmCliNextTo(node), actual, "installed " + version);
    }

    static ProxyConfig proxyConfig(List<HttpProxy> proxies) {
        return new ProxyConfig(
                proxies.stream()
                        .map(
                                p ->
                                        new ProxyConfig.Proxy(
                                                p.id(),
                                                p.protocol(),
                                                p.host(),
                                                p.port(),
                                                p.username().isEmpty() ? null : p.username(),
                                                p.password().isEmpty() ? null : p.password(),
                                                p.nonProxyHosts()))
                        .toList());
    }

    private static String rootMessage(Throwable e) {
        var parts = new StringBuilder();
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t.getMessage() != null && !parts.toString().contains(t.getMessage())) {
                if (parts.length() > 0) {
                    parts.append(": ");
                }
                parts.append(t.getMessage());
            }
        }
        return parts.toString();
    }
}
