package io.github.proxywasm4j.host;

import io.github.proxywasm4j.host.abi.PeerType;
import io.github.proxywasm4j.host.internal.vm.ProxyVm;
import io.github.proxywasm4j.host.internal.vm.TcpContext;
import java.nio.charset.StandardCharsets;
import java.util.Objects;

/**
 * One TCP connection through a network filter, driven the way Envoy drives it: {@link
 * #newConnection()}, data in both directions, close events; the final {@code proxy_on_done}, {@code
 * proxy_on_log}, {@code proxy_on_delete} run when the downstream side closes.
 */
public final class TcpConnection implements AutoCloseable {
    private final ProxyVm vm;
    private final TcpContext ctx;

    TcpConnection(ProxyVm vm, TcpContext ctx) {
        this.vm = vm;
        this.ctx = ctx;
    }

    /** Runs {@code proxy_on_new_connection} (creating the context first). */
    public FilterAction newConnection() {
        vm.lock();
        try {
            return ctx.newConnection();
        } finally {
            vm.unlock();
        }
    }

    /** Runs {@code proxy_on_downstream_data} with these bytes added to what is buffered. */
    public FilterAction sendDownstreamData(byte[] data, boolean endOfStream) {
        Objects.requireNonNull(data, "data");
        vm.lock();
        try {
            return ctx.data(true, data.clone(), endOfStream);
        } finally {
            vm.unlock();
        }
    }

    /** Sends UTF-8 downstream data. */
    public FilterAction sendDownstreamData(String data, boolean endOfStream) {
        return sendDownstreamData(data.getBytes(StandardCharsets.UTF_8), endOfStream);
    }

    /**
     * Runs {@code proxy_on_upstream_data}; with end of stream Envoy then also reports {@code
     * proxy_on_upstream_connection_close(UNKNOWN)}.
     */
    public FilterAction sendUpstreamData(byte[] data, boolean endOfStream) {
        Objects.requireNonNull(data, "data");
        vm.lock();
        try {
            return ctx.data(false, data.clone(), endOfStream);
        } finally {
            vm.unlock();
        }
    }

    /** Sends UTF-8 upstream data. */
    public FilterAction sendUpstreamData(String data, boolean endOfStream) {
        return sendUpstreamData(data.getBytes(StandardCharsets.UTF_8), endOfStream);
    }

    /** The client side closed: {@code proxy_on_downstream_connection_close}, then the teardown. */
    public void closeDownstream(PeerType peer) {
        vm.lock();
        try {
            ctx.closeEvent(true, peer.code());
        } finally {
            vm.unlock();
        }
    }

    /** The upstream side closed: {@code proxy_on_upstream_connection_close}. */
    public void closeUpstream(PeerType peer) {
        vm.lock();
        try {
            ctx.closeEvent(false, peer.code());
        } finally {
            vm.unlock();
        }
    }

    /** Closes the downstream side (REMOTE) if still open, running the teardown. */
    @Override
    public void close() {
        vm.lock();
        try {
            if (!ctx.done()) {
                ctx.closeEvent(true, PeerType.REMOTE.code());
            }
        } finally {
            vm.unlock();
        }
    }

    /** Downstream bytes: what the filter let through followed by what it still buffers. */
    public byte[] downstreamData() {
        vm.lock();
        try {
            return ctx.downstreamData();
        } finally {
            vm.unlock();
        }
    }

    /** Upstream bytes: what the filter let through followed by what it still buffers. */
    public byte[] upstreamData() {
        vm.lock();
        try {
            return ctx.upstreamData();
        } finally {
            vm.unlock();
        }
    }

    /** Whether the filter closed the connection ({@code proxy_close_stream}) or it failed closed. */
    public boolean isClosedByFilter() {
        vm.lock();
        try {
            return ctx.closedByFilter();
        } finally {
            vm.unlock();
        }
    }

    /** Whether downstream reading is paused by the filter. */
    public boolean isPaused() {
        vm.lock();
        try {
            return ctx.paused();
        } finally {
            vm.unlock();
        }
    }

    /** The connection's context id as the filter sees it. */
    public int contextId() {
        return ctx.id();
    }
}
