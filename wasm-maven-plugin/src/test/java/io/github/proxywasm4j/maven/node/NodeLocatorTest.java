package io.github.proxywasm4j.maven.node;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.proxywasm4j.maven.BuildLog;
import io.github.proxywasm4j.maven.WasmBuildException;
import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Resolution order with real executables: the machine's Node (a prerequisite of the build), and
 * small scripts that print an old version, standing in for an outdated Node.
 */
class NodeLocatorTest {
    static Path realNode;

    @TempDir Path dir;

    @BeforeAll
    static void findTheMachinesNode() {
        realNode =
                List.of(System.getenv("PATH").split(File.pathSeparator)).stream()
                        .map(d -> Path.of(d, "node"))
                        .filter(Files::isExecutable)
                        .findFirst()
                        .orElseThrow(() -> new AssertionError("Node.js must be on PATH"));
    }

    /** A script that runs the real Node: a Node at a place of the test's choosing. */
    private Path link(String name) throws Exception {
        var d = Files.createDirectories(dir.resolve(name));
        var script = d.resolve("node");
        Files.writeString(script, "#!/bin/sh\nexec '" + realNode.toRealPath() + "' \"$@\"\n");
        Files.setPosixFilePermissions(script, PosixFilePermissions.fromString("rwxr-xr-x"));
        return script;
    }

    private Path oldNode(String name) throws Exception {
        var d = Files.createDirectories(dir.resolve(name));
        var script = d.resolve("node");
        Files.writeString(script, "#!/bin/sh\necho v10.24.1\n");
        Files.setPosixFilePermissions(script, PosixFilePermissions.fromString("rwxr-xr-x"));
        return script;
    }

    private NodeRequest request(Optional<Path> explicit, Map<String, String> env, boolean offline) {
        return NodeRequest.builder(dir.resolve("install"), dir.resolve("repo"))
                .withExplicitNode(explicit.orElse(null))
                .withMinimumVersion(NodeVersion.of(18, 0, 0))
                .withPinnedVersion(NodeVersion.of(20, 20, 2))
                .withDownloadRoot("http://127.0.0.1:9/")
                .withOffline(offline)
                .withEnvironment(env)
                .build();
    }

    @Test
    void shouldPreferTheExplicitNodeOverEnvironmentAndPath() throws Exception {
        var explicit = link("explicit");
        var onPath = link("onpath");
        var env = Map.of("PATH", onPath.getParent().toString(), "NODE_HOME", dir.toString());

        var found =
                NodeLocator.locate(request(Optional.of(explicit), env, false), BuildLog.silent());

        assertThat(found.node()).isEqualTo(explicit);
        assertThat(found.source()).isEqualTo("wasm.node");
    }

    @Test
    void shouldFailOnAnExplicitNodeThatIsTooOldInsteadOfFallingBack() throws Exception {
        var old = oldNode("old");
        var env = Map.of("PATH", link("onpath").getParent().toString());

        assertThatThrownBy(
                        () ->
                                NodeLocator.locate(
                                        request(Optional.of(old), env, false), BuildLog.silent()))
                .isInstanceOf(WasmBuildException.class)
                .hasMessageStartingWith("wasm.node=" + old + " is not a usable Node.js")
                .hasMessageContaining("Node v10.24.1, older than the minimum v18.0.0");
    }

    @Test
    void shouldPreferNodeHomeOverPath() throws Exception {
        var home = link("home/bin").getParent();
        var env =
                Map.of(
                        "NODE_HOME",
                        dir.resolve("home").toString(),
                        "PATH",
                        link("onpath").getParent().toString());

        var found = NodeLocator.locate(request(Optional.empty(), env, false), BuildLog.silent());

        assertThat(found.source()).isEqualTo("NODE_HOME");
        assertThat(found.node()).isEqualTo(home.resolve("node"));
    }

    @Test
    void shouldSkipAnOldNodeOnPathAndTakeTheNextOne() throws Exception {
        var old = oldNode("old");
        var good = link("good");
        var env = new HashMap<String, String>();
        env.put("PATH", old.getParent() + File.pathSeparator + good.getParent());

        var found = NodeLocator.locate(request(Optional.empty(), env, false), BuildLog.silent());

        assertThat(found.node()).isEqualTo(good);
        assertThat(found.version().isAtLeast(NodeVersion.of(18, 0, 0))).isTrue();
    }

    @Test
    void shouldFindNpmOfTheUnixLayoutThroughTheSymlink() throws Exception {
        // /usr/bin/node is often a link; npm sits next to its target, in ../lib/node_modules.
        var found =
                NodeLocator.locate(
                        request(Optional.of(realNode), Map.of(), false), BuildLog.silent());

        assertThat(found.npmCli()).isPresent();
        assertThat(found.npmCli().get().toString()).endsWith("npm/bin/npm-cli.js");
    }

    @Test
    void shouldSayWhatItTriedWhenNothingFitsAndMavenIsOffline() throws Exception {
        var old = oldNode("old");
        var env = Map.of("PATH", old.getParent().toString());

        assertThatThrownBy(
                        () ->
                                NodeLocator.locate(
                                        request(Optional.empty(), env, true), BuildLog.silent()))
                .isInstanceOf(WasmBuildException.class)
                .hasMessageStartingWith("No usable Node.js found (" + old + " is Node v10.24.1")
                .hasMessageContaining("Maven is offline, so Node v20.20.2 cannot be downloaded")
                .hasMessageContaining("fix: put Node >= v18.0.0 on PATH, set -Dwasm.node");
    }

    @Test
    void shouldReportAnEmptyPath() {
        var rejected = new ArrayList<String>();

        var found =
                NodeLocator.find(
                        request(Optional.empty(), Map.of(), false), BuildLog.silent(), rejected);

        assertThat(found).isEmpty();
        assertThat(rejected).containsExactly("no node on PATH");
    }
}
