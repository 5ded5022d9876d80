package io.github.proxywasm4j.maven.npm;

import io.github.proxywasm4j.maven.BuildLog;
import io.github.proxywasm4j.maven.WasmBuildException;
import io.github.proxywasm4j.maven.node.HttpProxy;
import io.github.proxywasm4j.maven.process.ProcessRunner;
import java.io.File;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * Runs {@code npm ci} when a lockfile exists, {@code npm install} otherwise; {@code --offline} when
 * Maven is offline, else {@code --prefer-offline}.
 */
public final class NpmInstaller {
    /** How many of npm's own error lines a failure message quotes. */
    private static final int MAX_ERROR_LINES = 15;

    private NpmInstaller() {}

    public static void install(NpmRequest request, BuildLog log) {
        var dir = request.projectDirectory();
        if (!Files.isRegularFile(dir.resolve("package.json"))) {
            throw new WasmBuildException(
                    "No package.json in "
                            + dir
                            + "; fix: add one that pins @solo-io/proxy-runtime and"
                            + " assemblyscript, or set <workingDirectory> to the folder that has"
                            + " it");
        }
        var npmCli =
                request.node()
                        .npmCli()
                        .orElseThrow(
                                () ->
                                        new WasmBuildException(
                                                "npm was not found next to Node at "
                                                        + request.node().node()
                                                        + " (looked for node_modules/npm and"
                                                        + " ../lib/node_modules/npm); fix:"
                                                        + " install npm for that Node or set"
                                                        + " -Dwasm.node to a Node that ships"
                                                        + " npm"));
        var command = command(request, npmCli.toString());
        var verb = command.get(2);
        log.info("Running npm " + verb + " in " + dir);
        var result =
                ProcessRunner.run(
                        command, dir, environment(request), line -> log.debug("npm: " + line));
        for (var line : result.stdout()) {
            if (!line.isBlank()) {
                log.info("npm: " + line);
            }
        }
        if (!result.succeeded()) {
            var errors = npmErrorLines(result.stderr());
            errors.forEach(log::error);
            throw WasmBuildException.reported(
                    "npm "
                            + verb
                            + " failed with exit code "
                            + result.exitCode()
                            + " in "
                            + dir
                            + ":\n"
                            + errors.stream().map(l -> "  " + l).collect(Collectors.joining("\n"))
                            + "\nfix: correct package.json/package-lock.json (npm ci needs a"
                            + " lockfile that matches package.json; run npm install once)"
                            + (request.offline()
                                    ? ", or build online once: Maven is offline, so npm ran"
                                            + " with --offline and can use only its cache"
                                    : ""));
        }
    }

    static List<String> command(NpmRequest request, String npmCli) {
        var dir = request.projectDirectory();
        var cmd = new ArrayList<String>();
        cmd.add(request.node().node().toString());
        cmd.add(npmCli);
        cmd.add(Files.isRegularFile(dir.resolve("package-lock.json")) ? "ci" : "install");
        cmd.add("--no-audit");
        cmd.add("--no-fund");
        cmd.add("--no-update-notifier");
        // Online, npm still takes what its cache holds without asking the registry again: the
        // lockfile pins exact versions and their integrity hashes, which npm checks either way.
        // Saves about 0.2 s (a quarter of npm ci) per full build.
        cmd.add(request.offline() ? "--offline" : "--prefer-offline");
        request.registry().ifPresent(r -> cmd.add("--registry=" + r));
        return cmd;
    }

    /** npm settings for the proxies: npm reads {@code npm_config_*} from its environment. */
    static Map<String, String> environment(NpmRequest request) {
        var env = new LinkedHashMap<String, String>();
        var nodeDir = request.node().node().toAbsolutePath().getParent().toString();
        // npm runs lifecycle scripts with "node" from PATH; make that the same Node.
        env.put("PATH", nodeDir + File.pathSeparator + System.getenv().getOrDefault("PATH", ""));
        env.putAll(proxyEnvironment(request.proxies()));
        return env;
    }

    static Map<String, String> proxyEnvironment(List<HttpProxy> proxies) {
        var env = new LinkedHashMap<String, String>();
        var noProxy = new ArrayList<String>();
        for (var p : proxies) {
            var key = p.isSecure() ? "npm_config_https_proxy" : "npm_config_proxy";
            env.putIfAbsent(key, p.url());
            if (!p.npmNoProxy().isEmpty() && !noProxy.contains(p.npmNoProxy())) {
                noProxy.add(p.npmNoProxy());
            }
        }
        // An http proxy also carries https traffic unless an https one is configured (as npm does).
        if (!env.containsKey("npm_config_https_proxy") && env.containsKey("npm_config_proxy")) {
            env.put("npm_config_https_proxy", env.get("npm_config_proxy"));
        }
        if (!noProxy.isEmpty()) {
            env.put("npm_config_noproxy", String.join(",", noProxy));
        }
        return env;
    }

    /**
     * npm's own error lines ({@code npm error ...} or {@code npm ERR! ...}), else the tail. A usage
     * failure also prints the command's help after its explanation; that part is dropped.
     */
    static List<String> npmErrorLines(List<String> stderr) {
        var paragraphs = new ArrayList<List<String>>();
        var current = new ArrayList<String>();
        for (var line : stderr) {
            if (!line.startsWith("npm error") && !line.startsWith("npm ERR!")) {
                continue;
            }
            var text = line.substring(line.startsWith("npm error") ? 9 : 8).trim();
            if (text.isEmpty()) {
                if (!current.isEmpty()) {
                    paragraphs.add(current);
                    current = new ArrayList<>();
                }
                continue;
            }
            if (text.startsWith("Usage:")) {
                // the paragraph before "Usage:" is the command's one-line description
                if (!current.isEmpty()) {
                    paragraphs.add(current);
                }
                if (!paragraphs.isEmpty() && paragraphs.get(paragraphs.size() - 1).size() == 1) {
                    paragraphs.remove(paragraphs.size() - 1);
                }
                current = new ArrayList<>();
                break;
            }
            if (!text.startsWith("A complete log of this run")) {
                current.add(line);
            }
        }
        if (!current.isEmpty()) {
            paragraphs.add(current);
        }
        var errors = paragraphs.stream().flatMap(List::stream).limit(MAX_ERROR_LINES).toList();
        if (!errors.isEmpty()) {
            return errors;
        }
        var nonBlank = stderr.stream().filter(l -> !l.isBlank()).toList();
        return nonBlank.subList(Math.max(0, nonBlank.size() - MAX_ERROR_LINES), nonBlank.size());
    }
}
