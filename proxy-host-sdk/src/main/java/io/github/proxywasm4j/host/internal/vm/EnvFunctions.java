package io.github.proxywasm4j.host.internal.vm;

import static io.github.proxywasm4j.host.internal.vm.HostFn.IN_ALLOCATOR;
import static io.github.proxywasm4j.host.internal.vm.HostFn.IN_INIT;

import io.github.proxywasm4j.host.Headers;
import io.github.proxywasm4j.host.LogLevel;
import io.github.proxywasm4j.host.abi.BufferType;
import io.github.proxywasm4j.host.abi.MapType;
import io.github.proxywasm4j.host.abi.MetricType;
import io.github.proxywasm4j.host.abi.ProxyStatus;
import io.github.proxywasm4j.host.abi.StreamType;
import io.github.proxywasm4j.host.internal.state.MetricRegistry;
import io.github.proxywasm4j.host.upstream.GrpcCallListener;
import io.github.proxywasm4j.host.upstream.GrpcCallRequest;
import io.github.proxywasm4j.host.upstream.HttpCallRequest;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;

/**
 * The {@code env} host functions: every {@code proxy_*} function of ABI 0.1.0, 0.2.0 and 0.2.1
 * plus Envoy's two Emscripten helpers, one method each, declared in {@link #TABLE}. The VM links
 * only the ones the module's ABI version has. Every (ptr, len) is bounds-checked first; a bad one
 * answers INVALID_MEMORY_ACCESS, never an exception.
 */
final class EnvFunctions {
    // The status codes the host answers with; the ABI model in host.abi is their one source.
    static final int OK = ProxyStatus.OK.code();
    static final int NOT_FOUND = ProxyStatus.NOT_FOUND.code();
    static final int BAD_ARGUMENT = ProxyStatus.BAD_ARGUMENT.code();
    static final int PARSE_FAILURE = ProxyStatus.PARSE_FAILURE.code();
    static final int INVALID_MEMORY_ACCESS = ProxyStatus.INVALID_MEMORY_ACCESS.code();
    static final int EMPTY = ProxyStatus.EMPTY.code();
    static final int CAS_MISMATCH = ProxyStatus.CAS_MISMATCH.code();
    static final int INTERNAL_FAILURE = ProxyStatus.INTERNAL_FAILURE.code();
    static final int BROKEN_CONNECTION = ProxyStatus.BROKEN_CONNECTION.code();
    // Only for proxy_continue_stream(UPSTREAM) on a network filter, which Envoy answers the same.
    static final int UNIMPLEMENTED = ProxyStatus.UNIMPLEMENTED.code();

    // One shared result array per status code: host calls return them without allocating.
    private static final long[][] STATUS = new long[ProxyStatus.values().length][];

    static {
        for (var status : ProxyStatus.values()) {
            STATUS[status.code()] = new long[] {status.code()};
        }
    }

