package io.github.proxywasm4j.localproxy;

import io.github.proxywasm4j.host.Limits;
import io.github.proxywasm4j.host.LogSink;
import io.github.proxywasm4j.host.ProxyWasmException;
import io.github.proxywasm4j.host.ProxyWasmModule;
import io.github.proxywasm4j.host.ProxyWasmPlugin;
import io.github.proxywasm4j.localproxy.internal.AdminHandler;
import io.github.proxywasm4j.localproxy.internal.ConfigDump;
import io.github.proxywasm4j.localproxy.internal.ProxyHandler;
import io.github.proxywasm4j.localproxy.internal.Stats;
import io.github.proxywasm4j.localproxy.internal.Upstreams;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.function.Consumer;
import org.eclipse.jetty.client.HttpClient;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.HttpConfiguration;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.util.thread.QueuedThreadPool;

/**
 * A local HTTP/1.1 proxy that runs Proxy-Wasm filters on the embedded host: listeners, each with
 * a chain of wasm filters and routes to static clusters, and an optional admin listener. No Envoy
 * and no Docker are needed.
 *
 * <pre>{@code
 * var filter = WasmFilter.builder(Path.of("target/add_header.wasm"))
 *     .withRootId("add_header").withConfiguration("what ever you want").build();
 * try (var proxy = LocalProxy.builder()
 *         .addListener(Listener.builder(Endpoint.loopback(10000)).addFilter(filter).build())
 *         .start()) {
 *     proxy.awaitTermination();   // until close() or Ctrl-C
 * }
 * }</pre>
 *
 * A listener without routes answers every request itself (200 and a short body), after the
 * filters. Each thread that serves requests runs its own VM of each plugin, as Envoy runs one VM
 * per worker.
 */
public final class LocalProxy implements AutoCloseable {

    private final List<Server> servers;
    private final HttpClient client;
    private final List<ProxyWasmPlugin> plugins;
    private final Map<String, Endpoint> listenerAddresses;
    private final Optional<Endpoint> adminAddress;
    private final Stats stats;
    private final CountDownLatch stopped = new CountDownLatch(1);

    private LocalProxy(
            List<Server> servers,
            HttpClient client,
            List<ProxyWasmPlugin> plugins,
            Map<String, Endpoint> listenerAddresses,
            Optional<Endpoint> adminAddress,
            Stats stats) {
        this.servers = servers;
        this.client = client;
        this.plugins = plugins;
        this.listenerAddresses = listenerAddresses;
        this.adminAddress = adminAddress;
        this.stats = stats;
    }

    /** A builder for a proxy; add at least one listener (or a bootstrap). */
    public static Builder builder() {
        return new Builder();
    }

    /** The address each listener is bound to, by listener name (a port 0 is resolved). */
    public Map<String, Endpoint> listenerAddresses() {
        return listenerAddresses;
    }

    /** The address of the first listener. */
    public Endpoint address() {
        return listenerAddresses.values().iterator().next();
    }

    /** The admin listener's bound address, if there is one. */
    public Optional<Endpoint> adminAddress() {
        return adminAddress;
    }

    /** A proxy counter such as {@code http.ingress_http.downstream_rq_total}; 0 if never counted. */
    public long counter(String name) {
        return stats.get(name);
    }

    /** The plugins, one per wasm filter of every listener, in order. */
    public List<ProxyWasmPlugin> plugins() {
        return plugins;
    }

    /** Blocks until {@link #close()} is called (for example by a shutdown hook on Ctrl-C). */
    public void awaitTermination() throws InterruptedException {
        stopped.await();
    }

    /** Stops the listeners (letting running requests finish briefly) and closes the plugins. */
    @Override
    public void close() {
        try {
            for (var server : servers) {
                try {
                    server.stop();
                } catch (Exception e) {
                    // Keep stopping the others; a listener that fails to stop is gone anyway.
                }
            }
            try {
                client.stop();
            } catch (Exception e) {
                // The client holds no state worth reporting at shutdown.
            }
            for (var plugin : plugins) {
                plugin.close();
            }
        } finally {
            stopped.countDown();
        }
    }

    /** Builds and starts a {@link LocalProxy}. */
    public static final class Builder {
        private final List<Listener> listeners = new ArrayList<>();
        private final List<Cluster> clusters = new ArrayList<>();
        private Endpoint admin;
        private Consumer<String> accessLog = line -> {};
        private LogSink logSink = LogSink.stderr();
        private Duration routeTimeout = Duration.ofSeconds(15);
        private int maxThreads = 32;
        private Limits limits = Limits.defaults();

