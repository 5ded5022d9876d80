package io.github.proxywasm4j.maven.node;

import io.github.proxywasm4j.maven.BuildLog;
import io.github.proxywasm4j.maven.WasmBuildException;
import io.github.proxywasm4j.maven.process.ProcessRunner;
import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Finds the Node.js to build with, in this order: the {@code wasm.node} parameter, then
 * {@code NODE_HOME} and {@code NVM_BIN}, then {@code PATH}. A candidate counts only if it runs
 * and is at least the minimum version. When none counts, the pinned version is installed (or
 * taken from the local repository cache), unless Maven is offline and nothing is cached.
 */
public final class NodeLocator {
    private final NodeRequest request;
    private final BuildLog log;
    // Why the last probed candidate was rejected; one locator serves one search, so a field is
    // simpler than threading a result type through every probe.
    private String lastReason = "";

    private NodeLocator(NodeRequest request, BuildLog log) {
        this.request = request;
        this.log = log;
    }

    public static NodeInstallation locate(NodeRequest request, BuildLog log) {
        return new NodeLocator(request, log).locate();
    }

    /** Only the search, without installing; empty when no candidate fits. */
    public static Optional<NodeInstallation> find(
            NodeRequest request, BuildLog log, List<String> rejected) {
        return new NodeLocator(request, log).search(rejected);
    }

    private NodeInstallation locate() {
        var rejected = new ArrayList<String>();
        var found = search(rejected);
        if (found.isPresent()) {
            return found.get();
        }
        log.info(
                "No usable Node.js found ("
                        + String.join("; ", rejected)
                        + (request.offline()
                                ? "); offline, so only a cached Node "
                                        + request.pinnedVersion()
                                        + " can be used"
                                : "); installing Node "
                                        + request.pinnedVersion()
                                        + " under "
                                        + request.installDirectory()));
        return PinnedNodeInstaller.install(request, rejected, log);
    }

    private Optional<NodeInstallation> search(List<String> rejected) {
        if (request.explicitNode().isPresent()) {
            var node = request.explicitNode().get();
            // The user asked for this one: do not silently fall back to another Node.
            return Optional.of(
                    probe(node, "wasm.node")
                            .orElseThrow(
                                    () ->
                                            new WasmBuildException(
                                                    "wasm.node="
                                                            + node
                                                            + " is not a usable Node.js: "
                                                            + lastReason
                                                            + "; fix: point -Dwasm.node at a"
                                                            + " node executable >= "
                                                            + request.minimumVersion()
                                                            + " or remove it to use the one on"
                                                            + " PATH")));
        }
        for (var candidate : environmentCandidates()) {
            var found = probe(candidate.path(), candidate.source());
            if (found.isPresent()) {
                return found;
            }
            rejected.add(candidate.source() + ": " + lastReason);
        }
        var onPath = pathCandidates();
        if (onPath.isEmpty()) {
            rejected.add("no node on PATH");
        }
        for (var node : onPath) {
            var found = probe(node, "PATH");
            if (found.isPresent()) {
                return found;
            }
            rejected.add(lastReason);
        }
        return Optional.empty();
    }

    private record Candidate(Path path, String source) {}

    private List<Candidate> environmentCandidates() {
        var out = new ArrayList<Candidate>();
        env("NODE_HOME").ifPresent(h -> out.add(new Candidate(h.resolve("bin/node"), "NODE_HOME")));
        env("NVM_BIN").ifPresent(h -> out.add(new Candidate(h.resolve("node"), "NVM_BIN")));
        return out;
    }

    private Optional<Path> env(String name) {
        var value = request.environment().get(name);
        return value == null || value.isBlank() ? Optional.empty() : Optional.of(Path.of(value));
    }

    private List<Path> pathCandidates() {
        var out = new ArrayList<Path>();
        var path = request.environment().getOrDefault("PATH", "");
        for (var dir : path.split(File.pathSeparator)) {
            if (dir.isBlank()) {
                continue;
            }
            var node = Path.of(dir).resolve(executableName());
            if (Files.isRegularFile(node) && Files.isExecutable(node) && !out.contains(node)) {
                out.add(node);
            }
        }
        return out;
    }

    private static String executableName() {
        return System.getProperty("os.name", "").startsWith("Windows") ? "node.exe" : "node";
    }

    private Optional<NodeInstallation> probe(Path node, String source) {
        if (!Files.isRegularFile(node)) {
            lastReason = "no file at " + node;
            return Optional.empty();
        }
        var version = version(node);
        if (version.isEmpty()) {
            lastReason = node + " --version did not print a Node version";
            return Optional.empty();
        }
        if (!version.get().isAtLeast(request.minimumVersion())) {
            lastReason =
                    node
                            + " is Node "
                            + version.get()
                            + ", older than the minimum "
                            + request.minimumVersion();
            return Optional.empty();
        }
        log.debug("Using Node " + version.get() + " at " + node + " (" + source + ")");
        return Optional.of(new NodeInstallation(node, npmCliNextTo(node), version.get(), source));
    }

    /** Runs {@code node --version}; empty when it fails or prints something else. */
    public static Optional<NodeVersion> version(Path node) {
        try {
            var result =
                    ProcessRunner.run(
                            List.of(node.toString(), "--version"),
                            node.toAbsolutePath().getParent(),
                            Map.of(),
                            line -> {});
            if (!result.succeeded() || result.stdout().isEmpty()) {
                return Optional.empty();
            }
            return NodeVersion.parse(result.stdout().get(0));
        } catch (WasmBuildException e) {
            return Optional.empty();
        }
    }

    /**
     * npm's entry script for a Node: frontend's layout ({@code node/node_modules/npm}) or the
     * usual Unix layout ({@code bin/node} with {@code lib/node_modules/npm}).
     */
    public static Optional<Path> npmCliNextTo(Path node) {
        Path real;
        try {
            real = node.toRealPath();
        } catch (IOException e) {
            real = node.toAbsolutePath();
        }
        var dir = real.getParent();
        var candidates = new ArrayList<Path>();
        candidates.add(dir.resolve("node_modules/npm/bin/npm-cli.js"));
        if (dir.getParent() != null) {
            candidates.add(dir.getParent().resolve("lib/node_modules/npm/bin/npm-cli.js"));
        }
        return candidates.stream().filter(Files::isRegularFile).findFirst();
    }
}