    static final Map<String, HostFn> TABLE =
            Map.ofEntries(
                    Map.entry("proxy_log", fn(IN_ALLOCATOR | IN_INIT, EnvFunctions::proxyLog)),
                    Map.entry("proxy_get_log_level", fn(0, EnvFunctions::proxyGetLogLevel)),
                    Map.entry(
                            "proxy_get_current_time_nanoseconds",
                            fn(0, EnvFunctions::proxyGetCurrentTimeNanoseconds)),
                    Map.entry(
                            "proxy_set_tick_period_milliseconds",
                            fn(0, EnvFunctions::proxySetTickPeriodMilliseconds)),
                    Map.entry("proxy_get_status", fn(0, EnvFunctions::proxyGetStatus)),
                    Map.entry("proxy_set_property", fn(0, EnvFunctions::proxySetProperty)),
                    Map.entry("proxy_get_property", fn(0, EnvFunctions::proxyGetProperty)),
                    Map.entry(
                            "proxy_send_local_response",
                            fn(0, EnvFunctions::proxySendLocalResponse)),
                    Map.entry("proxy_get_shared_data", fn(0, EnvFunctions::proxyGetSharedData)),
                    Map.entry("proxy_set_shared_data", fn(0, EnvFunctions::proxySetSharedData)),
                    Map.entry(
                            "proxy_register_shared_queue",
                            fn(0, EnvFunctions::proxyRegisterSharedQueue)),
                    Map.entry(
                            "proxy_resolve_shared_queue",
                            fn(0, EnvFunctions::proxyResolveSharedQueue)),
                    Map.entry(
                            "proxy_dequeue_shared_queue",
                            fn(0, EnvFunctions::proxyDequeueSharedQueue)),
                    Map.entry(
                            "proxy_enqueue_shared_queue",
                            fn(0, EnvFunctions::proxyEnqueueSharedQueue)),
                    Map.entry(
                            "proxy_get_header_map_value",
                            fn(0, EnvFunctions::proxyGetHeaderMapValue)),
                    Map.entry(
                            "proxy_add_header_map_value",
                            fn(0, EnvFunctions::proxyAddHeaderMapValue)),
                    Map.entry(
                            "proxy_replace_header_map_value",
                            fn(0, EnvFunctions::proxyReplaceHeaderMapValue)),
                    Map.entry(
                            "proxy_remove_header_map_value",
                            fn(0, EnvFunctions::proxyRemoveHeaderMapValue)),
                    Map.entry(
                            "proxy_get_header_map_pairs",
                            fn(0, EnvFunctions::proxyGetHeaderMapPairs)),
                    Map.entry(
                            "proxy_set_header_map_pairs",
                            fn(0, EnvFunctions::proxySetHeaderMapPairs)),
                    Map.entry(
                            "proxy_get_header_map_size",
                            fn(0, EnvFunctions::proxyGetHeaderMapSize)),
                    Map.entry("proxy_get_buffer_status", fn(0, EnvFunctions::proxyGetBufferStatus)),
                    Map.entry("proxy_get_buffer_bytes", fn(0, EnvFunctions::proxyGetBufferBytes)),
                    Map.entry("proxy_set_buffer_bytes", fn(0, EnvFunctions::proxySetBufferBytes)),
                    Map.entry("proxy_http_call", fn(0, EnvFunctions::proxyHttpCall)),
                    Map.entry("proxy_grpc_call", fn(0, EnvFunctions::proxyGrpcCall)),
                    Map.entry("proxy_grpc_stream", fn(0, EnvFunctions::proxyGrpcStream)),
                    Map.entry("proxy_grpc_close", fn(0, EnvFunctions::proxyGrpcClose)),
                    Map.entry("proxy_grpc_cancel", fn(0, EnvFunctions::proxyGrpcCancel)),
                    Map.entry("proxy_grpc_send", fn(0, EnvFunctions::proxyGrpcSend)),
                    Map.entry("proxy_define_metric", fn(0, EnvFunctions::proxyDefineMetric)),
                    Map.entry("proxy_increment_metric", fn(0, EnvFunctions::proxyIncrementMetric)),
                    Map.entry("proxy_record_metric", fn(0, EnvFunctions::proxyRecordMetric)),
                    Map.entry("proxy_get_metric", fn(0, EnvFunctions::proxyGetMetric)),
                    Map.entry(
                            "proxy_set_effective_context",
                            fn(0, EnvFunctions::proxySetEffectiveContext)),
                    Map.entry("proxy_done", fn(0, EnvFunctions::proxyDone)),
                    Map.entry(
                            "proxy_call_foreign_function",
                            fn(0, EnvFunctions::proxyCallForeignFunction)),
                    Map.entry("proxy_continue_stream", fn(0, EnvFunctions::proxyContinueStream)),
                    Map.entry("proxy_close_stream", fn(0, EnvFunctions::proxyCloseStream)),
                    // ABI 0.1.0 only.
                    Map.entry(
                            "proxy_get_configuration", fn(0, EnvFunctions::proxyGetConfiguration)),
                    Map.entry("proxy_continue_request", fn(0, EnvFunctions::proxyContinueRequest)),
                    Map.entry(
                            "proxy_continue_response", fn(0, EnvFunctions::proxyContinueResponse)),
                    Map.entry("proxy_clear_route_cache", fn(0, EnvFunctions::proxyClearRouteCache)),
                    // Emscripten helpers Envoy registers for every module.
                    Map.entry(
                            "pthread_equal",
                            fn(IN_ALLOCATOR | IN_INIT, EnvFunctions::pthreadEqual)),
                    Map.entry(
                            "emscripten_notify_memory_growth",
                            fn(
                                    IN_ALLOCATOR | IN_INIT,
                                    EnvFunctions::emscriptenNotifyMemoryGrowth)));

    private EnvFunctions() {}

    private static HostFn fn(int allowed, HostFn.Impl impl) {
        return new HostFn(allowed, impl);
    }

    /** What {@code proxy_add/replace/remove_header_map_value} do to a map. */
    private enum MapEdit {
        ADD,
        REPLACE,
        REMOVE
    }

    private static boolean isHttp(StreamType type) {
        return type == StreamType.HTTP_REQUEST || type == StreamType.HTTP_RESPONSE;
    }

    static long[] status(int code) {
        return STATUS[code];
    }

    // ------------------------------------------------------------------ helpers

    static boolean ok(ProxyVm vm, long ptr, long len) {
        return GuestMemory.inBounds(vm.memory, ptr, len);
    }

    /** The bytes at (ptr, len), or null when out of bounds. */
    static byte[] read(ProxyVm vm, long ptr, long len) {
        if (!GuestMemory.inBounds(vm.memory, ptr, len)) {
            return null;
        }
        return len == 0 ? new byte[0] : vm.memory.readBytes((int) ptr, (int) len);
    }

    static String readString(ProxyVm vm, long ptr, long len) {
        if (!GuestMemory.inBounds(vm.memory, ptr, len)) {
            return null;
        }
        // Decoded straight from guest memory: no intermediate byte[] per header name and value.
        return len == 0 ? "" : vm.memory.readString((int) ptr, (int) len, StandardCharsets.UTF_8);
    }

