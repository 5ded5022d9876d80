package io.github.proxywasm4j.maven.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.proxywasm4j.host.FailurePolicy;
import io.github.proxywasm4j.maven.BuildLog;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PackagingTest {
    private static final byte[] EMPTY_MODULE = {0, 'a', 's', 'm', 1, 0, 0, 0};
    // A custom section ("x", no payload) makes different bytes that are still a valid module.
    private static final byte[] OTHER_MODULE = {0, 'a', 's', 'm', 1, 0, 0, 0, 0, 2, 1, 'x'};

    @TempDir Path dir;
    private Path module;
    private Path artifact;
    private final List<String> infos = new ArrayList<>();

    @BeforeEach
    void writeModule() throws Exception {
        module = dir.resolve("wasm/optimized.wasm");
        Files.createDirectories(module.getParent());
        Files.write(module, EMPTY_MODULE);
        artifact = dir.resolve("my-filter.wasm");
    }

    @Test
    void firstRunShouldWriteEveryOutput() {
        var result = Packaging.run(request("{}"), log());

        assertThat(result.upToDate()).isFalse();
        assertThat(Packaging.outputs("my-filter", artifact)).allMatch(Files::isRegularFile);
        assertThat(dir.resolve("wasm-state/package.sha256"))
                .content()
                .contains(result.fingerprint());
    }

    @Test
    void unchangedInputsShouldSkipEveryOutputInOneLine() throws Exception {
        Packaging.run(request("{}"), log());
        var envoy = markEnvoyYaml();
        infos.clear();

        var result = Packaging.run(request("{}"), log());

        assertThat(result.upToDate()).isTrue();
        assertThat(result.artifactFile()).isEqualTo(artifact.toAbsolutePath());
        // not rewritten: the edit made after the first run is still there
        assertThat(envoy).content().endsWith("# marker\n");
        assertThat(infos).hasSize(1);
        assertThat(infos.get(0))
                .contains("are up to date")
                .contains(result.fingerprint().substring(0, 12));
    }

    @Test
    void changedConfigurationShouldRewriteEveryOutput() throws Exception {
        var first = Packaging.run(request("{\"a\":\"1\"}"), log());
        var envoy = markEnvoyYaml();

        var second = Packaging.run(request("{\"a\":\"2\"}"), log());

        assertThat(second.upToDate()).isFalse();
        assertThat(second.fingerprint()).isNotEqualTo(first.fingerprint());
        assertThat(envoy).content().doesNotContain("# marker").contains("\\\"a\\\":\\\"2\\\"");
        // and the next unchanged run is skipped again
        assertThat(Packaging.run(request("{\"a\":\"2\"}"), log()).upToDate()).isTrue();
    }

    @Test
    void changedModuleShouldRewriteTheArtifact() throws Exception {
        Packaging.run(request("{}"), log());
        Files.write(module, OTHER_MODULE);

        var result = Packaging.run(request("{}"), log());

        assertThat(result.upToDate()).isFalse();
        assertThat(Files.readAllBytes(artifact)).isEqualTo(OTHER_MODULE);
    }

    @Test
    void changedImageOrVersionShouldRewrite() {
        Packaging.run(request("{}"), log());
        var otherImage =
                new Packaging.Request(
                        module,
                        artifact,
                        "my-filter",
                        "1.0",
                        "",
                        "{}",
                        FailurePolicy.FAIL_CLOSED,
                        "127.0.0.1:5000/my-filter:1.0",
                        dir.resolve("wasm-state"),
                        "0.1.0");
        assertThat(Packaging.run(otherImage, log()).upToDate()).isFalse();
        var otherPlugin =
                new Packaging.Request(
                        module,
                        artifact,
                        "my-filter",
                        "1.0",
                        "",
                        "{}",
                        FailurePolicy.FAIL_CLOSED,
                        "127.0.0.1:5000/my-filter:1.0",
                        dir.resolve("wasm-state"),
                        "0.2.0");
        assertThat(Packaging.run(otherPlugin, log()).upToDate()).isFalse();
    }

    @Test
    void deletedOutputShouldRewriteEveryOutput() throws Exception {
        Packaging.run(request("{}"), log());
        var envoy = markEnvoyYaml();
        var archive = dir.resolve("my-filter-oci.tar");
        Files.delete(archive);

        var result = Packaging.run(request("{}"), log());

        assertThat(result.upToDate()).isFalse();
        assertThat(archive).isRegularFile();
        assertThat(envoy).content().doesNotContain("# marker");
    }

    private Path markEnvoyYaml() throws Exception {
        var envoy = dir.resolve("envoy.yaml");
        Files.writeString(envoy, "# marker\n", StandardOpenOption.APPEND);
        return envoy;
    }

    private Packaging.Request request(String configuration) {
        return new Packaging.Request(
                module,
                artifact,
                "my-filter",
                "1.0",
                "",
                configuration,
                FailurePolicy.FAIL_CLOSED,
                "my-filter:1.0",
                dir.resolve("wasm-state"),
                "0.1.0");
    }

    private BuildLog log() {
        return new BuildLog() {
            @Override
            public void debug(String message) {}

            @Override
            public void info(String message) {
                infos.add(message);
            }

            @Override
            public void warn(String message) {}

            @Override
            public void error(String message) {}
        };
    }
}
