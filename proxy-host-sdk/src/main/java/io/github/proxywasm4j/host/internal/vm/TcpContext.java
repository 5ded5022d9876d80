package io.github.proxywasm4j.host.internal.vm;

import io.github.proxywasm4j.host.FailurePolicy;
import io.github.proxywasm4j.host.FilterAction;
import io.github.proxywasm4j.host.abi.BufferType;

/** One TCP connection through a network filter, driven as Envoy does (reference §4.4). */
public final class TcpContext extends Context {
    final ByteBuf downstream = new ByteBuf();
    final ByteBuf upstream = new ByteBuf();
    final ByteBuf downstreamForwarded = new ByteBuf();
    final ByteBuf upstreamForwarded = new ByteBuf();
    boolean downstreamPaused;
    boolean downstreamClosed;
    boolean upstreamClosed;
    boolean closedByFilter;
    boolean done;
    boolean failureApplied;
    boolean started;
    boolean downstreamEnded;
    boolean upstreamEnded;

    TcpContext(ProxyVm vm, int id) {
        super(vm, id);
    }

    public FilterAction newConnection() {
        if (started || done) {
            throw new IllegalStateException(
                    "newConnection() was already called on this connection; fix: use a new"
                            + " plugin.newTcpConnection() per connection");
        }
        started = true;
        if (vm.failed()) {
            return applyFailure();
        }
        vm.create(this);
        long r = vm.call(vm.cb.onNewConnection, "proxy_on_new_connection", this, id);
        var result = settle(vm.cb.onNewConnection == null ? 0 : (int) r);
        vm.runAfterCall();
        return result;
    }

    public FilterAction data(boolean fromDownstream, byte[] bytes, boolean endOfStream) {
        if (closedByFilter) {
            // Envoy closed the connection for the filter: nothing reaches it any more.
            return FilterAction.CLOSED;
        }
        requireOpen(fromDownstream ? "downstream data" : "upstream data");
        if (fromDownstream ? downstreamEnded : upstreamEnded) {
            throw new IllegalStateException(
                    (fromDownstream ? "downstream" : "upstream")
                            + " data sent after its end of stream: Envoy delivers nothing after"
                            + " end_stream; fix: pass endOfStream=false on every chunk but the"
                            + " last");
        }
        if (fromDownstream) {
            downstreamEnded = endOfStream;
        } else {
            upstreamEnded = endOfStream;
        }
        var buf = fromDownstream ? downstream : upstream;
        buf.append(bytes);
        if (vm.failed()) {
            return applyFailure();
        }
        vm.create(this);
        var fn = fromDownstream ? vm.cb.onDownstreamData : vm.cb.onUpstreamData;
        var name = fromDownstream ? "proxy_on_downstream_data" : "proxy_on_upstream_data";
        long r = vm.call(fn, name, this, id, buf.size(), endOfStream ? 1 : 0);
        var result = settle(fn == null ? 0 : (int) r);
        if (result == FilterAction.CONTINUE) {
            (fromDownstream ? downstreamForwarded : upstreamForwarded)
                    .append(buf.array(), 0, buf.size());
            buf.clear();
            if (fromDownstream) {
                downstreamPaused = false;
            }
        } else if (fromDownstream && result == FilterAction.STOP_ITERATION) {
            downstreamPaused = true;
        }
        if (!fromDownstream && endOfStream && !vm.failed()) {
            // Envoy reports the upstream end of stream as a close of unknown peer type.
            vm.call(vm.cb.onUpstreamClose, "proxy_on_upstream_connection_close", this, id, 0);
        }
        vm.runAfterCall();
        return result;
    }

    private void requireOpen(String what) {
        if (!started) {
            throw new IllegalStateException(
                    what
                            + " sent before the connection started: Envoy calls"
                            + " proxy_on_new_connection first; fix: call newConnection() first");
        }
        if (done) {
            throw new IllegalStateException(
                    what
                            + " sent after the connection closed; fix: use a new"
                            + " plugin.newTcpConnection()");
        }
    }