    static boolean writeU32(ProxyVm vm, long ptr, long value) {
        if (!GuestMemory.inBounds(vm.memory, ptr, 4)) {
            return false;
        }
        vm.memory.writeI32((int) ptr, (int) value);
        return true;
    }

    static boolean writeU64(ProxyVm vm, long ptr, long value) {
        if (!GuestMemory.inBounds(vm.memory, ptr, 8)) {
            return false;
        }
        vm.memory.writeLong((int) ptr, value);
        return true;
    }

    /**
     * Returns bytes to the guest as cpp-host {@code copyToPointerSize}: allocate exactly {@code
     * len} bytes with the guest allocator, copy, write pointer and size; for 0 bytes write (0, 0)
     * without allocating.
     */
    static int copyOut(ProxyVm vm, byte[] data, int off, int len, long retPtr, long retSize) {
        if (!ok(vm, retPtr, 4) || !ok(vm, retSize, 4)) {
            return INVALID_MEMORY_ACCESS;
        }
        if (len == 0) {
            vm.memory.writeI32((int) retPtr, 0);
            vm.memory.writeI32((int) retSize, 0);
            return OK;
        }
        int p = vm.allocate(len);
        if (p == 0) {
            return INVALID_MEMORY_ACCESS;
        }
        vm.memory.write(p, data, off, len);
        vm.memory.writeI32((int) retPtr, p);
        vm.memory.writeI32((int) retSize, len);
        return OK;
    }

    static int copyOut(ProxyVm vm, byte[] data, long retPtr, long retSize) {
        return copyOut(vm, data, 0, data.length, retPtr, retSize);
    }

    // ------------------------------------------------------------------ logging, time

    static long[] proxyLog(ProxyVm vm, long[] a) {
        var level = AbiCodes.logLevel((int) a[0]);
        if (level == null) {
            return status(BAD_ARGUMENT);
        }
        if (!ok(vm, a[1], a[2])) {
            return status(INVALID_MEMORY_ACCESS);
        }
        // Envoy drops records below the level before decoding them; CRITICAL is kept for
        // failure reports.
        if (level.code() < vm.cfg.logLevel().code() && level != LogLevel.CRITICAL) {
            return status(OK);
        }
        vm.log(level, readString(vm, a[1], a[2]), true);
        return status(OK);
    }

    static long[] proxyGetLogLevel(ProxyVm vm, long[] a) {
        return status(writeU32(vm, a[0], vm.cfg.logLevel().code()) ? OK : INVALID_MEMORY_ACCESS);
    }

    static long[] proxyGetCurrentTimeNanoseconds(ProxyVm vm, long[] a) {
        return status(writeU64(vm, a[0], vm.cfg.clock().epochNanos()) ? OK : INVALID_MEMORY_ACCESS);
    }

    static long[] proxySetTickPeriodMilliseconds(ProxyVm vm, long[] a) {
        vm.setTickPeriod((int) a[0]);
        return status(OK);
    }

    static long[] proxyGetStatus(ProxyVm vm, long[] a) {
        if (!writeU32(vm, a[0], vm.statusCode)) {
            return status(INVALID_MEMORY_ACCESS);
        }
        return status(copyOut(vm, vm.statusMessage, a[1], a[2]));
    }

    // ------------------------------------------------------------------ properties

    static long[] proxySetProperty(ProxyVm vm, long[] a) {
        var path = read(vm, a[0], a[1]);
        var value = read(vm, a[2], a[3]);
        if (path == null || value == null) {
            return status(INVALID_MEMORY_ACCESS);
        }
        vm.target().setProperty(PropertyPath.canonical(path), value);
        return status(OK);
    }

    static long[] proxyGetProperty(ProxyVm vm, long[] a) {
        var path = read(vm, a[0], a[1]);
        if (path == null) {
            return status(INVALID_MEMORY_ACCESS);
        }
        var value = property(vm, vm.target(), PropertyPath.canonical(path));
        if (value == null) {
            return status(NOT_FOUND);
        }
        return status(copyOut(vm, value, a[2], a[3]));
    }

    static byte[] property(ProxyVm vm, Context target, String key) {
        var own = target.ownProperty(key);
        if (own != null) {
            return own;
        }
        if (target != target.root && target.root != null) {
            own = target.root.ownProperty(key);
            if (own != null) {
                return own;
            }
        }
        var configured = vm.cfg.properties().get(key);
        if (configured != null) {
            return configured;
        }
        // Well-known attributes have dot-free segments; a segment with a dot names none.
        var name = PropertyPath.dotted(key);
        if (name == null) {
            return null;
        }
        switch (name) {
            case "plugin_root_id":
                return vm.cfg.rootId().getBytes(StandardCharsets.UTF_8);
            case "plugin_name":
                return vm.cfg.pluginName().getBytes(StandardCharsets.UTF_8);
            case "plugin_vm_id":
            case "vm_id":
                return vm.cfg.vmId().getBytes(StandardCharsets.UTF_8);
            default:
                return target.derivedProperty(name);
        }
    }

    // ------------------------------------------------------------------ local response

