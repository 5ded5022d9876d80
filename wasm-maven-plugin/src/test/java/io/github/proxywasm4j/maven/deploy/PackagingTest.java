package io.github.proxywasm4j.maven.deploy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.proxywasm4j.host.FailurePolicy;
import io.github.proxywasm4j.localproxy.Endpoint;
import io.github.proxywasm4j.maven.BuildLog;
import io.github.proxywasm4j.maven.WasmBuildException;
import io.github.proxywasm4j.maven.filter.FilterSettings;
import io.github.proxywasm4j.maven.image.ImageLabels;
import io.github.proxywasm4j.maven.image.ImageName;
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
    private final List<String> warnings = new ArrayList<>();

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
        assertThat(Packaging.outputs(request("{}"))).hasSize(4).allMatch(Files::isRegularFile);
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
                builder("{}").withImage(ImageName.parse("127.0.0.1:5000/my-filter:1.0", "x"));
        assertThat(Packaging.run(otherImage.build(), log()).upToDate()).isFalse();
        var otherPlugin = otherImage.withPluginVersion("0.2.0");
        assertThat(Packaging.run(otherPlugin.build(), log()).upToDate()).isFalse();
        var otherUpstream = otherPlugin.withEnvoyUpstream(Endpoint.of("backend.local", 8080));
        assertThat(Packaging.run(otherUpstream.build(), log()).upToDate()).isFalse();
        var otherPath = otherUpstream.withEnvoyModulePath("/etc/envoy/my-filter.wasm");
        assertThat(Packaging.run(otherPath.build(), log()).upToDate()).isFalse();
        var otherLabels = otherPath.withLabels(ImageLabels.builder().withRevision("abc").build());
        assertThat(Packaging.run(otherLabels.build(), log()).upToDate()).isFalse();
        assertThat(Packaging.run(otherLabels.build(), log()).upToDate()).isTrue();
    }

    @Test
    void withoutAnImageThereShouldBeNoWasmPluginAndOneMessageSayingHowToSetIt() {
        var result = Packaging.run(request("{}"), log());

        assertThat(result.upToDate()).isFalse();
        assertThat(dir.resolve("my-filter-wasmplugin.yaml")).doesNotExist();
        assertThat(warnings)
                .containsExactly(
                        "no Istio WasmPlugin written: it needs the image the module is pushed to,"
                                + " with a registry host (istiod drops a url like"
                                + " oci://my-filter:1.0-SNAPSHOT); fix: set"
                                + " -Dwasm.image=REGISTRY/REPOSITORY:TAG (or <image> in the"
                                + " plugin's configuration), e.g."
                                + " -Dwasm.image=registry.example.com/filters/my-filter:1.0, for"
                                + " both package and wasm:push");
        // the archive still holds the image, under a local name
        assertThat(result.image().orElseThrow().reference()).isEqualTo("my-filter:1.0");
    }

    @Test
    void aWasmPluginOfAnEarlierImageShouldNotOutliveTheSetting() {
        var withImage =
                builder("{}")
                        .withImage(ImageName.parse("127.0.0.1:5000/my-filter:1.0", "x"))
                        .build();
        Packaging.run(withImage, log());
        assertThat(dir.resolve("my-filter-wasmplugin.yaml")).isRegularFile();

        Packaging.run(request("{}"), log());

        assertThat(dir.resolve("my-filter-wasmplugin.yaml")).doesNotExist();
    }

    @Test
    void shouldCopyTheModuleAndWriteASha256sumLine() throws Exception {
        Packaging.run(request("{}"), log());

        assertThat(Files.readAllBytes(artifact)).isEqualTo(EMPTY_MODULE);
        // sha256 of the 8-byte empty module, as `sha256sum` prints it
        assertThat(dir.resolve("my-filter.wasm.sha256"))
                .content()
                .isEqualTo(
                        "93a44bbb96c751218e4c00d479e4c14358122a389acca16205b1e4d0dc5f9476 "
                                + " my-filter.wasm\n");
    }

    @Test
    void shouldExplainAMissingModule() throws Exception {
        Files.delete(module);

        assertThatThrownBy(() -> Packaging.run(request("{}"), log()))
                .isInstanceOf(WasmBuildException.class)
                .hasMessageStartingWith("No module to package at " + module);
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
        return builder(configuration).build();
    }

    private Packaging.Builder builder(String configuration) {
        return Packaging.builder(module, artifact, "my-filter", "1.0")
                .withFilter(FilterSettings.of("", configuration, FailurePolicy.FAIL_CLOSED))
                .withStateDirectory(dir.resolve("wasm-state"))
                .withPluginVersion("0.1.0");
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
            public void warn(String message) {
                warnings.add(message);
            }

            @Override
            public void error(String message) {}
        };
    }
}
