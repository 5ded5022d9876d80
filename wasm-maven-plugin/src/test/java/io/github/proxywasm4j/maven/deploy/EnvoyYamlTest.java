package io.github.proxywasm4j.maven.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.proxywasm4j.host.FailurePolicy;
import io.github.proxywasm4j.localproxy.Cluster;
import io.github.proxywasm4j.localproxy.Endpoint;
import io.github.proxywasm4j.localproxy.EnvoyBootstrap;
import io.github.proxywasm4j.localproxy.Route;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class EnvoyYamlTest {

    static final String SHA = "0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef";

    @TempDir Path dir;

    static Deployment.Builder seedLike(Path module) {
        return Deployment.builder("add-header", module, SHA)
                .withRootId("add_header")
                .withConfiguration("what ever you want");
    }

    @Test
    void shouldRenderTheSeedsShapeInV3() throws IOException {
        var yaml = EnvoyYaml.render(seedLike(Path.of("/srv/filters/add-header.wasm")).build());

        Golden.assertMatches("envoy.approved.yaml", yaml);
    }

    @Test
    void shouldWriteANonDefaultFailurePolicyAndAnUpstream() throws IOException {
        var yaml =
                EnvoyYaml.render(
                        seedLike(Path.of("/srv/filters/add-header.wasm"))
                                .withFailurePolicy(FailurePolicy.FAIL_OPEN)
                                .withUpstream(Endpoint.of("backend.local", 8080))
                                .build());

        Golden.assertMatches("envoy-fail-open-upstream.approved.yaml", yaml);
    }

    @Test
    void shouldBeReadBackByTheLocalProxyWithoutWarnings() throws IOException {
        var module = dir.resolve("add-header.wasm");
        Files.write(module, new byte[] {0, 'a', 's', 'm', 1, 0, 0, 0});
        var file = dir.resolve("envoy.yaml");
        Files.writeString(file, EnvoyYaml.render(seedLike(module).build()), StandardCharsets.UTF_8);

        var bootstrap = EnvoyBootstrap.read(file, dir);

        assertThat(bootstrap.warnings()).isEmpty();
        var listener = bootstrap.listeners().get(0);
        assertThat(listener.address()).isEqualTo(Endpoint.loopback(10000));
        var filter = listener.filters().get(0);
        assertThat(filter.module()).isEqualTo(module);
        assertThat(filter.rootId()).isEqualTo("add_header");
        assertThat(new String(filter.configuration(), StandardCharsets.UTF_8))
                .isEqualTo("what ever you want");
        assertThat(listener.virtualHosts().get(0).routes())
                .containsExactly(Route.prefix("/", "web_service"));
        assertThat(bootstrap.clusters())
                .extracting(Cluster::name, Cluster::endpoints)
                .containsExactly(
                        org.assertj.core.groups.Tuple.tuple(
                                "web_service", java.util.List.of(Endpoint.loopback(9901))));
        assertThat(bootstrap.admin()).contains(Endpoint.loopback(9901));
    }
}