    static long[] proxySendLocalResponse(ProxyVm vm, long[] a) {
        var details = read(vm, a[1], a[2]);
        var body = read(vm, a[3], a[4]);
        var headers = read(vm, a[5], a[6]);
        if (details == null || body == null || headers == null) {
            return status(INVALID_MEMORY_ACCESS);
        }
        if (!(vm.target() instanceof HttpContext http)) {
            return status(BAD_ARGUMENT);
        }
        http.sendLocal(
                (int) a[0],
                new String(details, StandardCharsets.UTF_8),
                body,
                Pairs.parse(headers),
                (int) a[7]);
        return status(OK);
    }

    // ------------------------------------------------------------------ shared data and queues

    static long[] proxyGetSharedData(ProxyVm vm, long[] a) {
        var key = readString(vm, a[0], a[1]);
        if (key == null || !ok(vm, a[4], 4)) {
            return status(INVALID_MEMORY_ACCESS);
        }
        var value = vm.cfg.shared().get(vm.cfg.vmId(), key);
        if (value == null) {
            return status(NOT_FOUND);
        }
        int s = copyOut(vm, value.bytes(), a[2], a[3]);
        if (s == OK) {
            writeU32(vm, a[4], value.cas());
        }
        return status(s);
    }

    static long[] proxySetSharedData(ProxyVm vm, long[] a) {
        var key = readString(vm, a[0], a[1]);
        var value = read(vm, a[2], a[3]);
        if (key == null || value == null) {
            return status(INVALID_MEMORY_ACCESS);
        }
        return status(
                vm.cfg.shared().set(vm.cfg.vmId(), key, value, (int) a[4]) ? OK : CAS_MISMATCH);
    }

    static long[] proxyRegisterSharedQueue(ProxyVm vm, long[] a) {
        var name = readString(vm, a[0], a[1]);
        if (name == null || !ok(vm, a[2], 4)) {
            return status(INVALID_MEMORY_ACCESS);
        }
        int id = vm.cfg.shared().registerQueue(vm.cfg.vmId(), name, vm, vm.target().root.id);
        writeU32(vm, a[2], id);
        return status(OK);
    }

    static long[] proxyResolveSharedQueue(ProxyVm vm, long[] a) {
        var vmId = readString(vm, a[0], a[1]);
        var name = readString(vm, a[2], a[3]);
        if (vmId == null || name == null || !ok(vm, a[4], 4)) {
            return status(INVALID_MEMORY_ACCESS);
        }
        int id = vm.cfg.shared().resolveQueue(vmId.isEmpty() ? vm.cfg.vmId() : vmId, name);
        if (id == 0) {
            return status(NOT_FOUND);
        }
        writeU32(vm, a[4], id);
        return status(OK);
    }

    static long[] proxyDequeueSharedQueue(ProxyVm vm, long[] a) {
        if (!ok(vm, a[1], 4) || !ok(vm, a[2], 4)) {
            return status(INVALID_MEMORY_ACCESS);
        }
        var item = vm.cfg.shared().dequeue((int) a[0]);
        if (item == null) {
            return status(NOT_FOUND);
        }
        if (item.isEmpty()) {
            return status(EMPTY);
        }
        return status(copyOut(vm, item.get(), a[1], a[2]));
    }

    static long[] proxyEnqueueSharedQueue(ProxyVm vm, long[] a) {
        var value = read(vm, a[1], a[2]);
        if (value == null) {
            return status(INVALID_MEMORY_ACCESS);
        }
        return status(vm.cfg.shared().enqueue((int) a[0], value) ? OK : NOT_FOUND);
    }

    // ------------------------------------------------------------------ header maps

    /** The map for reading; null when it does not exist at this point. */
    static HeaderMap map(ProxyVm vm, MapType type, boolean forWrite) {
        switch (type) {
            case HTTP_REQUEST_HEADERS,
                    HTTP_REQUEST_TRAILERS,
                    HTTP_RESPONSE_HEADERS,
                    HTTP_RESPONSE_TRAILERS -> {
                if (vm.target() instanceof HttpContext http) {
                    return forWrite ? http.mapForWrite(type) : http.map(type);
                }
                return null;
            }
            case GRPC_CALL_INITIAL_METADATA -> {
                return vm.grpcInitialMetadata;
            }
            case GRPC_CALL_TRAILING_METADATA -> {
                return vm.grpcTrailingMetadata;
            }
            case HTTP_CALL_RESPONSE_HEADERS -> {
                return vm.callResponse == null ? null : vm.callResponse.headers;
            }
            case HTTP_CALL_RESPONSE_TRAILERS -> {
                return vm.callResponse == null ? null : vm.callResponse.trailers;
            }
            default -> {
                return null;
            }
        }
    }

    static long[] proxyGetHeaderMapValue(ProxyVm vm, long[] a) {
        var type = AbiCodes.mapType((int) a[0]);
        if (type == null) {
            return status(BAD_ARGUMENT);
        }
        var key = readString(vm, a[1], a[2]);
        if (key == null) {
            return status(INVALID_MEMORY_ACCESS);
        }
        var map = map(vm, type, false);
        var value = map == null ? null : map.get(key);
        if (value == null) {
            // 0.1.0 modules get OK and an empty value instead of NOT_FOUND (Envoy).
            return status(vm.abi010 ? copyOut(vm, new byte[0], a[3], a[4]) : NOT_FOUND);
        }
        return status(copyOut(vm, value.getBytes(StandardCharsets.UTF_8), a[3], a[4]));
    }

