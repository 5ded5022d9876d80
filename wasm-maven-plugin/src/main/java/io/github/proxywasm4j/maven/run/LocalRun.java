package io.github.proxywasm4j.maven.run;

import io.github.proxywasm4j.localproxy.Cluster;
import io.github.proxywasm4j.localproxy.EnvoyBootstrap;
import io.github.proxywasm4j.localproxy.Listener;
import io.github.proxywasm4j.localproxy.LocalProxy;
import io.github.proxywasm4j.localproxy.LocalProxyException;
import io.github.proxywasm4j.localproxy.Route;
import io.github.proxywasm4j.localproxy.WasmFilter;
import io.github.proxywasm4j.maven.BuildLog;
import io.github.proxywasm4j.maven.WasmBuildException;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.time.Duration;
import java.util.TreeMap;

/** Starts the local proxy for {@code wasm:run} and, in check mode, asks it one question. */
public final class LocalRun {

    private LocalRun() {}

    /** Starts the proxy described by {@code request}; the caller closes it. */
    public static LocalProxy start(RunRequest request, BuildLog log) {
        var builder =
                LocalProxy.builder()
                        .withLimits(request.limits())
                        .withAccessLog(log::info)
                        .withPluginLog(
                                (rootId, entry) ->
                                        log.info(
                                                "wasm log "
                                                        + rootId
                                                        + ": ["
                                                        + entry.level()
                                                        + "] "
                                                        + entry.message()));
        try {
            if (request.envoyConfig().isPresent()) {
                var file = request.envoyConfig().get();
                var bootstrap = EnvoyBootstrap.read(file, request.baseDir());
                bootstrap.warnings().forEach(log::warn);
                builder.withBootstrap(bootstrap);
                log.info("Serving the Envoy configuration " + file);
            } else {
                if (!Files.isRegularFile(request.module())) {
                    throw new WasmBuildException(
                            "the module "
                                    + request.module()
                                    + " does not exist; fix: run mvn package first (or mvn"
                                    + " package wasm:run)");
                }
                var settings = request.filter();
                if (settings.rootId().isEmpty()) {
                    log.warn(
                            "no root id set: the filter gets an empty root_id; set <rootId> (or"
                                    + " -Dwasm.rootId) to the name the filter passes to"
                                    + " registerRootContext");
                }
                var filter =
                        WasmFilter.builder(request.module())
                                .withRootId(settings.rootId())
                                // as envoy.yaml and istiod give it: the same bytes in all three
                                .withConfiguration(settings.configuration().filterBytes())
                                .withFailurePolicy(settings.failurePolicy())
                                .build();
                var listener =
                        Listener.builder(request.listen()).withName("main").addFilter(filter);
                request.upstream()
                        .ifPresent(
                                upstream -> {
                                    builder.addCluster(Cluster.of("upstream", upstream));
                                    listener.addRoute(Route.prefix("/", "upstream"));
                                });
                builder.addListener(listener.build());
                request.admin().ifPresent(builder::withAdmin);
            }
            var proxy = builder.start();
            proxy.listenerAddresses()
                    .forEach(
                            (name, address) ->
                                    log.info(
                                            "Listening on http://"
                                                    + address
                                                    + "/ (listener "
                                                    + name
                                                    + "); try: curl -I http://"
                                                    + address
                                                    + "/"));
            proxy.adminAddress().ifPresent(a -> log.info("Admin on http://" + a + "/"));
            return proxy;
        } catch (LocalProxyException e) {
            throw new WasmBuildException(e.getMessage(), e);
        }
    }

    /**
     * Sends {@code HEAD path} to the first listener, like {@code curl -I}, and returns the status
     * line and headers as curl prints them.
     */
    public static String check(LocalProxy proxy, String path) {
        var client =
                HttpClient.newBuilder()
                        .version(HttpClient.Version.HTTP_1_1)
                        .connectTimeout(Duration.ofSeconds(5))
                        .build();
        var uri =
                URI.create(
                        "http://" + proxy.address() + (path.startsWith("/") ? path : "/" + path));
        try {
            var response =
                    client.send(
                            HttpRequest.newBuilder(uri)
                                    .method("HEAD", HttpRequest.BodyPublishers.noBody())
                                    .timeout(Duration.ofSeconds(30))
                                    .build(),
                            HttpResponse.BodyHandlers.discarding());
            var out = new StringBuilder("HTTP/1.1 " + response.statusCode() + "\n");
            new TreeMap<>(response.headers().map())
                    .forEach(
                            (k, v) ->
                                    v.forEach(
                                            value ->
                                                    out.append(k)
                                                            .append(": ")
                                                            .append(value)
                                                            .append('\n')));
            if (response.statusCode() >= 400) {
                throw new WasmBuildException(
                        "the check request HEAD "
                                + uri
                                + " got "
                                + response.statusCode()
                                + ":\n"
                                + out
                                + "fix: look at the access log and the filter's log above");
            }
            return out.toString();
        } catch (IOException e) {
            throw new WasmBuildException("the check request HEAD " + uri + " failed: " + e, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new WasmBuildException("interrupted while checking " + uri, e);
        }
    }
}
