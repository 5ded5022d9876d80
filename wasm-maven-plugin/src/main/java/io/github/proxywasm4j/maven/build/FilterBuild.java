package io.github.proxywasm4j.maven.build;

import io.github.proxywasm4j.maven.BuildLog;
import io.github.proxywasm4j.maven.asc.AscCompiler;
import io.github.proxywasm4j.maven.asc.AscRequest;
import io.github.proxywasm4j.maven.fingerprint.Fingerprint;
import io.github.proxywasm4j.maven.fingerprint.FingerprintStore;
import io.github.proxywasm4j.maven.node.NodeInstallation;
import io.github.proxywasm4j.maven.node.NodeLocator;
import io.github.proxywasm4j.maven.npm.NpmInstaller;
import io.github.proxywasm4j.maven.npm.NpmRequest;
import java.nio.file.Files;

/**
 * Builds one filter: find Node, install npm dependencies, compile with asc. Each step is skipped
 * when its inputs are unchanged since the last successful run, and an unchanged project runs
 * neither npm nor asc and says so in one log line.
 */
public final class FilterBuild {
    private final BuildRequest request;
    private final BuildLog log;
    private final FingerprintStore npmStamp;
    private final FingerprintStore buildStamp;

    private FilterBuild(BuildRequest request, BuildLog log) {
        this.request = request;
        this.log = log;
        this.npmStamp = FingerprintStore.at(request.stateDirectory().resolve("npm.sha256"));
        this.buildStamp = FingerprintStore.at(request.stateDirectory().resolve("build.sha256"));
    }

    public static BuildResult run(BuildRequest request, BuildLog log) {
        return new FilterBuild(request, log).run();
    }

    private BuildResult run() {
        var node = NodeLocator.locate(request.node(), log);
        var dir = request.projectDirectory();
        var asc = ascRequest(node);
        var fingerprint = buildFingerprint(node, npmFingerprint(node));
        if (buildStamp.matches(fingerprint)
                && asc.outputs().stream().allMatch(Files::isRegularFile)) {
            log.info(
                    "Filter "
                            + request.outputFile()
                            + " is up to date (inputs unchanged, fingerprint "
                            + fingerprint.substring(0, 12)
                            + "); npm and asc skipped");
            return new BuildResult(
                    request.outputFile(), BuildResult.Outcome.UP_TO_DATE, fingerprint);
        }
        buildStamp.clear();
        AscCompiler.warmUpVerifier();
        var outcome = BuildResult.Outcome.COMPILED;
        var npmFingerprint = npmFingerprint(node);
        if (npmStamp.matches(npmFingerprint) && Files.isDirectory(dir.resolve("node_modules"))) {
            log.info("npm dependencies unchanged; npm skipped");
        } else {
            npmStamp.clear();
            NpmInstaller.install(
                    new NpmRequest(
                            node,
                            dir,
                            request.node().offline(),
                            request.node().proxies(),
                            request.npmRegistry()),
                    log);
            // npm rewrote node_modules/.package-lock.json; stamp what is there now.
            npmFingerprint = npmFingerprint(node);
            npmStamp.write(npmFingerprint);
            outcome = BuildResult.Outcome.INSTALLED_AND_COMPILED;
        }
        AscCompiler.compile(asc, log);
        fingerprint = buildFingerprint(node, npmFingerprint);
        buildStamp.write(fingerprint);
        return new BuildResult(request.outputFile(), outcome, fingerprint);
    }

    private AscRequest ascRequest(NodeInstallation node) {
        return new AscRequest(
                node,
                request.projectDirectory(),
                request.entry(),
                request.outputFile(),
                request.debugOutputFile().orElse(null),
                request.sourceMap(),
                request.textFormat(),
                request.ascArguments());
    }

    /** What npm's result depends on. */
    String npmFingerprint(NodeInstallation node) {
        var dir = request.projectDirectory();
        return Fingerprint.builder()
                .withValue("node", node.version().toString())
                .withValue("registry", request.npmRegistry().orElse(""))
                .withFile("package.json", dir.resolve("package.json"))
                .withFile("package-lock.json", dir.resolve("package-lock.json"))
                // npm's own record of what node_modules holds; gone or changed means reinstall
                .withFile(
                        "node_modules/.package-lock.json",
                        dir.resolve("node_modules/.package-lock.json"))
                .build();
    }

    /** What the module depends on: dependencies, sources, configuration and tool versions. */
    String buildFingerprint(NodeInstallation node, String npmFingerprint) {
        var dir = request.projectDirectory();
        var entry = dir.resolve(request.entry()).normalize();
        var sources =
                entry.getParent() == null || entry.getParent().equals(dir)
                        ? null
                        : entry.getParent();
        var fp =
                Fingerprint.builder()
                        .withValue("npm", npmFingerprint)
                        .withValue("node", node.version().toString())
                        .withValue("asc", AscCompiler.ascVersion(dir).orElse("not installed"))
                        .withValue("plugin", request.pluginVersion())
                        .withValue("configuration", request.configuration())
                        .withFile("entry", entry)
                        .withFile("asconfig.json", dir.resolve("asconfig.json"));
        if (sources != null) {
            fp.withTree("sources", sources);
        }
        return fp.build();
    }
}