    static long[] proxyAddHeaderMapValue(ProxyVm vm, long[] a) {
        return mutate(vm, a, MapEdit.ADD);
    }

    static long[] proxyReplaceHeaderMapValue(ProxyVm vm, long[] a) {
        return mutate(vm, a, MapEdit.REPLACE);
    }

    static long[] proxyRemoveHeaderMapValue(ProxyVm vm, long[] a) {
        return mutate(vm, a, MapEdit.REMOVE);
    }

    private static long[] mutate(ProxyVm vm, long[] a, MapEdit op) {
        var type = AbiCodes.mapType((int) a[0]);
        if (type == null) {
            return status(BAD_ARGUMENT);
        }
        var key = readString(vm, a[1], a[2]);
        String value = op == MapEdit.REMOVE ? "" : readString(vm, a[3], a[4]);
        if (key == null || value == null) {
            return status(INVALID_MEMORY_ACCESS);
        }
        var map = map(vm, type, true);
        if (map == null) {
            return status(BAD_ARGUMENT);
        }
        switch (op) {
            case ADD -> map.add(key, value);
            case REPLACE -> map.replace(key, value);
            case REMOVE -> map.remove(key);
        }
        return status(OK);
    }

    static long[] proxyGetHeaderMapPairs(ProxyVm vm, long[] a) {
        var type = AbiCodes.mapType((int) a[0]);
        if (type == null) {
            return status(BAD_ARGUMENT);
        }
        var map = map(vm, type, false);
        if (map == null || map.size() == 0) {
            return status(copyOut(vm, new byte[0], a[1], a[2]));
        }
        return status(copyOut(vm, Pairs.serialize(map), a[1], a[2]));
    }

    static long[] proxySetHeaderMapPairs(ProxyVm vm, long[] a) {
        var type = AbiCodes.mapType((int) a[0]);
        if (type == null) {
            return status(BAD_ARGUMENT);
        }
        var data = read(vm, a[1], a[2]);
        if (data == null) {
            return status(INVALID_MEMORY_ACCESS);
        }
        var map = map(vm, type, true);
        if (map == null) {
            return status(BAD_ARGUMENT);
        }
        var pairs = Pairs.parse(data);
        map.clear();
        for (int i = 0; i < pairs.size(); i++) {
            map.add(pairs.name(i), pairs.value(i));
        }
        return status(OK);
    }

    static long[] proxyGetHeaderMapSize(ProxyVm vm, long[] a) {
        var type = AbiCodes.mapType((int) a[0]);
        if (type == null) {
            return status(BAD_ARGUMENT);
        }
        var map = map(vm, type, false);
        // Envoy writes the map's byte size (names plus values), not the serialized size.
        long size = map == null ? 0 : map.byteSize();
        return status(writeU32(vm, a[1], size) ? OK : INVALID_MEMORY_ACCESS);
    }

    // ------------------------------------------------------------------ buffers

    /** A readable view of a buffer: the bytes and the length, or null when not available now. */
    private static ByteBuf buffer(ProxyVm vm, BufferType type) {
        var target = vm.target();
        switch (type) {
            case HTTP_REQUEST_BODY, HTTP_RESPONSE_BODY -> {
                return target instanceof HttpContext http ? http.buffer(type) : null;
            }
            case DOWNSTREAM_DATA, UPSTREAM_DATA -> {
                return target instanceof TcpContext tcp ? tcp.buffer(type) : null;
            }
            default -> {
                var bytes = readOnlyBuffer(vm, type);
                if (bytes == null) {
                    return null;
                }
                var buf = new ByteBuf();
                buf.append(bytes);
                return buf;
            }
        }
    }

    private static byte[] readOnlyBuffer(ProxyVm vm, BufferType type) {
        return switch (type) {
            case HTTP_CALL_RESPONSE_BODY -> vm.callResponse == null ? null : vm.callResponse.body;
            case GRPC_CALL_MESSAGE -> vm.grpcMessage;
            case VM_CONFIGURATION -> vm.cfg.vmConfiguration();
            case PLUGIN_CONFIGURATION ->
                    vm.configurationReadable ? vm.cfg.pluginConfiguration() : null;
            case FOREIGN_FUNCTION_ARGUMENTS -> vm.foreignArguments;
            default -> null;
        };
    }

    static long[] proxyGetBufferStatus(ProxyVm vm, long[] a) {
        var type = AbiCodes.bufferType((int) a[0]);
        if (type == null) {
            return status(BAD_ARGUMENT);
        }
        if (!ok(vm, a[1], 4) || !ok(vm, a[2], 4)) {
            return status(INVALID_MEMORY_ACCESS);
        }
        var buf = buffer(vm, type);
        if (buf == null) {
            return status(NOT_FOUND);
        }
        writeU32(vm, a[1], buf.size());
        // cpp-host always writes 0 flags.
        writeU32(vm, a[2], 0);
        return status(OK);
    }

