package io.github.proxywasm4j.maven.deploy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.proxywasm4j.host.FailurePolicy;
import io.github.proxywasm4j.maven.WasmBuildException;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.snakeyaml.engine.v2.api.Load;
import org.snakeyaml.engine.v2.api.LoadSettings;

class IstioWasmPluginTest {

    static final String SHA = EnvoyYamlTest.SHA;
    static final String DIGEST =
            "sha256:fedcba9876543210fedcba9876543210fedcba9876543210fedcba9876543210";

    static Deployment.Builder jsonConfigured() {
        return Deployment.builder("Add_Header", Path.of("/srv/filters/add-header.wasm"), SHA)
                .withRootId("add_header")
                .withConfiguration("{\"header\": \"hello\", \"value\": \"what ever you want\"}")
                .withImage("127.0.0.1:5000/add-header:1.0", DIGEST);
    }

    static Map<?, ?> parse(String yaml) {
        return (Map<?, ?>) new Load(LoadSettings.builder().build()).loadFromString(yaml);
    }

    @Test
    void shouldRenderAGoldenWasmPlugin() throws IOException {
        Golden.assertMatches(
                "wasmplugin.approved.yaml", IstioWasmPlugin.render(jsonConfigured().build()));
    }

    /** Field by field against the WasmPlugin table of deploy-formats (istio/api wasm.proto). */
    @Nested
    class Fields {

        final Map<?, ?> doc = parse(IstioWasmPlugin.render(jsonConfigured().build()));
        final Map<?, ?> spec = (Map<?, ?>) doc.get("spec");

        @Test
        void shouldBeAnExtensionsV1alpha1WasmPluginWithAKubernetesName() {
            assertThat(doc.get("apiVersion")).isEqualTo("extensions.istio.io/v1alpha1");
            assertThat(doc.get("kind")).isEqualTo("WasmPlugin");
            assertThat(((Map<?, ?>) doc.get("metadata")).get("name")).isEqualTo("add-header");
        }

        @Test
        void shouldUseOnlyFieldsOfTheWasmPluginSpec() {
            var known =
                    Set.of(
                            "selector",
                            "targetRef",
                            "targetRefs",
                            "url",
                            "sha256",
                            "imagePullPolicy",
                            "imagePullSecret",
                            "verificationKey",
                            "pluginConfig",
                            "pluginName",
                            "phase",
                            "priority",
                            "failStrategy",
                            "vmConfig",
                            "match",
                            "type");
            assertThat(spec.keySet()).allMatch(known::contains);
        }

        @Test
        void urlShouldBeAnOciReferenceAndSha256TheManifestDigest() {
            assertThat(spec.get("url")).isEqualTo("oci://127.0.0.1:5000/add-header:1.0");
            assertThat((String) spec.get("sha256"))
                    .matches("^[a-f0-9]{64}$")
                    .isEqualTo(DIGEST.substring("sha256:".length()));
        }

        @Test
        void pluginNameShouldBeTheRootId() {
            assertThat(spec.get("pluginName")).isEqualTo("add_header");
            assertThat(((String) spec.get("pluginName")).length()).isBetween(1, 256);
        }

        @Test
        void pluginConfigShouldBeAStructOfTheJsonConfiguration() {
            assertThat(spec.get("pluginConfig"))
                    .isEqualTo(Map.of("header", "hello", "value", "what ever you want"));
        }

        @Test
        void imagePullPolicyShouldBeAnIstioValue() {
            assertThat(spec.get("imagePullPolicy"))
                    .isIn("UNSPECIFIED_POLICY", "IfNotPresent", "Always")
                    .isEqualTo("IfNotPresent");
        }

        @Test
        void failStrategyShouldUseIstiosSpelling() {
            assertThat(spec.get("failStrategy")).isEqualTo("FAIL_CLOSE");
            assertThat(
                            parse(
                                            IstioWasmPlugin.render(
                                                    jsonConfigured()
                                                            .withFailurePolicy(
                                                                    FailurePolicy.FAIL_OPEN)
                                                            .build()))
                                    .get("spec"))
                    .extracting(s -> ((Map<?, ?>) s).get("failStrategy"))
                    .isEqualTo("FAIL_OPEN");
            assertThat(
                            IstioWasmPlugin.failStrategy(
                                    jsonConfigured()
                                            .withFailurePolicy(FailurePolicy.FAIL_RELOAD)
                                            .build()))
                    .isEqualTo("FAIL_RELOAD");
        }

        @Test
        void shouldHaveNoSelectorSoItAppliesToTheNamespace() {
            assertThat(spec.containsKey("selector")).isFalse();
        }
    }

    @Nested
    class WithoutImage {

        @Test
        void shouldPointAtTheModuleFileWithItsSha256() {
            var spec =
                    (Map<?, ?>)
                            parse(
                                            IstioWasmPlugin.render(
                                                    Deployment.builder(
                                                                    "add-header",
                                                                    Path.of(
                                                                            "/srv/filters/add-header.wasm"),
                                                                    SHA)
                                                            .withRootId("add_header")
                                                            .build()))
                                    .get("spec");

            assertThat(spec.get("url")).isEqualTo("file:///srv/filters/add-header.wasm");
            assertThat(spec.get("sha256")).isEqualTo(SHA);
            assertThat(spec.containsKey("pluginConfig")).isFalse();
        }
    }

    @Nested
    class Configuration {

        @Test
        void textThatIsNotAJsonObjectShouldBeABuildErrorNotASilentOmission() {
            assertThatThrownBy(
                            () ->
                                    IstioWasmPlugin.render(
                                            jsonConfigured()
                                                    .withConfiguration("what ever you want")
                                                    .build()))
                    .isInstanceOf(WasmBuildException.class)
                    .hasMessageStartingWith(
                            "the plugin configuration \"what ever you want\" is not a JSON"
                                    + " object");
        }

        @Test
        void aJsonArrayIsNotAStructEither() {
            assertThatThrownBy(
                            () ->
                                    IstioWasmPlugin.render(
                                            jsonConfigured().withConfiguration("[1, 2]").build()))
                    .isInstanceOf(WasmBuildException.class);
        }

        @Test
        void nestedValuesShouldKeepTheirJsonTypes() {
            var spec =
                    (Map<?, ?>)
                            parse(
                                            IstioWasmPlugin.render(
                                                    jsonConfigured()
                                                            .withConfiguration(
                                                                    "{\"on\": true, \"n\": 5,"
                                                                        + " \"x\": null, \"l\":"
                                                                        + " [\"a\", {\"b\": 1.5}],"
                                                                        + " \"e\": {}}")
                                                            .build()))
                                    .get("spec");

            var config = (Map<?, ?>) spec.get("pluginConfig");
            assertThat(config.get("on")).isEqualTo(true);
            assertThat(config.get("n")).isEqualTo(5);
            assertThat(config.containsKey("x")).isTrue();
            assertThat(config.get("x")).isNull();
            assertThat(config.get("l")).isEqualTo(List.of("a", Map.of("b", 1.5)));
            assertThat(config.get("e")).isEqualTo(Map.of());
        }
    }
}
