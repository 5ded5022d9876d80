package io.github.proxywasm4j.maven.npm;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.proxywasm4j.maven.BuildLog;
import io.github.proxywasm4j.maven.WasmBuildException;
import io.github.proxywasm4j.maven.node.HttpProxy;
import io.github.proxywasm4j.maven.node.NodeInstallation;
import io.github.proxywasm4j.maven.node.NodeLocator;
import io.github.proxywasm4j.maven.node.NodeRequest;
import io.github.proxywasm4j.maven.node.NodeVersion;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class NpmInstallerTest {
    @TempDir Path dir;

    private NpmRequest request(boolean offline, Optional<String> registry) {
        return new NpmRequest(
                new NodeInstallation(
                        Path.of("/opt/node/bin/node"),
                        Optional.empty(),
                        NodeVersion.of(20, 20, 2),
                        "test"),
                dir,
                offline,
                List.of(),
                registry);
    }

    @Test
    void shouldRunNpmCiWhenThereIsALockfile() throws Exception {
        Files.writeString(dir.resolve("package-lock.json"), "{}");

        var cmd = NpmInstaller.command(request(false, Optional.empty()), "cli.js");

        assertThat(cmd)
                .containsExactly(
                        "/opt/node/bin/node",
                        "cli.js",
                        "ci",
                        "--no-audit",
                        "--no-fund",
                        "--no-update-notifier",
                        "--prefer-offline");
    }

    @Test
    void shouldRunNpmInstallOfflineWithoutALockfile() {
        var cmd =
                NpmInstaller.command(
                        request(true, Optional.of("https://npm.example.com/")), "cli.js");

        assertThat(cmd).contains("install", "--offline", "--registry=https://npm.example.com/");
        assertThat(cmd).doesNotContain("ci", "--prefer-offline");
    }

    @Test
    void shouldHandSettingsProxiesToNpm() {
        var env =
                NpmInstaller.proxyEnvironment(
                        List.of(
                                new HttpProxy(
                                        "p",
                                        "http",
                                        "proxy",
                                        3128,
                                        "u",
                                        "pw",
                                        "localhost|*.corp")));

        assertThat(env)
                .containsExactlyInAnyOrderEntriesOf(
                        Map.of(
                                "npm_config_proxy", "http://u:pw@proxy:3128",
                                "npm_config_https_proxy", "http://u:pw@proxy:3128",
                                "npm_config_noproxy", "localhost,.corp"));
    }

    @Test
    void shouldKeepADedicatedHttpsProxy() {
        var env =
                NpmInstaller.proxyEnvironment(
                        List.of(
                                new HttpProxy("a", "http", "plain", 80, null, null, null),
                                new HttpProxy("b", "https", "secure", 443, null, null, null)));

        assertThat(env)
                .containsEntry("npm_config_proxy", "http://plain:80")
                .containsEntry("npm_config_https_proxy", "https://secure:443")
                .doesNotContainKey("npm_config_noproxy");
    }

    @Test
    void shouldQuoteNpmsOwnErrorLines() {
        var lines =
                NpmInstaller.npmErrorLines(
                        List.of(
                                "npm warn something",
                                "npm error code EUSAGE",
                                "npm error `npm ci` can only install packages when your"
                                        + " package.json and package-lock.json are in sync.",
                                "npm error A complete log of this run can be found in: /x.log"));

        assertThat(lines)
                .containsExactly(
                        "npm error code EUSAGE",
                        "npm error `npm ci` can only install packages when your package.json and"
                                + " package-lock.json are in sync.");
    }

    @Test
    void shouldFailWithNpmsOwnErrorLinesWhenTheLockfileIsOutOfSync() throws Exception {
        // A real npm: `npm ci` refuses a lockfile that does not match package.json. Online, so
        // the outcome does not depend on what the npm cache of the machine holds.
        var node =
                NodeLocator.locate(
                        NodeRequest.builder(dir.resolve("node"), dir.resolve("repo"))
                                .withDownloadRoot("http://127.0.0.1:9/")
                                .withOffline(true)
                                .withEnvironment(System.getenv())
                                .build(),
                        BuildLog.silent());
        Files.writeString(
                dir.resolve("package.json"),
                "{\"name\":\"f\",\"version\":\"1.0.0\",\"dependencies\":{\"long\":\"4.0.0\"}}");
        Files.writeString(
                dir.resolve("package-lock.json"),
                "{\"name\":\"f\",\"version\":\"1.0.0\",\"lockfileVersion\":3,\"requires\":true,"
                        + "\"packages\":{\"\":{\"name\":\"f\",\"version\":\"1.0.0\"}}}");
        var errors = new ArrayList<String>();

        assertThatThrownBy(
                        () ->
                                NpmInstaller.install(
                                        new NpmRequest(
                                                node, dir, false, List.of(), Optional.empty()),
                                        new CollectingLog(errors)))
                .isInstanceOf(WasmBuildException.class)
                .hasMessageStartingWith("npm ci failed with exit code ")
                .hasMessageContaining("  npm error")
                .hasMessageContaining("in sync")
                .hasMessageContaining("fix: correct package.json/package-lock.json");
        assertThat(errors).isNotEmpty().allMatch(l -> l.startsWith("npm error"));
    }

    private record CollectingLog(List<String> errors) implements BuildLog {
        @Override
        public void debug(String message) {}

        @Override
        public void info(String message) {}

        @Override
        public void warn(String message) {}

        @Override
        public void error(String message) {
            errors.add(message);
        }
    }

    @Test
    void shouldDropTheUsageHelpOfAUsageError() {
        // What npm 11 prints for `npm ci` with an out-of-sync lockfile (shortened help).
        var lines =
                NpmInstaller.npmErrorLines(
                        List.of(
                                "npm error code EUSAGE",
                                "npm error",
                                "npm error `npm ci` can only install packages when your"
                                        + " package.json and package-lock.json or"
                                        + " npm-shrinkwrap.json are in sync.",
                                "npm error",
                                "npm error Missing: is-number@7.0.0 from lock file",
                                "npm error",
                                "npm error Clean install a project",
                                "npm error",
                                "npm error Usage:",
                                "npm error npm ci",
                                "npm error",
                                "npm error Options:",
                                "npm error [--install-strategy <hoisted|nested|shallow|linked>]",
                                "npm error A complete log of this run can be found in: /x.log"));

        assertThat(lines)
                .containsExactly(
                        "npm error code EUSAGE",
                        "npm error `npm ci` can only install packages when your package.json and"
                                + " package-lock.json or npm-shrinkwrap.json are in sync.",
                        "npm error Missing: is-number@7.0.0 from lock file");
    }

    @Test
    void shouldFallBackToTheTailOfStderr() {
        assertThat(NpmInstaller.npmErrorLines(List.of("", "boom", ""))).containsExactly("boom");
    }
}