    static long[] proxyGetBufferBytes(ProxyVm vm, long[] a) {
        var type = AbiCodes.bufferType((int) a[0]);
        if (type == null) {
            return status(BAD_ARGUMENT);
        }
        long start = a[1] & 0xFFFFFFFFL;
        long max = a[2] & 0xFFFFFFFFL;
        if (start + max > 0xFFFFFFFFL) {
            return status(BAD_ARGUMENT);
        }
        if (!ok(vm, a[3], 4) || !ok(vm, a[4], 4)) {
            return status(INVALID_MEMORY_ACCESS);
        }
        var buf = buffer(vm, type);
        if (buf == null) {
            return status(NOT_FOUND);
        }
        if (start >= buf.size()) {
            return status(copyOut(vm, new byte[0], a[3], a[4]));
        }
        int len = (int) Math.min(max, buf.size() - start);
        return status(copyOut(vm, buf.array(), (int) start, len, a[3], a[4]));
    }

    static long[] proxySetBufferBytes(ProxyVm vm, long[] a) {
        var type = AbiCodes.bufferType((int) a[0]);
        if (type == null) {
            return status(BAD_ARGUMENT);
        }
        var value = read(vm, a[3], a[4]);
        if (value == null) {
            return status(INVALID_MEMORY_ACCESS);
        }
        if (type.code() > BufferType.UPSTREAM_DATA.code()) {
            // Call responses, configurations and foreign arguments are read-only in Envoy.
            return status(readOnlyBuffer(vm, type) == null ? NOT_FOUND : BAD_ARGUMENT);
        }
        var buf = buffer(vm, type);
        if (buf == null) {
            return status(NOT_FOUND);
        }
        return status(buf.edit(a[1] & 0xFFFFFFFFL, a[2] & 0xFFFFFFFFL, value) ? OK : BAD_ARGUMENT);
    }

    // ------------------------------------------------------------------ HTTP callouts

    static long[] proxyHttpCall(ProxyVm vm, long[] a) {
        var upstream = readString(vm, a[0], a[1]);
        var headers = read(vm, a[2], a[3]);
        var body = read(vm, a[4], a[5]);
        var trailers = read(vm, a[6], a[7]);
        if (upstream == null || headers == null || body == null || trailers == null) {
            return status(INVALID_MEMORY_ACCESS);
        }
        // cpp-host writes 0 first to validate the pointer.
        if (!writeU32(vm, a[9], 0)) {
            return status(INVALID_MEMORY_ACCESS);
        }
        int timeoutMs = (int) a[8];
        var headerMap = Pairs.parse(headers);
        if (timeoutMs < 0
                || headerMap.get(":method") == null
                || headerMap.get(":path") == null
                || headerMap.get(":authority") == null) {
            vm.log(
                    LogLevel.WARN,
                    "proxy_http_call to '"
                            + upstream
                            + "' refused (BAD_ARGUMENT): the headers need :method, :path and"
                            + " :authority and the timeout must not be negative",
                    false);
            return status(BAD_ARGUMENT);
        }
        var http = vm.cfg.httpUpstream();
        if (!http.hasUpstream(upstream)) {
            vm.log(
                    LogLevel.WARN,
                    "proxy_http_call to unknown upstream '"
                            + upstream
                            + "' refused (BAD_ARGUMENT); fix: configure it with"
                            + " withHttpUpstream(..)",
                    false);
            return status(BAD_ARGUMENT);
        }
        vm.callouts.nextHttpToken += 4;
        int token = vm.callouts.nextHttpToken;
        var state = new HttpCallState(token, vm.target());
        vm.callouts.httpCalls.put(token, state);
        var request =
                new HttpCallRequest(
                        upstream,
                        headerMap.toHeaders(),
                        body,
                        Pairs.parse(trailers).toHeaders(),
                        Duration.ofMillis(timeoutMs));
        java.util.concurrent.CompletionStage<io.github.proxywasm4j.host.upstream.HttpCallResponse>
                stage;
        try {
            stage = http.send(request);
        } catch (RuntimeException e) {
            vm.callouts.httpCalls.remove(token);
            return status(INTERNAL_FAILURE);
        }
        if (timeoutMs > 0) {
            state.timeout =
                    vm.cfg
                            .scheduler()
                            .schedule(
                                    timeoutMs * 1_000_000L,
                                    () ->
                                            vm.post(
                                                    () ->
                                                            Callouts.deliverHttp(
                                                                    vm, state, null, "timeout")));
        }
        stage.whenComplete(
                (response, error) ->
                        vm.post(
                                () ->
                                        Callouts.deliverHttp(
                                                vm,
                                                state,
                                                error == null ? response : null,
                                                error == null && response != null
                                                        ? null
                                                        : "reset")));
        writeU32(vm, a[9], token);
        return status(OK);
    }

    // ------------------------------------------------------------------ gRPC