    /** A close event; the final on_done/on_log/on_delete run once the downstream side closed. */
    public void closeEvent(boolean downstreamSide, int peerType) {
        if (done) {
            return;
        }
        if (!vm.failed()) {
            vm.create(this);
            if (downstreamSide) {
                vm.call(
                        vm.cb.onDownstreamClose,
                        "proxy_on_downstream_connection_close",
                        this,
                        id,
                        peerType);
            } else {
                vm.call(
                        vm.cb.onUpstreamClose,
                        "proxy_on_upstream_connection_close",
                        this,
                        id,
                        peerType);
            }
        }
        if (downstreamSide) {
            downstreamClosed = true;
        } else {
            upstreamClosed = true;
        }
        if (downstreamClosed) {
            finish();
        }
        vm.runAfterCall();
    }

    /** Envoy TCP teardown: {@code proxy_on_done}, {@code proxy_on_log}, {@code proxy_on_delete}. */
    public void finish() {
        if (done) {
            return;
        }
        done = true;
        if (!vm.failed() && created) {
            vm.call(vm.cb.onDone, "proxy_on_done", this, id);
            vm.call(vm.cb.onLog, "proxy_on_log", this, id);
            vm.call(vm.cb.onDelete, "proxy_on_delete", this, id);
        }
        vm.forget(this);
        root.streamEnded();
    }

    private FilterAction settle(int status) {
        if (vm.failed()) {
            return applyFailure();
        }
        if (closedByFilter) {
            return FilterAction.CLOSED;
        }
        return AbiCodes.networkAction(status);
    }

    private FilterAction applyFailure() {
        if (closedByFilter) {
            return FilterAction.CLOSED;
        }
        failureApplied = true;
        if (root.settings.failurePolicy() == FailurePolicy.FAIL_OPEN) {
            downstreamForwarded.append(downstream.array(), 0, downstream.size());
            downstream.clear();
            upstreamForwarded.append(upstream.array(), 0, upstream.size());
            upstream.clear();
            downstreamPaused = false;
            return FilterAction.CONTINUE;
        }
        // Fail closed: Envoy closes the connection with flush (Context::failStream); the failed
        // VM is not called for the close events, and the context is gone.
        closedByFilter = true;
        downstreamClosed = true;
        finish();
        return FilterAction.CLOSED;
    }

    @Override
    void onVmFailed() {
        if (!done && downstreamPaused) {
            applyFailure();
        }
    }

    void resume() {
        if (downstreamPaused && !vm.failed()) {
            downstreamPaused = false;
            downstreamForwarded.append(downstream.array(), 0, downstream.size());
            downstream.clear();
        }
    }

    /**
     * {@code proxy_close_stream(DOWNSTREAM|UPSTREAM)}: Envoy closes the downstream connection after
     * the callback (both read and write filter callbacks hold it; Context::closeStream defers the
     * close), which raises a local close event (peer LOCAL) and the teardown.
     */
    void close() {
        if (closedByFilter) {
            return;
        }
        closedByFilter = true;
        downstreamPaused = false;
        vm.defer(
                () -> {
                    if (!done) {
                        closeEvent(true, 1);
                    }
                });
    }

    ByteBuf buffer(BufferType type) {
        return switch (type) {
            case DOWNSTREAM_DATA -> downstream;
            case UPSTREAM_DATA -> upstream;
            default -> null;
        };
    }

    public byte[] downstreamData() {
        var all = new ByteBuf();
        all.append(downstreamForwarded.array(), 0, downstreamForwarded.size());
        all.append(downstream.array(), 0, downstream.size());
        return all.toArray();
    }

    public byte[] upstreamData() {
        var all = new ByteBuf();
        all.append(upstreamForwarded.array(), 0, upstreamForwarded.size());
        all.append(upstream.array(), 0, upstream.size());
        return all.toArray();
    }

    public boolean closedByFilter() {
        return closedByFilter;
    }

    public boolean paused() {
        return downstreamPaused;
    }

    public boolean done() {
        return done;
    }

    @Override
    byte[] derivedProperty(String key) {
        if (key.equals("connection.id")) {
            return HttpContext.int64(id);
        }
        return Connections.property(key);
    }
}
