package io.github.proxywasm4j.maven.deploy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.proxywasm4j.host.FailurePolicy;
import io.github.proxywasm4j.maven.BuildLog;
import io.github.proxywasm4j.maven.WasmBuildException;
import io.github.proxywasm4j.maven.filter.FilterSettings;
import io.github.proxywasm4j.maven.image.ImageName;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.snakeyaml.engine.v2.api.Load;
import org.snakeyaml.engine.v2.api.LoadSettings;

/**
 * The filter gets the same configuration from {@code envoy.yaml} as from the WasmPlugin: the
 * bytes of the bootstrap's StringValue (read with Envoy's API definitions) equal what istiod makes
 * of the WasmPlugin's {@code pluginConfig} (a Struct it serializes with jsonpb: compact, keys
 * sorted, numbers as Go doubles, Go's HTML-safe string escaping).
 */
class SameConfigurationTest {

    @TempDir Path dir;
    private Path module;
    private final List<String> warnings = new ArrayList<>();

    @BeforeEach
    void writeModule() throws Exception {
        module = dir.resolve("optimized.wasm");
        Files.write(module, new byte[] {0, 'a', 's', 'm', 1, 0, 0, 0});
    }

    /** Each pom text, and the text istiod's jsonpb writes for the same pluginConfig. */
    @ParameterizedTest
    @CsvSource(
            delimiter = '|',
            value = {
                "{\"value\": \"what ever you want\"}|{\"value\":\"what ever you want\"}",
                "{ \"b\": 1, \"a\": {\"y\": [true, null, 2.50], \"x\": \"<&>\"} }"
                    + "|{\"a\":{\"x\":\"\\u003c\\u0026\\u003e\",\"y\":[true,null,2.5]},\"b\":1}",
                "{\"big\": 1e21, \"small\": 0.0000001, \"int\": 100000000000000000000}"
                        + "|{\"big\":1e+21,\"int\":100000000000000000000,\"small\":1e-7}",
                "{\"é\": \"ü\\n\\t\\\"\", \"Z\": -0.5}|{\"Z\":-0.5,\"é\":\"ü\\n\\t\\\"\"}",
            })
    void theFilterShouldReadTheSameBytesFromEnvoyYamlAndFromTheWasmPlugin(String pom, String istiod)
            throws Exception {
        var files = packageWith(pom);

        var envoy = EnvoyApi.envoyConfiguration(files.envoyYaml());
        var plugin = EnvoyApi.pluginConfig(files.wasmPlugin());

        assertThat(envoy).isEqualTo(istiod);
        // and as JSON values, read by protobuf on both sides
        assertThat(EnvoyApi.struct(envoy)).isEqualTo(plugin).isEqualTo(EnvoyApi.struct(pom));
    }

    @Test
    void anEmptyObjectShouldReachTheFilterAsNoConfigurationInBoth() throws Exception {
        // istiod passes nothing when pluginConfig has no fields
        var files = packageWith("{ }");

        assertThat(EnvoyApi.envoyConfiguration(files.envoyYaml())).isEmpty();
        assertThat(((Map<?, ?>) files.wasmPlugin().get("spec")).containsKey("pluginConfig"))
                .isFalse();
    }

    @Test
    void noConfigurationShouldReachTheFilterAsNoConfigurationInBoth() throws Exception {
        var files = packageWith("");

        assertThat(EnvoyApi.envoyConfiguration(files.envoyYaml())).isEmpty();
        assertThat(((Map<?, ?>) files.wasmPlugin().get("spec")).containsKey("pluginConfig"))
                .isFalse();
    }

    @Test
    void textThatIsNotAJsonObjectShouldFailTheBuildWhenShippedToIstio() {
        assertThatThrownBy(() -> packageWith("what ever you want"))
                .isInstanceOf(WasmBuildException.class)
                .hasMessage(
                        "the plugin configuration \"what ever you want\" is not a JSON object, and"
                                + " the Istio WasmPlugin can only carry a JSON object"
                                + " (pluginConfig): under Istio the filter would get nothing,"
                                + " under Envoy this text; fix: make <pluginConfiguration>"
                                + " (-Dwasm.pluginConfiguration) a JSON object, e.g. {\"value\":"
                                + " \"what ever you want\"}, and read it as JSON in the filter");
        // nothing written that would vouch for it
        assertThat(dir.resolve("my-filter-wasmplugin.yaml")).doesNotExist();
        assertThat(dir.resolve("envoy.yaml")).doesNotExist();
    }

    @Test
    void textThatIsNotAJsonObjectShouldStillRunUnderEnvoyWithoutAnImage() throws Exception {
        var request =
                Packaging.builder(module, dir.resolve("my-filter.wasm"), "my-filter", "1.0")
                        .withFilter(
                                FilterSettings.of(
                                        "", "what ever you want", FailurePolicy.FAIL_CLOSED))
                        .build();

        Packaging.run(request, log());

        assertThat(EnvoyApi.envoyConfiguration(Files.readString(dir.resolve("envoy.yaml"))))
                .isEqualTo("what ever you want");
        assertThat(dir.resolve("my-filter-wasmplugin.yaml")).doesNotExist();
    }

    record Files2(String envoyYaml, Map<?, ?> wasmPlugin) {}

    private Files2 packageWith(String configuration) throws Exception {
        var request =
                Packaging.builder(module, dir.resolve("my-filter.wasm"), "my-filter", "1.0")
                        .withFilter(
                                FilterSettings.of(
                                        "add_header", configuration, FailurePolicy.FAIL_CLOSED))
                        .withImage(ImageName.parse("127.0.0.1:5000/my-filter:1.0", "-Dwasm.image"))
                        .build();
        Packaging.run(request, log());
        return new Files2(
                Files.readString(dir.resolve("envoy.yaml")),
                (Map<?, ?>)
                        new Load(LoadSettings.builder().build())
                                .loadFromString(
                                        Files.readString(
                                                dir.resolve("my-filter-wasmplugin.yaml"))));
    }

    private BuildLog log() {
        return new BuildLog() {
            @Override
            public void debug(String message) {}

            @Override
            public void info(String message) {}

            @Override
            public void warn(String message) {
                warnings.add(message);
            }

            @Override
            public void error(String message) {}
        };
    }
}
