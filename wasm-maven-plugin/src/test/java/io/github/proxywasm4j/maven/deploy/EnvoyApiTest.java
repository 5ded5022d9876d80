package io.github.proxywasm4j.maven.deploy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.protobuf.InvalidProtocolBufferException;
import io.envoyproxy.envoy.config.cluster.v3.Cluster;
import io.envoyproxy.envoy.extensions.wasm.v3.FailurePolicy;
import io.github.proxywasm4j.localproxy.Endpoint;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** Every envoy.yaml the plugin can write parses strictly as Envoy's v3 Bootstrap. */
class EnvoyApiTest {

    static final Path MODULE = Path.of("/srv/filters/add-header.wasm");

    static Stream<Deployment> deployments() {
        return Stream.of(
                EnvoyYamlTest.seedLike(MODULE).build(),
                EnvoyYamlTest.seedLike(MODULE)
                        .withConfiguration("{\"value\": \"what ever you want\", \"n\": [1, 2.5]}")
                        .build(),
                EnvoyYamlTest.seedLike(MODULE).withConfiguration("").build(),
                EnvoyYamlTest.seedLike(MODULE)
                        .withFailurePolicy(io.github.proxywasm4j.host.FailurePolicy.FAIL_OPEN)
                        .withUpstream(Endpoint.of("backend.local", 8080))
                        .withEnvoyModulePath("/etc/envoy/add-header.wasm")
                        .build(),
                EnvoyYamlTest.seedLike(MODULE)
                        .withFailurePolicy(io.github.proxywasm4j.host.FailurePolicy.FAIL_RELOAD)
                        .withUpstream(Endpoint.of("10.0.0.7", 80))
                        .build());
    }

    @ParameterizedTest
    @MethodSource("deployments")
    void shouldParseStrictlyAsAV3Bootstrap(Deployment d) throws Exception {
        var bootstrap = EnvoyApi.bootstrap(EnvoyYaml.render(d));

        var wasm = EnvoyApi.wasmFilter(bootstrap).getConfig();
        assertThat(wasm.getRootId()).isEqualTo(d.rootId());
        assertThat(wasm.getVmConfig().getRuntime()).isEqualTo("envoy.wasm.runtime.v8");
        assertThat(wasm.getVmConfig().getCode().getLocal().getFilename())
                .isEqualTo(d.envoyModulePath());
        assertThat(wasm.getFailurePolicy().name())
                .isIn(d.failurePolicy().name(), FailurePolicy.UNSPECIFIED.name());
        var cluster = bootstrap.getStaticResources().getClusters(0);
        var address =
                cluster.getLoadAssignment()
                        .getEndpoints(0)
                        .getLbEndpoints(0)
                        .getEndpoint()
                        .getAddress()
                        .getSocketAddress();
        var upstream = d.upstream().orElse(d.admin());
        assertThat(address.getAddress()).isEqualTo(upstream.host());
        assertThat(address.getPortValue()).isEqualTo(upstream.port());
        assertThat(cluster.getType())
                .isEqualTo(
                        upstream.host().matches("[0-9.]+")
                                ? Cluster.DiscoveryType.STATIC
                                : Cluster.DiscoveryType.STRICT_DNS);
        assertThat(bootstrap.getAdmin().getAddress().getSocketAddress().getPortValue())
                .isEqualTo(9901);
    }

    @Test
    void aFieldEnvoyDoesNotKnowShouldBeRefused() {
        var yaml =
                EnvoyYaml.render(EnvoyYamlTest.seedLike(MODULE).build())
                        .replace("root_id:", "root_identifier:");

        assertThatThrownBy(() -> EnvoyApi.bootstrap(yaml))
                .isInstanceOf(InvalidProtocolBufferException.class)
                .hasMessageContaining("root_identifier");
    }
}
