package io.github.proxywasm4j.maven.deploy;

import io.github.proxywasm4j.host.FailurePolicy;

/**
 * Renders an Envoy v3 bootstrap like the seed's: one listener, the wasm filter, the router and one
 * static cluster. Only v3 names and {@code typed_config} with a single {@code config:} level are
 * written; the configuration is a {@code StringValue}, so Envoy passes its bytes unchanged.
 */
public final class EnvoyYaml {

    private EnvoyYaml() {}

    /** The bootstrap YAML for {@code deployment}. */
    public static String render(Deployment d) {
        var upstream = d.upstream().orElse(d.admin());
        var filterName = d.rootId().isEmpty() ? d.name() : d.rootId();
        var out = new StringBuilder();
        out.append("# Envoy v3 bootstrap for ")
                .append(d.name())
                .append(": listener -> wasm filter -> router -> cluster.\n");
        out.append("# Run it locally with: mvn wasm:run -Dwasm.envoyConfig=<this file>\n");
        out.append("# or with Envoy itself:  func-e run -c <this file>\n");
        out.append("# For shipping, two settings of wasm:package change this file:\n");
        out.append(
                "# - vm_config.code.local.filename, where Envoy reads the module:"
                        + " <envoyModulePath>\n");
        out.append("#   (-Dwasm.envoyModulePath); ")
                .append(
                        d.hasEnvoyModulePath()
                                ? "set to the module's path on the Envoy host.\n"
                                : "now this build's module, which runs only on this machine.\n");
        out.append(
                "# - the web_service cluster, where requests go after the filter:"
                        + " <envoyUpstream>\n");
        out.append("#   (-Dwasm.envoyUpstream=host:port); ")
                .append(
                        d.upstream().isPresent()
                                ? "set to " + d.upstream().get() + ".\n"
                                : "now Envoy's own admin listener, so that it answers without"
                                        + " any other server.\n");
        out.append("static_resources:\n");
        out.append("  listeners:\n");
        out.append("  - name: main\n");
        out.append("    address:\n");
        socket(out, "      ", d.listener().host(), d.listener().port());
        out.append("    filter_chains:\n");
        out.append("    - filters:\n");
        out.append("      - name: envoy.filters.network.http_connection_manager\n");
        out.append("        typed_config:\n");
        out.append("          \"@type\": type.googleapis.com/envoy.extensions.filters.network")
                .append(".http_connection_manager.v3.HttpConnectionManager\n");
        out.append("          stat_prefix: ingress_http\n");
        out.append("          codec_type: AUTO\n");
        out.append("          route_config:\n");
        out.append("            name: local_route\n");
        out.append("            virtual_hosts:\n");
        out.append("            - name: local_service\n");
        out.append("              domains:\n");
        out.append("              - \"*\"\n");
        out.append("              routes:\n");
        out.append("              - match:\n");
        out.append("                  prefix: \"/\"\n");
        out.append("                route:\n");
        out.append("                  cluster: web_service\n");
        out.append("          http_filters:\n");
        out.append("          - name: envoy.filters.http.wasm\n");
        out.append("            typed_config:\n");
        out.append("              \"@type\": type.googleapis.com/envoy.extensions.filters.http")
                .append(".wasm.v3.Wasm\n");
        out.append("              config:\n");
        out.append("                name: ").append(YamlText.quote(filterName)).append('\n');
        out.append("                root_id: ").append(YamlText.quote(d.rootId())).append('\n');
        if (d.failurePolicy() != FailurePolicy.FAIL_CLOSED) {
            // failure_policy is recent (older Envoys reject it), so only a non-default is written.
            out.append("                failure_policy: ")
                    .append(d.failurePolicy().name())
                    .append('\n');
        }
        // A JSON object is written as istiod serializes the WasmPlugin's pluginConfig, so the
        // filter reads the same bytes under Envoy and under Istio.
        var configuration = d.pluginConfiguration().filterBytes();
        if (!configuration.isEmpty()) {
            out.append("                configuration:\n");
            out.append("                  \"@type\": type.googleapis.com/google.protobuf")
                    .append(".StringValue\n");
            out.append("                  value: ")
                    .append(YamlText.quote(configuration))
                    .append('\n');
        }
        out.append("                vm_config:\n");
        out.append("                  vm_id: ").append(YamlText.quote(filterName)).append('\n');
        out.append("                  runtime: envoy.wasm.runtime.v8\n");
        out.append("                  code:\n");
        out.append("                    local:\n");
        out.append("                      filename: ")
                .append(YamlText.quote(d.envoyModulePath()))
                .append('\n');
        out.append("          - name: envoy.filters.http.router\n");
        out.append("            typed_config:\n");
        out.append("              \"@type\": type.googleapis.com/envoy.extensions.filters.http")
                .append(".router.v3.Router\n");
        out.append("  clusters:\n");
        out.append("  - name: web_service\n");
        out.append("    connect_timeout: 0.25s\n");
        // STATIC takes IP addresses only; a host name needs DNS.
        var ip = upstream.host().matches("[0-9.]+|.*:.*");
        out.append("    type: ").append(ip ? "STATIC" : "STRICT_DNS").append('\n');
        out.append("    lb_policy: ROUND_ROBIN\n");
        out.append("    load_assignment:\n");
        out.append("      cluster_name: web_service\n");
        out.append("      endpoints:\n");
        out.append("      - lb_endpoints:\n");
        out.append("        - endpoint:\n");
        out.append("            address:\n");
        socket(out, "              ", upstream.host(), upstream.port());
        out.append("admin:\n");
        out.append("  address:\n");
        socket(out, "    ", d.admin().host(), d.admin().port());
        return out.toString();
    }

    private static void socket(StringBuilder out, String indent, String host, int port) {
        out.append(indent).append("socket_address:\n");
        out.append(indent).append("  address: ").append(host).append('\n');
        out.append(indent).append("  port_value: ").append(port).append('\n');
    }
}