    static long[] proxyGrpcCall(ProxyVm vm, long[] a) {
        var upstream = read(vm, a[0], a[1]);
        var service = readString(vm, a[2], a[3]);
        var method = readString(vm, a[4], a[5]);
        var metadata = read(vm, a[6], a[7]);
        var message = read(vm, a[8], a[9]);
        if (upstream == null
                || service == null
                || method == null
                || metadata == null
                || message == null
                || !writeU32(vm, a[11], 0)) {
            return status(INVALID_MEMORY_ACCESS);
        }
        return status(
                startGrpc(
                        vm,
                        upstream,
                        service,
                        method,
                        metadata,
                        message,
                        (int) a[10],
                        false,
                        a[11]));
    }

    static long[] proxyGrpcStream(ProxyVm vm, long[] a) {
        var upstream = read(vm, a[0], a[1]);
        var service = readString(vm, a[2], a[3]);
        var method = readString(vm, a[4], a[5]);
        var metadata = read(vm, a[6], a[7]);
        if (upstream == null
                || service == null
                || method == null
                || metadata == null
                || !writeU32(vm, a[8], 0)) {
            return status(INVALID_MEMORY_ACCESS);
        }
        return status(
                startGrpc(vm, upstream, service, method, metadata, new byte[0], 0, true, a[8]));
    }

    private static int startGrpc(
            ProxyVm vm,
            byte[] upstreamBytes,
            String service,
            String method,
            byte[] metadata,
            byte[] message,
            int timeoutMs,
            boolean stream,
            long retToken) {
        var upstream = new String(upstreamBytes, StandardCharsets.ISO_8859_1);
        var grpc = vm.cfg.grpcUpstream();
        if (!grpc.hasUpstream(upstream)) {
            vm.log(
                    LogLevel.WARN,
                    "gRPC call to unknown upstream '"
                            + upstream
                            + "' refused (BAD_ARGUMENT); fix: configure withGrpcUpstream(..)",
                    false);
            return BAD_ARGUMENT;
        }
        int token;
        if (stream) {
            vm.callouts.nextGrpcStreamToken += 4;
            token = vm.callouts.nextGrpcStreamToken + 2;
        } else {
            vm.callouts.nextGrpcCallToken += 4;
            token = vm.callouts.nextGrpcCallToken + 1;
        }
        var state = new GrpcCallState(token, stream);
        state.root = vm.target().root;
        vm.callouts.grpcCalls.put(token, state);
        var request =
                new GrpcCallRequest(
                        upstream,
                        service,
                        method,
                        Pairs.parse(metadata).toHeaders(),
                        message,
                        Duration.ofMillis(Math.max(0, timeoutMs)),
                        stream);
        GrpcCallListener listener = Callouts.grpcListener(vm, state);
        try {
            state.call = grpc.start(request, listener);
        } catch (RuntimeException e) {
            vm.callouts.grpcCalls.remove(token);
            return INTERNAL_FAILURE;
        }
        if (!stream && timeoutMs > 0) {
            state.timeout =
                    vm.cfg
                            .scheduler()
                            .schedule(timeoutMs * 1_000_000L, () -> listener.close(4, "timeout"));
        }
        writeU32(vm, retToken, token);
        return OK;
    }

    static long[] proxyGrpcSend(ProxyVm vm, long[] a) {
        var message = read(vm, a[1], a[2]);
        if (message == null) {
            return status(INVALID_MEMORY_ACCESS);
        }
        var state = vm.callouts.grpcCalls.get((int) a[0]);
        if (state == null) {
            return status(NOT_FOUND);
        }
        if (!state.stream) {
            return status(BAD_ARGUMENT);
        }
        state.call.send(message, a[3] != 0);
        return status(OK);
    }

    static long[] proxyGrpcClose(ProxyVm vm, long[] a) {
        var state = vm.callouts.grpcCalls.get((int) a[0]);
        if (state == null) {
            return status(NOT_FOUND);
        }
        state.call.close();
        if (!state.stream) {
            Callouts.forgetGrpc(vm, state);
        }
        return status(OK);
    }

    static long[] proxyGrpcCancel(ProxyVm vm, long[] a) {
        var state = vm.callouts.grpcCalls.get((int) a[0]);
        if (state == null) {
            return status(NOT_FOUND);
        }
        state.call.cancel();
        Callouts.forgetGrpc(vm, state);
        return status(OK);
    }

    // ------------------------------------------------------------------ metrics

    static long[] proxyDefineMetric(ProxyVm vm, long[] a) {
        var type = AbiCodes.metricType((int) a[0]);
        if (type == null) {
            return status(BAD_ARGUMENT);
        }
        var name = readString(vm, a[1], a[2]);
        if (name == null || !ok(vm, a[3], 4)) {
            return status(INVALID_MEMORY_ACCESS);
        }
        int id = vm.cfg.metrics().define(type, name);
        writeU32(vm, a[3], id);
        return status(OK);
    }

