package io.github.proxywasm4j.localproxy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.proxywasm4j.host.FailurePolicy;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class EnvoyBootstrapTest {

    @TempDir Path dir;

    Path module() throws IOException {
        var module = dir.resolve("plugin.wasm");
        Files.write(module, new byte[] {0, 'a', 's', 'm', 1, 0, 0, 0});
        return module;
    }

    // Reads a test bootstrap after textual replacements (pairs: from, to).
    EnvoyBootstrap read(String resource, String... replacements) throws IOException {
        try (var in = getClass().getResourceAsStream("/envoy/" + resource)) {
            var text = new String(in.readAllBytes(), StandardCharsets.UTF_8);
            for (int i = 0; i < replacements.length; i += 2) {
                text = text.replace(replacements[i], replacements[i + 1]);
            }
            var file = dir.resolve(resource);
            Files.writeString(file, text);
            return EnvoyBootstrap.read(file, dir);
        }
    }

    @Nested
    class SeedV2Form {

        @Test
        void shouldReadListenerFilterRouteClusterAndAdmin() throws IOException {
            var module = module();
            var bootstrap =
                    read("seed-v2.yaml", "/PATH/TO/CODE/build/optimized.wasm", module.toString());

            assertThat(bootstrap.listeners()).hasSize(1);
            var listener = bootstrap.listeners().get(0);
            assertThat(listener.name()).isEqualTo("main");
            assertThat(listener.address()).isEqualTo(Endpoint.of("0.0.0.0", 8080));
            assertThat(listener.statPrefix()).isEqualTo("ingress_http");
            assertThat(listener.filters())
                    .containsExactly(
                            WasmFilter.builder(module)
                                    .withName("add_header")
                                    .withRootId("add_header")
                                    .withVmId("my_vm_id")
                                    .withConfiguration("what ever you want")
                                    .withFailurePolicy(FailurePolicy.FAIL_CLOSED)
                                    .build());
            assertThat(listener.virtualHosts())
                    .containsExactly(
                            new VirtualHost(
                                    "local_service",
                                    List.of("*"),
                                    List.of(Route.prefix("/", "web_service"))));
            assertThat(bootstrap.clusters())
                    .containsExactly(
                            Cluster.of("web_service", Endpoint.loopback(8001))
                                    .withConnectTimeout(Duration.ofMillis(250)));
            assertThat(bootstrap.admin()).contains(Endpoint.of("0.0.0.0", 8001));
        }

        @Test
        void shouldNotWarnAboutAnyFieldOfTheSeed() throws IOException {
            var bootstrap =
                    read("seed-v2.yaml", "/PATH/TO/CODE/build/optimized.wasm", module().toString());

            assertThat(bootstrap.warnings()).isEmpty();
        }
    }

    @Nested
    class V3Form {

        @Test
        void shouldReadTypedConfigWithStringValueConfiguration() throws IOException {
            var module = module();
            var bootstrap = read("v3.yaml", "MODULE", "plugin.wasm");

            var listener = bootstrap.listeners().get(0);
            assertThat(listener.address()).isEqualTo(Endpoint.loopback(10000));
            assertThat(listener.statPrefix()).isEqualTo("edge");
            var filter = listener.filters().get(0);
            assertThat(filter.module()).isEqualTo(module);
            assertThat(filter.rootId()).isEqualTo("add_header");
            assertThat(new String(filter.configuration(), StandardCharsets.UTF_8))
                    .isEqualTo("what ever you want");
            assertThat(filter.failurePolicy()).isEqualTo(FailurePolicy.FAIL_OPEN);
            assertThat(listener.virtualHosts().get(0).routes())
                    .containsExactly(Route.prefix("/api", "api"), Route.path("/", "api"));
            assertThat(bootstrap.clusters().get(0).endpoints())
                    .containsExactly(Endpoint.loopback(9000), Endpoint.of("localhost", 9001));
            assertThat(bootstrap.admin()).isEmpty();
        }

        @Test
        void shouldWarnNamingEveryUnsupportedField() throws IOException {
            module();
            var bootstrap = read("v3.yaml", "MODULE", "plugin.wasm");

            assertThat(bootstrap.warnings())
                    .containsExactly(
                            "v3.yaml: static_resources.clusters[0].transport_socket is not"
                                    + " supported by the local proxy; the cluster is reached over"
                                    + " plain HTTP",
                            "v3.yaml: static_resources.listeners[0].filter_chains[0].filters[0]"
                                    + ".typed_config.http_filters[1] (http filter"
                                    + " 'envoy.filters.http.cors') is not supported by the local"
                                    + " proxy; requests skip it",
                            "v3.yaml: static_resources.listeners[0].filter_chains[0].filters[0]"
                                    + ".typed_config.generate_request_id is not supported by the"
                                    + " local proxy and is ignored",
                            "v3.yaml: overload_manager is not supported by the local proxy and is"
                                    + " ignored");
        }

        @Test
        void shouldSerializeStructConfigurationAsJson() throws IOException {
            module();
            var bootstrap =
                    read(
                            "v3.yaml",
                            "MODULE",
                            "plugin.wasm",
                            "protobuf.StringValue",
                            "protobuf.Struct",
                            "value: \"what ever you want\"",
                            "value: {header: hello, n: 2, on: [true]}");

            var configuration = bootstrap.listeners().get(0).filters().get(0).configuration();
            assertThat(new String(configuration, StandardCharsets.UTF_8))
                    .isEqualTo("{\"header\":\"hello\",\"n\":2,\"on\":[true]}");
        }
    }

    @Nested
    class Errors {

        @Test
        void shouldNameAMissingModuleAndTheFix() throws IOException {
            assertThatThrownBy(() -> read("v3.yaml", "MODULE", "missing.wasm"))
                    .isInstanceOf(EnvoyConfigException.class)
                    .hasMessage(
                            "v3.yaml: static_resources.listeners[0].filter_chains[0].filters[0]"
                                    + ".typed_config.http_filters[0].typed_config.config.vm_config"
                                    + ".code.local.filename is missing.wasm, but "
                                    + dir.resolve("missing.wasm")
                                    + " does not exist; fix: build the filter (mvn package) or"
                                    + " correct the path");
        }

        @Test
        void shouldNameAnUndefinedCluster() throws IOException {
            module();
            assertThatThrownBy(
                            () ->
                                    read(
                                            "v3.yaml",
                                            "MODULE",
                                            "plugin.wasm",
                                            "cluster: api }",
                                            "cluster: apx }"))
                    .isInstanceOf(EnvoyConfigException.class)
                    .hasMessage(
                            "v3.yaml: a route of listener 'listener_0' names cluster 'apx', which"
                                    + " static_resources.clusters does not define (defined:"
                                    + " [api]); fix: add the cluster or correct the route");
        }

        @Test
        void shouldRejectAFileThatIsNotYaml() throws IOException {
            var file = dir.resolve("bad.yaml");
            Files.writeString(file, "static_resources: [");
            assertThatThrownBy(() -> EnvoyBootstrap.read(file, dir))
                    .isInstanceOf(EnvoyConfigException.class)
                    .hasMessageStartingWith("bad.yaml is not valid YAML: ")
                    .hasMessageEndingWith("; fix: correct the syntax");
        }

        @Test
        void shouldRejectAnUnknownFailurePolicy() throws IOException {
            module();
            assertThatThrownBy(
                            () ->
                                    read(
                                            "v3.yaml",
                                            "MODULE",
                                            "plugin.wasm",
                                            "failure_policy: FAIL_OPEN",
                                            "failure_policy: FAIL_SOMETIMES"))
                    .isInstanceOf(EnvoyConfigException.class)
                    .hasMessage(
                            "v3.yaml: static_resources.listeners[0].filter_chains[0].filters[0]"
                                    + ".typed_config.http_filters[0].typed_config.config"
                                    + ".failure_policy is 'FAIL_SOMETIMES', expected FAIL_CLOSED,"
                                    + " FAIL_OPEN or FAIL_RELOAD; fix: correct that field");
        }
    }
}