        private Builder() {}

        public Builder addListener(Listener listener) {
            listeners.add(Objects.requireNonNull(listener, "listener"));
            return this;
        }

        public Builder addCluster(Cluster cluster) {
            clusters.add(Objects.requireNonNull(cluster, "cluster"));
            return this;
        }

        /**
         * Serves Envoy's admin endpoints here: {@code /ready}, {@code /stats} (text, JSON,
         * Prometheus), {@code /stats/prometheus}, {@code /config_dump}, {@code /clusters}. Use a
         * loopback address ({@link Endpoint#loopback}) unless others must reach it: the admin
         * shows the whole configuration.
         */
        public Builder withAdmin(Endpoint admin) {
            this.admin = Objects.requireNonNull(admin, "admin");
            return this;
        }

        /** Adds the listeners, clusters and admin listener of an Envoy bootstrap file. */
        public Builder withBootstrap(EnvoyBootstrap bootstrap) {
            bootstrap.listeners().forEach(this::addListener);
            bootstrap.clusters().forEach(this::addCluster);
            bootstrap.admin().ifPresent(this::withAdmin);
            return this;
        }

        /** Receives one line per request, in the spirit of Envoy's default access log. */
        public Builder withAccessLog(Consumer<String> accessLog) {
            this.accessLog = Objects.requireNonNull(accessLog, "accessLog");
            return this;
        }

        /** Receives the filters' log records; default: standard error. */
        public Builder withPluginLog(LogSink logSink) {
            this.logSink = Objects.requireNonNull(logSink, "logSink");
            return this;
        }

        /** How long a request may take upstream or wait for a paused filter (Envoy: 15 s). */
        public Builder withRouteTimeout(Duration routeTimeout) {
            this.routeTimeout = Objects.requireNonNull(routeTimeout, "routeTimeout");
            return this;
        }

        /** The most threads (and so VMs per plugin) a listener uses; default 32. */
        /** Bounds on what each filter's guest can make the proxy hold [{@link Limits#defaults()}]. */
        public Builder withLimits(Limits limits) {
            this.limits = Objects.requireNonNull(limits, "limits");
            return this;
        }

        public Builder withMaxThreads(int maxThreads) {
            if (maxThreads < 4) {
                throw new IllegalArgumentException(
                        "maxThreads " + maxThreads + " is too small; fix: use 4 or more");
            }
            this.maxThreads = maxThreads;
            return this;
        }

        /**
         * Loads the modules, starts the plugins and binds the listeners.
         *
         * @throws LocalProxyException when a module does not load, a plugin does not start, or
         *     an address cannot be bound; the message says which and how to fix it
         */
        public LocalProxy start() {
            if (listeners.isEmpty()) {
                throw new LocalProxyException(
                        "the local proxy has no listener; fix: add one, e.g."
                                + " Listener.builder(Endpoint.loopback(10000)).build()");
            }
            var stats = new Stats();
            var client = new HttpClient();
            client.setFollowRedirects(false);
            client.setUserAgentField(null);
            client.setMaxConnectionsPerDestination(256);
            client.setConnectTimeout(
                    clusters.stream()
                            .map(Cluster::connectTimeout)
                            .max(Duration::compareTo)
                            .orElse(Cluster.DEFAULT_CONNECT_TIMEOUT)
                            .toMillis());
            // A proxy passes bodies and statuses on as they are: no decoding, no redirect or
            // authentication handling by the client.
            client.getContentDecoderFactories().clear();
            client.getProtocolHandlers().clear();
            var servers = new ArrayList<Server>();
            var plugins = new ArrayList<ProxyWasmPlugin>();
            var upstreams = new Upstreams(client, clusters, stats);
            var proxy = (LocalProxy) null;
            try {
                client.start();
                var modules = new HashMap<Path, ProxyWasmModule>();
                var addresses = new LinkedHashMap<String, Endpoint>();
                for (var listener : listeners) {
                    var chain = new ArrayList<ProxyWasmPlugin>();
                    for (var filter : listener.filters()) {
                        var plugin = startPlugin(filter, modules, upstreams);
                        chain.add(plugin);
                        plugins.add(plugin);
                    }
                    var handler =
                            new ProxyHandler(
                                    listener, chain, upstreams, stats, accessLog, routeTimeout);
                    var server =
                            server(
                                    listener.address(),
                                    handler,
                                    maxThreads,
                                    "listener " + listener.name(),
                                    false);
                    servers.add(server);
                    addresses.put(listener.name(), bound(server, listener.address()));
                }
                Optional<Endpoint> adminBound = Optional.empty();
                if (admin != null) {
                    var dump = new ConfigDump(listeners, clusters, addresses, Optional.of(admin));
                    var handler = new AdminHandler(stats, plugins, upstreams, dump);
                    var server = server(admin, handler, 8, "admin", true);
                    servers.add(server);
                    adminBound = Optional.of(bound(server, admin));
                }
                proxy =
                        new LocalProxy(
                                List.copyOf(servers),
                                client,
                                List.copyOf(plugins),
                                Map.copyOf(addresses),
                                adminBound,
                                stats);
                return proxy;
            } catch (LocalProxyException e) {
                stopAll(servers, client, plugins);
                throw e;
            } catch (Exception e) {
                stopAll(servers, client, plugins);
                throw new LocalProxyException("cannot start the local proxy: " + e, e);
            }
        }

