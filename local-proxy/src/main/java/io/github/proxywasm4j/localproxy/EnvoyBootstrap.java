package io.github.proxywasm4j.localproxy;

import io.github.proxywasm4j.host.FailurePolicy;
import io.github.proxywasm4j.localproxy.internal.BoundedYaml;
import io.github.proxywasm4j.localproxy.internal.EnvoyTypes;
import io.github.proxywasm4j.localproxy.internal.Json;
import io.github.proxywasm4j.localproxy.internal.YamlCursor;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * An Envoy bootstrap file read as local proxy configuration: listeners with their HTTP connection
 * manager (routes and wasm filters), static clusters and the admin listener.
 *
 * <p>Both the v3 {@code typed_config} form and the 2020 v2 form ({@code
 * envoy.http_connection_manager}, {@code config: config:}, {@code envoy.router}) are read. Every
 * field the local proxy does not support ends up in {@link #warnings()}, naming the field.
 *
 * <pre>{@code
 * var bootstrap = EnvoyBootstrap.read(Path.of("envoy.yaml"));
 * bootstrap.warnings().forEach(System.err::println);
 * try (var proxy = LocalProxy.builder().withBootstrap(bootstrap).start()) { ... }
 * }</pre>
 */
public final class EnvoyBootstrap {

    private static final String SOCKET_EXAMPLE =
            "socket_address: {address: 127.0.0.1, port_value: 10000}";

    private final List<Listener> listeners;
    private final List<Cluster> clusters;
    private final Optional<Endpoint> admin;
    private final List<String> warnings;

    private EnvoyBootstrap(
            List<Listener> listeners,
            List<Cluster> clusters,
            Optional<Endpoint> admin,
            List<String> warnings) {
        this.listeners = List.copyOf(listeners);
        this.clusters = List.copyOf(clusters);
        this.admin = admin;
        this.warnings = List.copyOf(warnings);
    }

    /**
     * Reads an Envoy bootstrap file; relative module paths are resolved against the current
     * directory, as Envoy does.
     *
     * @throws EnvoyConfigException when the file cannot be read or a field is wrong
     */
    public static EnvoyBootstrap read(Path file) {
        return read(file, Path.of("").toAbsolutePath());
    }

    /** Reads an Envoy bootstrap file, resolving relative module paths against {@code baseDir}. */
    public static EnvoyBootstrap read(Path file, Path baseDir) {
        var source = file.getFileName() == null ? file.toString() : file.getFileName().toString();
        String text;
        try (var in = Files.newInputStream(file)) {
            // Never more than the bound: the file may be huge, or a device that never ends.
            var bytes = in.readNBytes(BoundedYaml.MAX_CHARS + 1);
            if (bytes.length > BoundedYaml.MAX_CHARS) {
                throw BoundedYaml.tooLarge(file.toString(), "bytes");
            }
            text = StandardCharsets.UTF_8.newDecoder().decode(ByteBuffer.wrap(bytes)).toString();
        } catch (IOException e) {
            throw new EnvoyConfigException(
                    "cannot read the Envoy configuration "
                            + file
                            + " ("
                            + e
                            + "); fix: check the path given to wasm.envoyConfig",
                    e);
        }
        return parse(text, source, baseDir);
    }

    /** Parses bootstrap YAML text; {@code source} names it in messages. */
    public static EnvoyBootstrap parse(String yaml, String source, Path baseDir) {
        var document = BoundedYaml.load(yaml, source);
        var warnings = new ArrayList<String>();
        var root = YamlCursor.root(document, source, warnings);
        var reader = new Reader(baseDir);
        var statics = root.requireMap("static_resources", "static_resources: {listeners: [...]}");
        var clusters = new ArrayList<Cluster>();
        for (var c : statics.maps("clusters")) {
            clusters.add(reader.cluster(c));
        }
        var listeners = new ArrayList<Listener>();
        for (var l : statics.maps("listeners")) {
            listeners.add(reader.listener(l));
        }
        statics.done();
        if (listeners.isEmpty()) {
            throw statics.missing("listeners", "listeners: [{address: {" + SOCKET_EXAMPLE + "}}]");
        }
        var names = clusters.stream().map(Cluster::name).toList();
        for (var listener : listeners) {
            for (var vh : listener.virtualHosts()) {
                for (var route : vh.routes()) {
                    if (!names.contains(route.cluster())) {
                        throw new EnvoyConfigException(
                                source
                                        + ": a route of listener '"
                                        + listener.name()
                                        + "' names cluster '"
                                        + route.cluster()
                                        + "', which static_resources.clusters does not define"
                                        + " (defined: "
                                        + names
                                        + "); fix: add the cluster or correct the route");
                    }
                }
            }
        }
        var admin = root.map("admin").map(reader::admin);
        root.accept("node");
        root.done();
        return new EnvoyBootstrap(listeners, clusters, admin, warnings);
    }

    /** The listeners, each with its filter chain and routes. */
    public List<Listener> listeners() {
        return listeners;
    }

    public List<Cluster> clusters() {
        return clusters;
    }

    /** The admin listener's address, when the file has an {@code admin:} block with one. */
    public Optional<Endpoint> admin() {
        return admin;
    }

    /** One sentence per field that the local proxy ignores, naming the field. */
    public List<String> warnings() {
        return warnings;
    }

    private static final class Reader {
        private final Path baseDir;

        Reader(Path baseDir) {
            this.baseDir = baseDir;
        }

        Endpoint socketAddress(YamlCursor address) {
            var socket = address.requireMap("socket_address", SOCKET_EXAMPLE);
            var host = socket.requireString("address", "address: 127.0.0.1");
            var port =
                    socket.integer("port_value")
                            .orElseThrow(() -> socket.missing("port_value", "port_value: 10000"));
            socket.string("protocol")
                    .filter(p -> !p.equalsIgnoreCase("TCP"))
                    .ifPresent(
                            p ->
                                    socket.warn(
                                            socket.path("protocol")
                                                    + " is "
                                                    + p
                                                    + "; the local proxy serves TCP only"));
            socket.accept("protocol", "ipv4_compat");
            socket.done();
            address.done();
            return Endpoint.of(host, port);
        }

        Endpoint admin(YamlCursor admin) {
            admin.accept("access_log_path", "access_log", "profile_path");
            var address = admin.requireMap("address", "address: {" + SOCKET_EXAMPLE + "}");
            var endpoint = socketAddress(address);
            admin.done();
            return endpoint;
        }

        Cluster cluster(YamlCursor c) {
            var name = c.requireString("name", "name: web_service");
            var timeout = c.duration("connect_timeout").orElse(Cluster.DEFAULT_CONNECT_TIMEOUT);
            c.string("type")
                    .map(t -> t.toUpperCase(Locale.ROOT))
                    .filter(t -> !List.of("STATIC", "STRICT_DNS", "LOGICAL_DNS").contains(t))
                    .ifPresent(
                            t ->
                                    c.warn(
                                            c.path("type")
                                                    + " is "
                                                    + t
                                                    + "; the local proxy resolves the endpoints"
                                                    + " it is given, like STRICT_DNS"));
            c.string("lb_policy")
                    .map(t -> t.toUpperCase(Locale.ROOT))
                    .filter(t -> !t.equals("ROUND_ROBIN"))
                    .ifPresent(
                            t ->
                                    c.warn(
                                            c.path("lb_policy")
                                                    + " is "
                                                    + t
                                                    + "; the local proxy uses ROUND_ROBIN"));
            c.accept("dns_lookup_family", "respect_dns_ttl", "dns_refresh_rate");
            c.unsupported("transport_socket", "the cluster is reached over plain HTTP");
            c.unsupported("tls_context", "the cluster is reached over plain HTTP");
            c.unsupported("http2_protocol_options", "the cluster is reached over HTTP/1.1");
            var endpoints = new ArrayList<Endpoint>();
            for (var host : c.maps("hosts")) {
                endpoints.add(socketAddress(host));
            }
            c.map("load_assignment")
                    .ifPresent(
                            la -> {
                                la.accept("cluster_name");
                                for (var group : la.maps("endpoints")) {
                                    for (var lb : group.maps("lb_endpoints")) {
                                        var ep =
                                                lb.requireMap(
                                                        "endpoint",
                                                        "endpoint: {address: {"
                                                                + SOCKET_EXAMPLE
                                                                + "}}");
                                        endpoints.add(
                                                socketAddress(
                                                        ep.requireMap(
                                                                "address",
                                                                "address: {"
                                                                        + SOCKET_EXAMPLE
                                                                        + "}")));
                                        ep.done();
                                        lb.done();
                                    }
                                    group.done();
                                }
                                la.done();
                            });
            c.done();
            return new Cluster(name, endpoints, timeout);
        }

        Listener listener(YamlCursor l) {
            var name = l.string("name").orElse("listener");
            var address =
                    socketAddress(l.requireMap("address", "address: {" + SOCKET_EXAMPLE + "}"));
            var builder = Listener.builder(address).withName(name);
            var chains = l.maps("filter_chains");
            if (chains.isEmpty()) {
                throw l.missing(
                        "filter_chains",
                        "filter_chains: [{filters: [{name:"
                                + " envoy.filters.network.http_connection_manager, ...}]}]");
            }
            for (int i = 1; i < chains.size(); i++) {
                chains.get(i)
                        .warn(
                                chains.get(i).path()
                                        + " is not supported by the local proxy (it serves the"
                                        + " first filter chain only) and is ignored");
                chains.get(i).accept(chains.get(i).keys().toArray(String[]::new));
            }
            var chain = chains.get(0);
            chain.unsupported("filter_chain_match", "the first chain serves every connection");
            chain.unsupported("transport_socket", "the listener serves plain HTTP");
            chain.unsupported("tls_context", "the listener serves plain HTTP");
            var hcmFound = false;
            for (var filter : chain.maps("filters")) {
                var filterName = filter.string("name").orElse("");
                var typed = filter.map("typed_config");
                var type = typed.flatMap(t -> t.string("@type")).orElse("");
                if (filterName.equals("envoy.http_connection_manager")
                        || filterName.equals("envoy.filters.network.http_connection_manager")
                        || type.equals(EnvoyTypes.HCM)) {
                    var hcm = typed.isPresent() ? typed.get() : config(filter, filterName);
                    httpConnectionManager(hcm, builder);
                    hcmFound = true;
                } else {
                    filter.warn(
                            filter.path()
                                    + " (network filter '"
                                    + filterName
                                    + "') is not supported by the local proxy and is skipped");
                    filter.accept("config", "typed_config");
                }
                filter.done();
            }
            if (!hcmFound) {
                throw chain.missing(
                        "filters",
                        "an http_connection_manager filter: the local proxy serves HTTP listeners"
                                + " only");
            }
            chain.done();
            l.accept("per_connection_buffer_limit_bytes", "traffic_direction");
            l.done();
            return builder.build();
        }

        // v2: the untyped "config:" Struct of a filter; absent means an empty configuration.
        YamlCursor config(YamlCursor filter, String filterName) {
            return filter.map("config").orElseGet(() -> filter.requireMap("config", filterName));
        }

        void httpConnectionManager(YamlCursor hcm, Listener.Builder listener) {
            hcm.accept("@type", "codec_type", "use_remote_address", "server_name");
            hcm.string("stat_prefix").ifPresent(listener::withStatPrefix);
            hcm.unsupported("access_log", "the local proxy writes one access log line per request");
            hcm.unsupported("rds", "use route_config");
            var routeConfig =
                    hcm.requireMap(
                            "route_config",
                            "route_config: {virtual_hosts: [{name: local, domains: ['*'], routes:"
                                    + " [{match: {prefix: /}, route: {cluster: web_service}}]}]}");
            routeConfig.accept("name");
            for (var vh : routeConfig.maps("virtual_hosts")) {
                var vhName = vh.string("name").orElse("local_service");
                var domains = vh.strings("domains");
                var routes = new ArrayList<Route>();
                for (var r : vh.maps("routes")) {
                    route(r).ifPresent(routes::add);
                }
                vh.done();
                listener.addVirtualHost(
                        new VirtualHost(
                                vhName, domains.isEmpty() ? List.of("*") : domains, routes));
            }
            routeConfig.done();
            var filters = hcm.maps("http_filters");
            for (var f : filters) {
                var name = f.string("name").orElse("");
                var typed = f.map("typed_config");
                var type = typed.flatMap(t -> t.string("@type")).orElse("");
                if (name.equals("envoy.filters.http.wasm")
                        || name.equals("envoy.wasm")
                        || type.equals(EnvoyTypes.WASM)
                        || type.endsWith("TypedStruct")) {
                    listener.addFilter(wasm(f, typed));
                } else if (name.equals("envoy.router")
                        || name.equals("envoy.filters.http.router")
                        || type.equals(EnvoyTypes.ROUTER)) {
                    f.accept("config", "typed_config");
                    typed.ifPresent(t -> t.accept("@type"));
                } else {
                    f.warn(
                            f.path()
                                    + " (http filter '"
                                    + name
                                    + "') is not supported by the local proxy; requests skip it");
                    f.accept("config", "typed_config");
                }
                f.done();
            }
            hcm.done();
        }

        Optional<Route> route(YamlCursor r) {
            r.accept("name");
            var match = r.requireMap("match", "match: {prefix: /}");
            Route route;
            var action = r.map("route");
            if (action.isEmpty()) {
                r.unsupported("direct_response", "the route is skipped");
                r.unsupported("redirect", "the route is skipped");
                match.accept(match.keys().toArray(String[]::new));
                r.done();
                return Optional.empty();
            }
            var a = action.get();
            var cluster = a.requireString("cluster", "cluster: web_service");
            a.accept("timeout");
            a.unsupported("prefix_rewrite", "the path is sent unchanged");
            a.unsupported("host_rewrite_literal", "the Host header is sent unchanged");
            a.done();
            if (match.has("prefix")) {
                route = Route.prefix(match.requireString("prefix", "prefix: /"), cluster);
            } else if (match.has("path")) {
                route = Route.path(match.requireString("path", "path: /"), cluster);
            } else {
                match.warn(
                        match.path()
                                + " has no prefix or path, the only matches the local proxy"
                                + " supports; the route is skipped");
                match.accept(match.keys().toArray(String[]::new));
                r.done();
                return Optional.empty();
            }
            match.unsupported("headers", "the route matches on its path alone");
            match.accept("case_sensitive");
            match.done();
            r.done();
            return Optional.of(route);
        }

        WasmFilter wasm(YamlCursor filter, Optional<YamlCursor> typed) {
            YamlCursor wasm;
            if (typed.isPresent()) {
                var t = typed.get();
                t.accept("@type");
                if (t.string("@type").orElse("").endsWith("TypedStruct")) {
                    t.accept("type_url");
                    wasm = t.requireMap("value", "value: {config: {...}}");
                } else {
                    wasm = t;
                }
            } else {
                wasm = config(filter, "config: {config: {root_id: add_header, vm_config: ...}}");
            }
            var plugin =
                    wasm.requireMap(
                            "config", "config: {root_id: add_header, vm_config: {code: ...}}");
            var vm =
                    plugin.requireMap(
                            "vm_config", "vm_config: {code: {local: {filename: plugin.wasm}}}");
            var code = vm.requireMap("code", "code: {local: {filename: plugin.wasm}}");
            code.unsupported("remote", "download the module and use code.local.filename");
            var local = code.requireMap("local", "local: {filename: plugin.wasm}");
            var filename = local.requireString("filename", "filename: target/plugin.wasm");
            local.done();
            code.done();
            var module = baseDir.resolve(filename).normalize();
            if (!Files.isRegularFile(module)) {
                throw new EnvoyConfigException(
                        local.where("filename")
                                + " is "
                                + filename
                                + ", but "
                                + module
                                + " does not exist; fix: build the filter (mvn package) or"
                                + " correct the path");
            }
            var builder = WasmFilter.builder(module);
            vm.string("vm_id").ifPresent(builder::withVmId);
            vm.accept("runtime", "allow_precompiled", "nack_on_code_cache_miss");
            configuration(vm, "configuration").ifPresent(v -> builder.withVmConfiguration(v));
            vm.unsupported("environment_variables", "the module sees no environment variables");
            vm.done();
            plugin.string("name").ifPresent(builder::withName);
            plugin.string("root_id").ifPresent(builder::withRootId);
            configuration(plugin, "configuration").ifPresent(builder::withConfiguration);
            plugin.bool("fail_open")
                    .filter(b -> b)
                    .ifPresent(b -> builder.withFailurePolicy(FailurePolicy.FAIL_OPEN));
            plugin.string("failure_policy")
                    .ifPresent(p -> builder.withFailurePolicy(failurePolicy(plugin, p)));
            plugin.unsupported(
                    "capability_restriction_config", "the module may call every host function");
            plugin.unsupported("reload_config", "FAIL_RELOAD reloads at once");
            plugin.accept("allow_on_headers_stop_iteration");
            plugin.done();
            wasm.done();
            return builder.build();
        }

        static FailurePolicy failurePolicy(YamlCursor plugin, String value) {
            return switch (value.toUpperCase(Locale.ROOT)) {
                case "UNSPECIFIED", "FAIL_CLOSED" -> FailurePolicy.FAIL_CLOSED;
                case "FAIL_OPEN" -> FailurePolicy.FAIL_OPEN;
                case "FAIL_RELOAD" -> FailurePolicy.FAIL_RELOAD;
                default ->
                        throw plugin.error(
                                "failure_policy",
                                "is " + YamlCursor.quoted(value),
                                "FAIL_CLOSED, FAIL_OPEN or FAIL_RELOAD");
            };
        }

        // v2: a plain string. v3: an Any, usually a StringValue; a Struct becomes JSON as in Envoy.
        static Optional<String> configuration(YamlCursor owner, String key) {
            var raw = owner.raw(key);
            if (raw.isEmpty()) {
                return Optional.empty();
            }
            if (!(raw.get() instanceof Map<?, ?> any)) {
                return Optional.of(String.valueOf(raw.get()));
            }
            var type = String.valueOf(any.get("@type"));
            var value = any.get("value");
            if (type.endsWith("google.protobuf.StringValue")) {
                return Optional.of(value == null ? "" : String.valueOf(value));
            }
            if (type.endsWith("google.protobuf.BytesValue")) {
                byte[] bytes;
                try {
                    bytes = Base64.getDecoder().decode(value == null ? "" : String.valueOf(value));
                } catch (IllegalArgumentException e) {
                    throw owner.error(
                            key, "has a BytesValue that is not base64", "base64 text in value");
                }
                return Optional.of(new String(bytes, StandardCharsets.UTF_8));
            }
            if (type.endsWith("google.protobuf.Struct")) {
                return Optional.of(Json.write(value == null ? Map.of() : value));
            }
            var fields = new LinkedHashMap<Object, Object>(any);
            fields.remove("@type");
            owner.warn(
                    owner.path(key)
                            + " has @type "
                            + type
                            + ", which the local proxy passes on as the JSON of its fields");
            return Optional.of(Json.write(fields));
        }
    }
}