    static long[] proxyIncrementMetric(ProxyVm vm, long[] a) {
        var m = vm.cfg.metrics().byId((int) a[0]);
        if (m == null) {
            return status(NOT_FOUND);
        }
        long delta = a[1];
        switch (m.type) {
            case COUNTER -> {
                if (delta <= 0) {
                    return status(BAD_ARGUMENT);
                }
                m.add(delta);
            }
            case GAUGE -> m.add(delta);
            default -> {
                return status(BAD_ARGUMENT);
            }
        }
        return status(OK);
    }

    static long[] proxyRecordMetric(ProxyVm vm, long[] a) {
        MetricRegistry.Metric m = vm.cfg.metrics().byId((int) a[0]);
        if (m == null) {
            return status(NOT_FOUND);
        }
        switch (m.type) {
            case COUNTER -> m.add(a[1]);
            case GAUGE -> m.set(a[1]);
            default -> m.record(a[1]);
        }
        return status(OK);
    }

    static long[] proxyGetMetric(ProxyVm vm, long[] a) {
        var m = vm.cfg.metrics().byId((int) a[0]);
        if (m == null) {
            return status(NOT_FOUND);
        }
        if (m.type == MetricType.HISTOGRAM) {
            return status(BAD_ARGUMENT);
        }
        return status(writeU64(vm, a[1], m.value()) ? OK : INVALID_MEMORY_ACCESS);
    }

    // ------------------------------------------------------------------ contexts, streams

    static long[] proxySetEffectiveContext(ProxyVm vm, long[] a) {
        var ctx = vm.context((int) a[0]);
        if (ctx == null) {
            return status(BAD_ARGUMENT);
        }
        vm.effective = ctx;
        return status(OK);
    }

    static long[] proxyDone(ProxyVm vm, long[] a) {
        return status(vm.target().root.rootDone() ? OK : NOT_FOUND);
    }

    static long[] proxyContinueStream(ProxyVm vm, long[] a) {
        var type = AbiCodes.streamType((int) a[0]);
        if (type == null) {
            return status(BAD_ARGUMENT);
        }
        var target = vm.target();
        if (type == StreamType.UPSTREAM) {
            // Envoy cannot resume the upstream side of a network filter.
            return status(UNIMPLEMENTED);
        }
        if (isHttp(type) && target instanceof HttpContext http) {
            vm.defer(() -> http.resume(type == StreamType.HTTP_REQUEST));
            return status(OK);
        }
        if (type == StreamType.DOWNSTREAM && target instanceof TcpContext tcp) {
            vm.defer(tcp::resume);
            return status(OK);
        }
        return status(BAD_ARGUMENT);
    }

    static long[] proxyCloseStream(ProxyVm vm, long[] a) {
        var type = AbiCodes.streamType((int) a[0]);
        if (type == null) {
            return status(BAD_ARGUMENT);
        }
        var target = vm.target();
        if (isHttp(type) && target instanceof HttpContext http) {
            http.close();
            return status(OK);
        }
        if (!isHttp(type) && target instanceof TcpContext tcp) {
            tcp.close();
            return status(OK);
        }
        return status(BAD_ARGUMENT);
    }

    // ------------------------------------------------------------------ foreign functions

    static long[] proxyCallForeignFunction(ProxyVm vm, long[] a) {
        var name = readString(vm, a[0], a[1]);
        var args = read(vm, a[2], a[3]);
        if (name == null || args == null) {
            return status(INVALID_MEMORY_ACCESS);
        }
        var fn = vm.cfg.foreignFunctions().get(name);
        if (fn == null) {
            return status(NOT_FOUND);
        }
        byte[] result;
        try {
            result = fn.call(args);
        } catch (RuntimeException e) {
            vm.log(LogLevel.ERROR, "foreign function '" + name + "' threw " + e, false);
            return status(INTERNAL_FAILURE);
        }
        if (a[4] == 0) {
            // The guest discards the result.
            return status(OK);
        }
        return status(copyOut(vm, result == null ? new byte[0] : result, a[4], a[5]));
    }

    // ------------------------------------------------------------------ ABI 0.1.0

    static long[] proxyGetConfiguration(ProxyVm vm, long[] a) {
        var root = vm.target().root;
        byte[] config =
                vm.configurationReadable && root.inConfigure
                        ? root.settings.pluginConfiguration()
                        : root.settings.vmConfiguration();
        return status(copyOut(vm, config, a[0], a[1]));
    }

    static long[] proxyContinueRequest(ProxyVm vm, long[] a) {
        return proxyContinueStream(vm, new long[] {0});
    }

    static long[] proxyContinueResponse(ProxyVm vm, long[] a) {
        return proxyContinueStream(vm, new long[] {1});
    }

    static long[] proxyClearRouteCache(ProxyVm vm, long[] a) {
        // No routes here; Envoy always answers OK.
        return status(OK);
    }

    // ------------------------------------------------------------------ Emscripten

    static long[] pthreadEqual(ProxyVm vm, long[] a) {
        return status((int) a[0] == (int) a[1] ? 1 : 0);
    }

    static long[] emscriptenNotifyMemoryGrowth(ProxyVm vm, long[] a) {
        return null;
    }

    static Headers headers(HeaderMap map) {
        return map == null ? Headers.empty() : map.toHeaders();
    }
}
