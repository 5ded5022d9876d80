package io.github.proxywasm4j.host.internal.vm;

import io.github.proxywasm4j.host.abi.BufferType;
import io.github.proxywasm4j.host.abi.MapType;
import io.github.proxywasm4j.host.internal.limits.Limit;
import io.github.proxywasm4j.host.internal.limits.LimitExceeded;
import java.nio.charset.StandardCharsets;

/** The limit checks host functions make, one call each, so the functions stay one-liners. */
final class HostLimits {
    private HostLimits() {}

    /**
     * The text of a {@code proxy_log} call, cut at {@code maxWriteBytes}: Envoy logs any length
     * (context.cc {@code Context::log}) and answers OK, so the guest gets OK and the host keeps a
     * bounded copy with a note of what was dropped.
     */
    static String logText(ProxyVm vm, long ptr, long len) {
        long size = len & 0xFFFFFFFFL;
        long cap = vm.cfg.limits().maxWriteBytes();
        if (size <= cap) {
            return EnvFunctions.readString(vm, ptr, len);
        }
        var head = vm.memory.readString((int) ptr, (int) cap, StandardCharsets.UTF_8);
        var note =
                " [... "
                        + (size - cap)
                        + " more bytes dropped: "
                        + LimitExceeded.message(Limit.MAX_WRITE_BYTES, size, cap, "proxy_log")
                        + "]";
        return new StringBuilder(head.length() + note.length())
                .append(head)
                .append(note)
                .toString();
    }

    /** After a guest changed a header or trailer map: its count and bytes stay in bounds. */
    static void checkHeaders(ProxyVm vm, HeaderMap map, MapType mapType) {
        var limits = vm.cfg.limits();
        if (map.size() > limits.maxHeaders()) {
            throw LimitExceeded.of(
                    Limit.MAX_HEADERS, map.size(), limits.maxHeaders(), "map " + mapType);
        }
        long bytes = map.byteSize();
        if (bytes > limits.maxHeaderBytes()) {
            throw LimitExceeded.of(
                    Limit.MAX_HEADER_BYTES, bytes, limits.maxHeaderBytes(), "map " + mapType);
        }
    }

    /** Cancels every pending callout of a VM whose guest will not run again. */
    static void cancelCallouts(ProxyVm vm) {
        for (var state : vm.callouts.httpCalls.values().toArray(new HttpCallState[0])) {
            state.done = true;
            if (state.timeout != null) {
                state.timeout.cancel();
            }
        }
        vm.callouts.httpCalls.clear();
        for (var state : vm.callouts.grpcCalls.values().toArray(new GrpcCallState[0])) {
            try {
                state.call.cancel();
            } catch (RuntimeException e) {
                // The upstream's cancel is best effort; the call is forgotten either way.
            }
            Callouts.forgetGrpc(vm, state);
        }
    }

    /**
     * Whether a new callout to {@code upstream} is refused because {@code maxPendingCallouts} are
     * pending there. Envoy's circuit breaker (max_pending_requests, 1,024 by default, in
     * api/envoy/config/cluster/v3/circuit_breaker.proto) fails such a request at once: {@code
     * AsyncClientImpl::send} returns null and {@code Context::httpCall} / {@code grpcCall} answer
     * INTERNAL_FAILURE, dropping the immediate reply (source/extensions/common/wasm/context.cc).
     */
    static boolean calloutRefused(ProxyVm vm, String upstream, String function) {
        long max = vm.cfg.limits().maxPendingCallouts();
        long pending = 0;
        for (var state : vm.callouts.httpCalls.values()) {
            pending += state.upstream.equals(upstream) ? 1 : 0;
        }
        for (var state : vm.callouts.grpcCalls.values()) {
            pending += state.upstream.equals(upstream) ? 1 : 0;
        }
        if (pending < max) {
            return false;
        }
        vm.log(
                io.github.proxywasm4j.host.LogLevel.WARN,
                function
                        + " to '"
                        + upstream
                        + "' refused (INTERNAL_FAILURE) as Envoy's circuit breaker refuses it: "
                        + LimitExceeded.message(
                                Limit.MAX_PENDING_CALLOUTS, pending + 1, max, upstream),
                false);
        return true;
    }

    /**
     * Whether a local reply's status can go on the wire: Envoy's default header validator accepts
     * a :status of 100 to 999 only (source/extensions/http/header_validators/envoy_default/
     * header_validator.cc, {@code HeaderValidator::validateStatusHeader}); anything else is refused
     * with BAD_ARGUMENT, the status Envoy's host functions give an argument they cannot use.
     */
    static boolean validStatus(ProxyVm vm, long code) {
        long status = code & 0xFFFFFFFFL;
        if (status >= 100 && status <= 999) {
            return true;
        }
        vm.log(
                io.github.proxywasm4j.host.LogLevel.WARN,
                "proxy_send_local_response refused (BAD_ARGUMENT): status "
                        + status
                        + " is not an HTTP status (100 to 999)",
                false);
        return false;
    }

    /**
     * After a guest grew a body or network buffer: Envoy lets {@code modifyDecodingBuffer} grow it
     * without a check, so past {@code maxBodyBytes} the VM fails with the one message.
     */
    static void checkBody(ProxyVm vm, ByteBuf buf, BufferType bufferType) {
        long max = vm.cfg.limits().maxBodyBytes();
        if (buf.size() > max) {
            throw LimitExceeded.of(Limit.MAX_BODY_BYTES, buf.size(), max, "buffer " + bufferType);
        }
    }

    /**
     * After a guest set a property: Envoy keeps stream properties in the stream's filter state,
     * gone with the stream, and has none on a root context; here both can hold them, so past
     * {@code maxPropertyBytes} the VM fails with the one message.
     */
    static void checkProperties(ProxyVm vm, Context ctx) {
        long max = vm.cfg.limits().maxPropertyBytes();
        if (ctx.propertyBytes > max) {
            throw LimitExceeded.of(
                    Limit.MAX_PROPERTY_BYTES, ctx.propertyBytes, max, "context " + ctx.id);
        }
    }
}
