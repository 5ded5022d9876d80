package io.github.proxywasm4j.localproxy.internal;

import io.github.proxywasm4j.localproxy.Cluster;
import io.github.proxywasm4j.localproxy.Endpoint;
import io.github.proxywasm4j.localproxy.Listener;
import io.github.proxywasm4j.localproxy.Route;
import io.github.proxywasm4j.localproxy.VirtualHost;
import io.github.proxywasm4j.localproxy.WasmFilter;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Envoy's {@code /config_dump} of what the local proxy loaded and serves: a {@code
 * BootstrapConfigDump}, a {@code ListenersConfigDump} and a {@code ClustersConfigDump}, each
 * written in Envoy's v3 field names. Fields the proxy ignored are not in it: it shows what
 * serves, not what the file said.
 */
public final class ConfigDump {

    private static final String ADMIN = "type.googleapis.com/envoy.admin.v3.";
    private static final String STRING_VALUE = "type.googleapis.com/google.protobuf.StringValue";

    private final List<Listener> listeners;
    private final List<Cluster> clusters;
    private final Map<String, Endpoint> listenerAddresses;
    private final Optional<Endpoint> admin;
    private final String loaded = Instant.now().toString();

    /**
     * @param listenerAddresses the bound address of each listener by name (a port 0 resolved)
     */
    public ConfigDump(
            List<Listener> listeners,
            List<Cluster> clusters,
            Map<String, Endpoint> listenerAddresses,
            Optional<Endpoint> admin) {
        this.listeners = List.copyOf(listeners);
        this.clusters = List.copyOf(clusters);
        this.listenerAddresses = Map.copyOf(listenerAddresses);
        this.admin = admin;
    }

    public String json() {
        var bootstrap = new LinkedHashMap<String, Object>();
        var statics = new LinkedHashMap<String, Object>();
        statics.put("listeners", listeners.stream().map(this::listener).toList());
        statics.put("clusters", clusters.stream().map(ConfigDump::cluster).toList());
        bootstrap.put("static_resources", statics);
        admin.ifPresent(a -> bootstrap.put("admin", Map.of("address", address(a))));
        var configs = new ArrayList<Object>();
        configs.add(
                ordered(
                        "@type", ADMIN + "BootstrapConfigDump",
                        "bootstrap", bootstrap,
                        "last_updated", loaded));
        configs.add(
                ordered(
                        "@type",
                        ADMIN + "ListenersConfigDump",
                        "static_listeners",
                        listeners.stream()
                                .map(l -> ordered("listener", listener(l), "last_updated", loaded))
                                .toList()));
        configs.add(
                ordered(
                        "@type",
                        ADMIN + "ClustersConfigDump",
                        "static_clusters",
                        clusters.stream()
                                .map(c -> ordered("cluster", cluster(c), "last_updated", loaded))
                                .toList()));
        return Json.write(Map.of("configs", configs)) + "\n";
    }

    private Map<String, Object> listener(Listener l) {
        var httpFilters = new ArrayList<Object>();
        for (var f : l.filters()) {
            httpFilters.add(ordered("name", "envoy.filters.http.wasm", "typed_config", wasm(f)));
        }
        httpFilters.add(
                ordered(
                        "name",
                        "envoy.filters.http.router",
                        "typed_config",
                        Map.of("@type", EnvoyTypes.ROUTER)));
        var hcm =
                ordered(
                        "@type",
                        EnvoyTypes.HCM,
                        "stat_prefix",
                        l.statPrefix(),
                        "route_config",
                        Map.of(
                                "virtual_hosts",
                                l.virtualHosts().stream().map(ConfigDump::virtualHost).toList()),
                        "http_filters",
                        httpFilters);
        return ordered(
                "name", l.name(),
                "address", address(listenerAddresses.getOrDefault(l.name(), l.address())),
                "filter_chains",
                        List.of(
                                Map.of(
                                        "filters",
                                        List.of(
                                                ordered(
                                                        "name",
                                                        "envoy.filters.network"
                                                                + ".http_connection_manager",
                                                        "typed_config",
                                                        hcm)))));
    }

    private static Map<String, Object> wasm(WasmFilter f) {
        var vm = new LinkedHashMap<String, Object>();
        vm.put("vm_id", f.vmId());
        vm.put("runtime", "envoy.wasm.runtime.v8");
        vm.put("code", Map.of("local", Map.of("filename", f.module().toString())));
        if (f.vmConfiguration().length > 0) {
            vm.put("configuration", stringValue(f.vmConfiguration()));
        }
        var config = new LinkedHashMap<String, Object>();
        config.put("name", f.name());
        config.put("root_id", f.rootId());
        config.put("vm_config", vm);
        if (f.configuration().length > 0) {
            config.put("configuration", stringValue(f.configuration()));
        }
        config.put("failure_policy", f.failurePolicy().name());
        return ordered("@type", EnvoyTypes.WASM, "config", config);
    }

    private static Map<String, Object> stringValue(byte[] value) {
        return ordered("@type", STRING_VALUE, "value", new String(value, StandardCharsets.UTF_8));
    }

    private static Map<String, Object> virtualHost(VirtualHost vh) {
        return ordered(
                "name", vh.name(),
                "domains", vh.domains(),
                "routes", vh.routes().stream().map(ConfigDump::route).toList());
    }

    private static Map<String, Object> route(Route r) {
        return ordered(
                "match", Map.of(r.exact() ? "path" : "prefix", r.match()),
                "route", Map.of("cluster", r.cluster()));
    }

    private static Map<String, Object> cluster(Cluster c) {
        var endpoints =
                c.endpoints().stream()
                        .map(e -> Map.of("endpoint", Map.of("address", address(e))))
                        .toList();
        return ordered(
                "name", c.name(),
                "type", "STATIC",
                "connect_timeout", duration(c.connectTimeout()),
                "load_assignment",
                        ordered(
                                "cluster_name",
                                c.name(),
                                "endpoints",
                                List.of(Map.of("lb_endpoints", endpoints))));
    }

    static Map<String, Object> address(Endpoint e) {
        return Map.of("socket_address", ordered("address", e.host(), "port_value", e.port()));
    }

    // protobuf's JSON form of a Duration: seconds with up to nine decimals and an "s".
    private static String duration(Duration d) {
        if (d.getNano() == 0) {
            return d.getSeconds() + "s";
        }
        var nanos = String.format("%09d", d.getNano()).replaceAll("0+$", "");
        return d.getSeconds() + "." + nanos + "s";
    }

    private static Map<String, Object> ordered(Object... keysAndValues) {
        var map = new LinkedHashMap<String, Object>();
        for (int i = 0; i < keysAndValues.length; i += 2) {
            map.put((String) keysAndValues[i], keysAndValues[i + 1]);
        }
        return map;
    }
}
