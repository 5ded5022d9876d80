package io.github.proxywasm4j.localproxy;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * An HTTP listener: an address, a chain of wasm filters and the virtual hosts that route requests
 * to clusters. A listener without virtual hosts answers every request itself (200 and a short
 * body), so a filter can run with no upstream at all. Immutable.
 */
public final class Listener {

    private final String name;
    private final Endpoint address;
    private final String statPrefix;
    private final List<WasmFilter> filters;
    private final List<VirtualHost> virtualHosts;

    private Listener(Builder b) {
        this.name = b.name;
        this.address = b.address;
        this.statPrefix = b.statPrefix;
        this.filters = List.copyOf(b.filters);
        this.virtualHosts = List.copyOf(b.virtualHosts);
    }

    /** A builder for a listener on {@code address} (port 0 picks a free port). */
    public static Builder builder(Endpoint address) {
        return new Builder(Objects.requireNonNull(address, "address"));
    }

    public String name() {
        return name;
    }

    public Endpoint address() {
        return address;
    }

    /** The prefix of this listener's statistics ({@code http.<prefix>.downstream_rq_total}). */
    public String statPrefix() {
        return statPrefix;
    }

    /** The wasm filters, in the order requests go through them. */
    public List<WasmFilter> filters() {
        return filters;
    }

    public List<VirtualHost> virtualHosts() {
        return virtualHosts;
    }

    @Override
    public String toString() {
        return "Listener[" + name + " on " + address + ", " + filters.size() + " wasm filters]";
    }

    /** Builds a {@link Listener}. */
    public static final class Builder {
        private final Endpoint address;
        private String name = "listener";
        private String statPrefix = "ingress_http";
        private final List<WasmFilter> filters = new ArrayList<>();
        private final List<VirtualHost> virtualHosts = new ArrayList<>();

        private Builder(Endpoint address) {
            this.address = address;
        }

        public Builder withName(String name) {
            this.name = Objects.requireNonNull(name, "name");
            return this;
        }

        public Builder withStatPrefix(String statPrefix) {
            this.statPrefix = Objects.requireNonNull(statPrefix, "statPrefix");
            return this;
        }

        /** Appends a filter to the chain. */
        public Builder addFilter(WasmFilter filter) {
            filters.add(Objects.requireNonNull(filter, "filter"));
            return this;
        }

        /** Appends a virtual host. */
        public Builder addVirtualHost(VirtualHost virtualHost) {
            virtualHosts.add(Objects.requireNonNull(virtualHost, "virtualHost"));
            return this;
        }

        /** Appends a route to a virtual host serving every domain. */
        public Builder addRoute(Route route) {
            Objects.requireNonNull(route, "route");
            var last = virtualHosts.isEmpty() ? null : virtualHosts.get(virtualHosts.size() - 1);
            if (last != null && last.domains().equals(List.of("*"))) {
                var routes = new ArrayList<>(last.routes());
                routes.add(route);
                virtualHosts.set(
                        virtualHosts.size() - 1,
                        new VirtualHost(last.name(), last.domains(), routes));
            } else {
                virtualHosts.add(VirtualHost.any(route));
            }
            return this;
        }

        public Listener build() {
            return new Listener(this);
        }
    }
}