        private ProxyWasmPlugin startPlugin(
                WasmFilter filter, Map<Path, ProxyWasmModule> modules, Upstreams upstreams) {
            ProxyWasmModule module;
            try {
                module = modules.computeIfAbsent(filter.module(), ProxyWasmModule::load);
            } catch (ProxyWasmException e) {
                throw new LocalProxyException(
                        "wasm filter '"
                                + filter.name()
                                + "': cannot load "
                                + filter.module()
                                + ": "
                                + e.getMessage(),
                        e);
            }
            try {
                return ProxyWasmPlugin.builder(module)
                        .withRootId(filter.rootId())
                        .withPluginName(filter.name())
                        .withVmId(filter.vmId())
                        .withPluginConfiguration(filter.configuration())
                        .withVmConfiguration(filter.vmConfiguration())
                        .withFailurePolicy(filter.failurePolicy())
                        .withHttpUpstream(upstreams)
                        .withLogSink(logSink)
                        .withLimits(limits)
                        .build();
            } catch (ProxyWasmException e) {
                throw new LocalProxyException(
                        "wasm filter '"
                                + filter.name()
                                + "' (root_id '"
                                + filter.rootId()
                                + "') did not start: "
                                + e.getMessage(),
                        e);
            }
        }

        private static Server server(
                Endpoint address, Handler handler, int threads, String what, boolean origin)
                throws Exception {
            var pool = new QueuedThreadPool(threads, Math.min(4, threads));
            pool.setName("proxywasm4j-" + what.replace(' ', '-'));
            // The host keeps one VM per thread that ran a stream; threads that come and go would
            // each leave a VM behind, so the pool keeps its threads.
            pool.setIdleTimeout(Integer.MAX_VALUE);
            var server = new Server(pool);
            // A proxy passes on the upstream's Date and Server headers instead of adding its own.
            var http = new HttpConfiguration();
            http.setSendServerVersion(origin);
            http.setSendDateHeader(origin);
            var connector = new ServerConnector(server, 1, 1, new HttpConnectionFactory(http));
            connector.setHost(address.host());
            connector.setPort(address.port());
            server.addConnector(connector);
            server.setHandler(handler);
            server.setStopTimeout(2_000);
            try {
                server.start();
            } catch (java.io.IOException e) {
                server.stop();
                throw new LocalProxyException(
                        "cannot listen on "
                                + address
                                + " for the "
                                + what
                                + " ("
                                + e.getMessage()
                                + "); fix: stop what uses that port or choose another one",
                        e);
            }
            return server;
        }

        private static Endpoint bound(Server server, Endpoint asked) {
            var connector = (ServerConnector) server.getConnectors()[0];
            return Endpoint.of(asked.host(), connector.getLocalPort());
        }

        private static void stopAll(
                List<Server> servers, HttpClient client, List<ProxyWasmPlugin> plugins) {
            for (var s : servers) {
                try {
                    s.stop();
                } catch (Exception e) {
                    // already failing: the original error is what the user needs
                }
            }
            try {
                client.stop();
            } catch (Exception e) {
                // same
            }
            plugins.forEach(ProxyWasmPlugin::close);
        }
    }
}
