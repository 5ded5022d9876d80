package io.github.proxywasm4j.host.internal.vm;

import static io.github.proxywasm4j.host.internal.vm.HostFn.IN_ALLOCATOR;
import static io.github.proxywasm4j.host.internal.vm.HostFn.IN_INIT;
import static io.github.proxywasm4j.host.internal.vm.HostFn.bind;

import io.github.proxywasm4j.host.Headers;
import io.github.proxywasm4j.host.LogLevel;
import io.github.proxywasm4j.host.abi.AbiVersion;
import io.github.proxywasm4j.host.abi.BufferType;
import io.github.proxywasm4j.host.abi.FunctionSignature;
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
import java.util.LinkedHashMap;
import java.util.List;
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

    /**
     * The binding of each function of the ABI model ({@code AbiVersion}: every version's {@code
     * proxy_*} set and the Emscripten helpers) to its method below: where cpp-host allows it besides
     * normal callbacks, and the cast from Chicory's arguments.
     */
    // spotless:off: one line per function, so the table reads like the ABI it binds
    static final Map<String, HostFn> TABLE = HostFn.table(model(), Map.ofEntries(
            bind("proxy_log", IN_ALLOCATOR | IN_INIT, (vm, a) -> status(proxyLog(vm, (int) a[0], (int) a[1], (int) a[2]))),
            bind("proxy_get_log_level", (vm, a) -> status(proxyGetLogLevel(vm, (int) a[0]))),
            bind("proxy_get_current_time_nanoseconds", (vm, a) -> status(proxyGetCurrentTimeNanoseconds(vm, (int) a[0]))),
            bind("proxy_set_tick_period_milliseconds", (vm, a) -> status(proxySetTickPeriodMilliseconds(vm, (int) a[0]))),
            bind("proxy_get_status", (vm, a) -> status(proxyGetStatus(vm, (int) a[0], (int) a[1], (int) a[2]))),
            bind("proxy_set_property", (vm, a) -> status(proxySetProperty(vm, (int) a[0], (int) a[1], (int) a[2], (int) a[3]))),
            bind("proxy_get_property", (vm, a) -> status(proxyGetProperty(vm, (int) a[0], (int) a[1], (int) a[2], (int) a[3]))),
            bind("proxy_send_local_response", (vm, a) -> status(proxySendLocalResponse(vm, (int) a[0], (int) a[1], (int) a[2], (int) a[3], (int) a[4], (int) a[5], (int) a[6], (int) a[7]))),
            bind("proxy_get_shared_data", (vm, a) -> status(proxyGetSharedData(vm, (int) a[0], (int) a[1], (int) a[2], (int) a[3], (int) a[4]))),
            bind("proxy_set_shared_data", (vm, a) -> status(proxySetSharedData(vm, (int) a[0], (int) a[1], (int) a[2], (int) a[3], (int) a[4]))),
            bind("proxy_register_shared_queue", (vm, a) -> status(proxyRegisterSharedQueue(vm, (int) a[0], (int) a[1], (int) a[2]))),
            bind("proxy_resolve_shared_queue", (vm, a) -> status(proxyResolveSharedQueue(vm, (int) a[0], (int) a[1], (int) a[2], (int) a[3], (int) a[4]))),
            bind("proxy_dequeue_shared_queue", (vm, a) -> status(proxyDequeueSharedQueue(vm, (int) a[0], (int) a[1], (int) a[2]))),
            bind("proxy_enqueue_shared_queue", (vm, a) -> status(proxyEnqueueSharedQueue(vm, (int) a[0], (int) a[1], (int) a[2]))),
            bind("proxy_get_header_map_value", (vm, a) -> status(proxyGetHeaderMapValue(vm, (int) a[0], (int) a[1], (int) a[2], (int) a[3], (int) a[4]))),
            bind("proxy_add_header_map_value", (vm, a) -> status(proxyAddHeaderMapValue(vm, (int) a[0], (int) a[1], (int) a[2], (int) a[3], (int) a[4]))),
            bind("proxy_replace_header_map_value", (vm, a) -> status(proxyReplaceHeaderMapValue(vm, (int) a[0], (int) a[1], (int) a[2], (int) a[3], (int) a[4]))),
            bind("proxy_remove_header_map_value", (vm, a) -> status(proxyRemoveHeaderMapValue(vm, (int) a[0], (int) a[1], (int) a[2]))),
            bind("proxy_get_header_map_pairs", (vm, a) -> status(proxyGetHeaderMapPairs(vm, (int) a[0], (int) a[1], (int) a[2]))),
            bind("proxy_set_header_map_pairs", (vm, a) -> status(proxySetHeaderMapPairs(vm, (int) a[0], (int) a[1], (int) a[2]))),
            bind("proxy_get_header_map_size", (vm, a) -> status(proxyGetHeaderMapSize(vm, (int) a[0], (int) a[1]))),
            bind("proxy_get_buffer_status", (vm, a) -> status(proxyGetBufferStatus(vm, (int) a[0], (int) a[1], (int) a[2]))),
            bind("proxy_get_buffer_bytes", (vm, a) -> status(proxyGetBufferBytes(vm, (int) a[0], (int) a[1], (int) a[2], (int) a[3], (int) a[4]))),
            bind("proxy_set_buffer_bytes", (vm, a) -> status(proxySetBufferBytes(vm, (int) a[0], (int) a[1], (int) a[2], (int) a[3], (int) a[4]))),
            bind("proxy_http_call", (vm, a) -> status(proxyHttpCall(vm, (int) a[0], (int) a[1], (int) a[2], (int) a[3], (int) a[4], (int) a[5], (int) a[6], (int) a[7], (int) a[8], (int) a[9]))),
            bind("proxy_grpc_call", (vm, a) -> status(proxyGrpcCall(vm, (int) a[0], (int) a[1], (int) a[2], (int) a[3], (int) a[4], (int) a[5], (int) a[6], (int) a[7], (int) a[8], (int) a[9], (int) a[10], (int) a[11]))),
            bind("proxy_grpc_stream", (vm, a) -> status(proxyGrpcStream(vm, (int) a[0], (int) a[1], (int) a[2], (int) a[3], (int) a[4], (int) a[5], (int) a[6], (int) a[7], (int) a[8]))),
            bind("proxy_grpc_send", (vm, a) -> status(proxyGrpcSend(vm, (int) a[0], (int) a[1], (int) a[2], (int) a[3]))),
            bind("proxy_grpc_close", (vm, a) -> status(proxyGrpcClose(vm, (int) a[0]))),
            bind("proxy_grpc_cancel", (vm, a) -> status(proxyGrpcCancel(vm, (int) a[0]))),
            bind("proxy_define_metric", (vm, a) -> status(proxyDefineMetric(vm, (int) a[0], (int) a[1], (int) a[2], (int) a[3]))),
            bind("proxy_increment_metric", (vm, a) -> status(proxyIncrementMetric(vm, (int) a[0], a[1]))),
            bind("proxy_record_metric", (vm, a) -> status(proxyRecordMetric(vm, (int) a[0], a[1]))),
            bind("proxy_get_metric", (vm, a) -> status(proxyGetMetric(vm, (int) a[0], (int) a[1]))),
            bind("proxy_set_effective_context", (vm, a) -> status(proxySetEffectiveContext(vm, (int) a[0]))),
            bind("proxy_done", (vm, a) -> status(proxyDone(vm))),
            bind("proxy_call_foreign_function", (vm, a) -> status(proxyCallForeignFunction(vm, (int) a[0], (int) a[1], (int) a[2], (int) a[3], (int) a[4], (int) a[5]))),
            bind("proxy_continue_stream", (vm, a) -> status(proxyContinueStream(vm, (int) a[0]))),
            bind("proxy_close_stream", (vm, a) -> status(proxyCloseStream(vm, (int) a[0]))),
            // ABI 0.1.0 only.
            bind("proxy_get_configuration", (vm, a) -> status(proxyGetConfiguration(vm, (int) a[0], (int) a[1]))),
            bind("proxy_continue_request", (vm, a) -> status(proxyContinueRequest(vm))),
            bind("proxy_continue_response", (vm, a) -> status(proxyContinueResponse(vm))),
            bind("proxy_clear_route_cache", (vm, a) -> status(proxyClearRouteCache(vm))),
            // Emscripten helpers Envoy registers for every module.
            bind("pthread_equal", IN_ALLOCATOR | IN_INIT, (vm, a) -> status(pthreadEqual(vm, (int) a[0], (int) a[1]))),
            bind("emscripten_notify_memory_growth", IN_ALLOCATOR | IN_INIT, (vm, a) -> { emscriptenNotifyMemoryGrowth(vm, (int) a[0]); return null; })));
    // spotless:on

    /** Every function of every ABI version (same name, same type in each) and the helpers. */
    private static List<FunctionSignature> model() {
        var byName = new LinkedHashMap<String, FunctionSignature>();
        for (var version : AbiVersion.values()) {
            version.hostFunctions().forEach(f -> byName.putIfAbsent(f.name(), f));
        }
        AbiVersion.emscriptenFunctions().forEach(f -> byName.putIfAbsent(f.name(), f));
        return List.copyOf(byName.values());
    }

    private EnvFunctions() {}

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

    static int proxyLog(ProxyVm vm, int logLevel, int messageData, int messageSize) {
        var level = AbiCodes.logLevel(logLevel);
        if (level == null) {
            return BAD_ARGUMENT;
        }
        if (!ok(vm, messageData, messageSize)) {
            return INVALID_MEMORY_ACCESS;
        }
        // Envoy drops records below the level before decoding them; CRITICAL is kept for
        // failure reports.
        if (level.code() < vm.cfg.logLevel().code() && level != LogLevel.CRITICAL) {
            return OK;
        }
        vm.log(level, HostLimits.logText(vm, messageData, messageSize), true);
        return OK;
    }

    static int proxyGetLogLevel(ProxyVm vm, int returnLogLevel) {
        return writeU32(vm, returnLogLevel, vm.cfg.logLevel().code()) ? OK : INVALID_MEMORY_ACCESS;
    }

    static int proxyGetCurrentTimeNanoseconds(ProxyVm vm, int returnTime) {
        return writeU64(vm, returnTime, vm.cfg.clock().epochNanos()) ? OK : INVALID_MEMORY_ACCESS;
    }

    static int proxySetTickPeriodMilliseconds(ProxyVm vm, int tickPeriod) {
        vm.setTickPeriod(tickPeriod);
        return OK;
    }

    static int proxyGetStatus(
            ProxyVm vm,
            int returnStatusCode,
            int returnStatusMessageData,
            int returnStatusMessageSize) {
        if (!writeU32(vm, returnStatusCode, vm.statusCode)) {
            return INVALID_MEMORY_ACCESS;
        }
        return copyOut(vm, vm.statusMessage, returnStatusMessageData, returnStatusMessageSize);
    }

    // ------------------------------------------------------------------ properties

    static int proxySetProperty(
            ProxyVm vm, int pathData, int pathSize, int valueData, int valueSize) {
        var path = read(vm, pathData, pathSize);
        var value = read(vm, valueData, valueSize);
        if (path == null || value == null) {
            return INVALID_MEMORY_ACCESS;
        }
        var target = vm.target();
        target.setProperty(PropertyPath.canonical(path), value);
        HostLimits.checkProperties(vm, target);
        return OK;
    }

    static int proxyGetProperty(
            ProxyVm vm, int pathData, int pathSize, int returnValueData, int returnValueSize) {
        var path = read(vm, pathData, pathSize);
        if (path == null) {
            return INVALID_MEMORY_ACCESS;
        }
        var value = property(vm, vm.target(), PropertyPath.canonical(path));
        if (value == null) {
            return NOT_FOUND;
        }
        return copyOut(vm, value, returnValueData, returnValueSize);
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

    static int proxySendLocalResponse(
            ProxyVm vm,
            int statusCode,
            int statusCodeDetailsData,
            int statusCodeDetailsSize,
            int bodyData,
            int bodySize,
            int serializedHeadersData,
            int serializedHeadersSize,
            int grpcStatus) {
        var details = read(vm, statusCodeDetailsData, statusCodeDetailsSize);
        var body = read(vm, bodyData, bodySize);
        var headers = read(vm, serializedHeadersData, serializedHeadersSize);
        if (details == null || body == null || headers == null) {
            return INVALID_MEMORY_ACCESS;
        }
        if (!(vm.target() instanceof HttpContext http) || !HostLimits.validStatus(vm, statusCode)) {
            return BAD_ARGUMENT;
        }
        http.sendLocal(
                statusCode,
                new String(details, StandardCharsets.UTF_8),
                body,
                Pairs.parse(headers),
                grpcStatus);
        return OK;
    }

    // ------------------------------------------------------------------ shared data and queues

    static int proxyGetSharedData(
            ProxyVm vm,
            int keyData,
            int keySize,
            int returnValueData,
            int returnValueSize,
            int returnCas) {
        var key = readString(vm, keyData, keySize);
        if (key == null || !ok(vm, returnCas, 4)) {
            return INVALID_MEMORY_ACCESS;
        }
        var value = vm.cfg.shared().get(vm.cfg.vmId(), key);
        if (value == null) {
            return NOT_FOUND;
        }
        int s = copyOut(vm, value.bytes(), returnValueData, returnValueSize);
        if (s == OK) {
            writeU32(vm, returnCas, value.cas());
        }
        return s;
    }

    static int proxySetSharedData(
            ProxyVm vm, int keyData, int keySize, int valueData, int valueSize, int cas) {
        var key = readString(vm, keyData, keySize);
        var value = read(vm, valueData, valueSize);
        if (key == null || value == null) {
            return INVALID_MEMORY_ACCESS;
        }
        var limits = vm.cfg.limits();
        boolean stored =
                vm.cfg
                        .shared()
                        .set(
                                vm.cfg.vmId(),
                                key,
                                value,
                                cas,
                                limits.maxSharedDataKeys(),
                                limits.maxSharedDataBytes());
        return stored ? OK : CAS_MISMATCH;
    }

    static int proxyRegisterSharedQueue(ProxyVm vm, int nameData, int nameSize, int returnQueueId) {
        var name = readString(vm, nameData, nameSize);
        if (name == null || !ok(vm, returnQueueId, 4)) {
            return INVALID_MEMORY_ACCESS;
        }
        int id =
                vm.cfg
                        .shared()
                        .registerQueue(
                                vm.cfg.vmId(),
                                name,
                                vm,
                                vm.target().root.id,
                                vm.cfg.limits().maxSharedQueues());
        writeU32(vm, returnQueueId, id);
        return OK;
    }

    static int proxyResolveSharedQueue(
            ProxyVm vm, int vmIdData, int vmIdSize, int nameData, int nameSize, int returnQueueId) {
        var vmId = readString(vm, vmIdData, vmIdSize);
        var name = readString(vm, nameData, nameSize);
        if (vmId == null || name == null || !ok(vm, returnQueueId, 4)) {
            return INVALID_MEMORY_ACCESS;
        }
        int id = vm.cfg.shared().resolveQueue(vmId.isEmpty() ? vm.cfg.vmId() : vmId, name);
        if (id == 0) {
            return NOT_FOUND;
        }
        writeU32(vm, returnQueueId, id);
        return OK;
    }

    static int proxyDequeueSharedQueue(
            ProxyVm vm, int queueId, int returnValueData, int returnValueSize) {
        if (!ok(vm, returnValueData, 4) || !ok(vm, returnValueSize, 4)) {
            return INVALID_MEMORY_ACCESS;
        }
        var item = vm.cfg.shared().dequeue(queueId);
        if (item == null) {
            return NOT_FOUND;
        }
        if (item.isEmpty()) {
            return EMPTY;
        }
        return copyOut(vm, item.get(), returnValueData, returnValueSize);
    }

    static int proxyEnqueueSharedQueue(ProxyVm vm, int queueId, int valueData, int valueSize) {
        var value = read(vm, valueData, valueSize);
        if (value == null) {
            return INVALID_MEMORY_ACCESS;
        }
        var limits = vm.cfg.limits();
        boolean queued =
                vm.cfg
                        .shared()
                        .enqueue(queueId, value, limits.maxQueueItems(), limits.maxQueueBytes());
        return queued ? OK : NOT_FOUND;
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

    static int proxyGetHeaderMapValue(
            ProxyVm vm,
            int mapId,
            int keyData,
            int keySize,
            int returnValueData,
            int returnValueSize) {
        var type = AbiCodes.mapType(mapId);
        if (type == null) {
            return BAD_ARGUMENT;
        }
        var key = readString(vm, keyData, keySize);
        if (key == null) {
            return INVALID_MEMORY_ACCESS;
        }
        var map = map(vm, type, false);
        var value = map == null ? null : map.get(key);
        if (value == null) {
            // 0.1.0 modules get OK and an empty value instead of NOT_FOUND (Envoy).
            return vm.abi010
                    ? copyOut(vm, new byte[0], returnValueData, returnValueSize)
                    : NOT_FOUND;
        }
        return copyOut(
                vm, value.getBytes(StandardCharsets.UTF_8), returnValueData, returnValueSize);
    }

    static int proxyAddHeaderMapValue(
            ProxyVm vm, int mapId, int keyData, int keySize, int valueData, int valueSize) {
        return edit(vm, MapEdit.ADD, mapId, keyData, keySize, valueData, valueSize);
    }

    static int proxyReplaceHeaderMapValue(
            ProxyVm vm, int mapId, int keyData, int keySize, int valueData, int valueSize) {
        return edit(vm, MapEdit.REPLACE, mapId, keyData, keySize, valueData, valueSize);
    }

    static int proxyRemoveHeaderMapValue(ProxyVm vm, int mapId, int keyData, int keySize) {
        return edit(vm, MapEdit.REMOVE, mapId, keyData, keySize, 0, 0);
    }

    private static int edit(
            ProxyVm vm,
            MapEdit op,
            int mapId,
            int keyData,
            int keySize,
            int valueData,
            int valueSize) {
        var type = AbiCodes.mapType(mapId);
        if (type == null) {
            return BAD_ARGUMENT;
        }
        var key = readString(vm, keyData, keySize);
        String value = op == MapEdit.REMOVE ? "" : readString(vm, valueData, valueSize);
        if (key == null || value == null) {
            return INVALID_MEMORY_ACCESS;
        }
        var map = map(vm, type, true);
        if (map == null) {
            return BAD_ARGUMENT;
        }
        switch (op) {
            case ADD -> map.add(key, value);
            case REPLACE -> map.replace(key, value);
            case REMOVE -> map.remove(key);
        }
        HostLimits.checkHeaders(vm, map, type);
        return OK;
    }

    static int proxyGetHeaderMapPairs(
            ProxyVm vm, int mapId, int returnSerializedPairsData, int returnSerializedPairsSize) {
        var type = AbiCodes.mapType(mapId);
        if (type == null) {
            return BAD_ARGUMENT;
        }
        var map = map(vm, type, false);
        if (map == null || map.size() == 0) {
            return copyOut(vm, new byte[0], returnSerializedPairsData, returnSerializedPairsSize);
        }
        return copyOut(
                vm, Pairs.serialize(map), returnSerializedPairsData, returnSerializedPairsSize);
    }

    static int proxySetHeaderMapPairs(
            ProxyVm vm, int mapId, int serializedPairsData, int serializedPairsSize) {
        var type = AbiCodes.mapType(mapId);
        if (type == null) {
            return BAD_ARGUMENT;
        }
        var data = read(vm, serializedPairsData, serializedPairsSize);
        if (data == null) {
            return INVALID_MEMORY_ACCESS;
        }
        var map = map(vm, type, true);
        if (map == null) {
            return BAD_ARGUMENT;
        }
        var pairs = Pairs.parse(data);
        map.clear();
        for (int i = 0; i < pairs.size(); i++) {
            map.add(pairs.name(i), pairs.value(i));
        }
        HostLimits.checkHeaders(vm, map, type);
        return OK;
    }

    static int proxyGetHeaderMapSize(ProxyVm vm, int mapId, int returnSerializedPairsSize) {
        var type = AbiCodes.mapType(mapId);
        if (type == null) {
            return BAD_ARGUMENT;
        }
        var map = map(vm, type, false);
        // Envoy writes the map's byte size (names plus values), not the serialized size.
        long size = map == null ? 0 : map.byteSize();
        return writeU32(vm, returnSerializedPairsSize, size) ? OK : INVALID_MEMORY_ACCESS;
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

    static int proxyGetBufferStatus(
            ProxyVm vm, int bufferId, int returnBufferSize, int returnUnused) {
        var type = AbiCodes.bufferType(bufferId);
        if (type == null) {
            return BAD_ARGUMENT;
        }
        if (!ok(vm, returnBufferSize, 4) || !ok(vm, returnUnused, 4)) {
            return INVALID_MEMORY_ACCESS;
        }
        var buf = buffer(vm, type);
        if (buf == null) {
            return NOT_FOUND;
        }
        writeU32(vm, returnBufferSize, buf.size());
        // cpp-host always writes 0 flags.
        writeU32(vm, returnUnused, 0);
        return OK;
    }

    static int proxyGetBufferBytes(
            ProxyVm vm,
            int bufferId,
            int start,
            int maxSize,
            int returnValueData,
            int returnValueSize) {
        var type = AbiCodes.bufferType(bufferId);
        if (type == null) {
            return BAD_ARGUMENT;
        }
        long from = Integer.toUnsignedLong(start);
        long max = Integer.toUnsignedLong(maxSize);
        if (from + max > 0xFFFFFFFFL) {
            return BAD_ARGUMENT;
        }
        if (!ok(vm, returnValueData, 4) || !ok(vm, returnValueSize, 4)) {
            return INVALID_MEMORY_ACCESS;
        }
        var buf = buffer(vm, type);
        if (buf == null) {
            return NOT_FOUND;
        }
        if (from >= buf.size()) {
            return copyOut(vm, new byte[0], returnValueData, returnValueSize);
        }
        int len = (int) Math.min(max, buf.size() - from);
        return copyOut(vm, buf.array(), (int) from, len, returnValueData, returnValueSize);
    }

    static int proxySetBufferBytes(
            ProxyVm vm, int bufferId, int start, int size, int valueData, int valueSize) {
        var type = AbiCodes.bufferType(bufferId);
        if (type == null) {
            return BAD_ARGUMENT;
        }
        var value = read(vm, valueData, valueSize);
        if (value == null) {
            return INVALID_MEMORY_ACCESS;
        }
        if (type.code() > BufferType.UPSTREAM_DATA.code()) {
            // Call responses, configurations and foreign arguments are read-only in Envoy.
            return readOnlyBuffer(vm, type) == null ? NOT_FOUND : BAD_ARGUMENT;
        }
        var buf = buffer(vm, type);
        if (buf == null) {
            return NOT_FOUND;
        }
        boolean edited =
                buf.edit(Integer.toUnsignedLong(start), Integer.toUnsignedLong(size), value);
        HostLimits.checkBody(vm, buf, type);
        return edited ? OK : BAD_ARGUMENT;
    }

    // ------------------------------------------------------------------ HTTP callouts

    static int proxyHttpCall(
            ProxyVm vm,
            int upstreamNameData,
            int upstreamNameSize,
            int serializedHeadersData,
            int serializedHeadersSize,
            int bodyData,
            int bodySize,
            int serializedTrailersData,
            int serializedTrailersSize,
            int timeoutMs,
            int returnCallId) {
        var upstream = readString(vm, upstreamNameData, upstreamNameSize);
        var headers = read(vm, serializedHeadersData, serializedHeadersSize);
        var body = read(vm, bodyData, bodySize);
        var trailers = read(vm, serializedTrailersData, serializedTrailersSize);
        if (upstream == null || headers == null || body == null || trailers == null) {
            return INVALID_MEMORY_ACCESS;
        }
        // cpp-host writes 0 first to validate the pointer.
        if (!writeU32(vm, returnCallId, 0)) {
            return INVALID_MEMORY_ACCESS;
        }
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
            return BAD_ARGUMENT;
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
            return BAD_ARGUMENT;
        }
        if (HostLimits.calloutRefused(vm, upstream, "proxy_http_call")) {
            return INTERNAL_FAILURE;
        }
        vm.callouts.nextHttpToken += 4;
        int token = vm.callouts.nextHttpToken;
        var state = new HttpCallState(token, vm.target());
        state.upstream = upstream;
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
            return INTERNAL_FAILURE;
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
        writeU32(vm, returnCallId, token);
        return OK;
    }

    // ------------------------------------------------------------------ gRPC

    static int proxyGrpcCall(
            ProxyVm vm,
            int upstreamNameData,
            int upstreamNameSize,
            int serviceNameData,
            int serviceNameSize,
            int methodNameData,
            int methodNameSize,
            int serializedInitialMetadataData,
            int serializedInitialMetadataSize,
            int messageData,
            int messageSize,
            int timeoutMs,
            int returnCallId) {
        return grpcOpen(
                vm,
                upstreamNameData,
                upstreamNameSize,
                serviceNameData,
                serviceNameSize,
                methodNameData,
                methodNameSize,
                serializedInitialMetadataData,
                serializedInitialMetadataSize,
                messageData,
                messageSize,
                timeoutMs,
                false,
                returnCallId);
    }

    static int proxyGrpcStream(
            ProxyVm vm,
            int upstreamNameData,
            int upstreamNameSize,
            int serviceNameData,
            int serviceNameSize,
            int methodNameData,
            int methodNameSize,
            int serializedInitialMetadataData,
            int serializedInitialMetadataSize,
            int returnStreamId) {
        // No message: an empty range, always in bounds.
        return grpcOpen(
                vm,
                upstreamNameData,
                upstreamNameSize,
                serviceNameData,
                serviceNameSize,
                methodNameData,
                methodNameSize,
                serializedInitialMetadataData,
                serializedInitialMetadataSize,
                0,
                0,
                0,
                true,
                returnStreamId);
    }

    private static int grpcOpen(
            ProxyVm vm,
            int upstreamNameData,
            int upstreamNameSize,
            int serviceNameData,
            int serviceNameSize,
            int methodNameData,
            int methodNameSize,
            int serializedInitialMetadataData,
            int serializedInitialMetadataSize,
            int messageData,
            int messageSize,
            int timeoutMs,
            boolean stream,
            int returnId) {
        var upstream = read(vm, upstreamNameData, upstreamNameSize);
        var service = readString(vm, serviceNameData, serviceNameSize);
        var method = readString(vm, methodNameData, methodNameSize);
        var metadata = read(vm, serializedInitialMetadataData, serializedInitialMetadataSize);
        var message = read(vm, messageData, messageSize);
        if (upstream == null
                || service == null
                || method == null
                || metadata == null
                || message == null
                || !writeU32(vm, returnId, 0)) {
            return INVALID_MEMORY_ACCESS;
        }
        return startGrpc(
                vm, upstream, service, method, metadata, message, timeoutMs, stream, returnId);
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
        if (HostLimits.calloutRefused(
                vm, upstream, stream ? "proxy_grpc_stream" : "proxy_grpc_call")) {
            return INTERNAL_FAILURE;
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
        state.upstream = upstream;
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

    static int proxyGrpcSend(
            ProxyVm vm, int streamId, int messageData, int messageSize, int endStream) {
        var message = read(vm, messageData, messageSize);
        if (message == null) {
            return INVALID_MEMORY_ACCESS;
        }
        var state = vm.callouts.grpcCalls.get(streamId);
        if (state == null) {
            return NOT_FOUND;
        }
        if (!state.stream) {
            return BAD_ARGUMENT;
        }
        state.call.send(message, endStream != 0);
        return OK;
    }

    static int proxyGrpcClose(ProxyVm vm, int callOrStreamId) {
        var state = vm.callouts.grpcCalls.get(callOrStreamId);
        if (state == null) {
            return NOT_FOUND;
        }
        state.call.close();
        if (!state.stream) {
            Callouts.forgetGrpc(vm, state);
        }
        return OK;
    }

    static int proxyGrpcCancel(ProxyVm vm, int callOrStreamId) {
        var state = vm.callouts.grpcCalls.get(callOrStreamId);
        if (state == null) {
            return NOT_FOUND;
        }
        state.call.cancel();
        Callouts.forgetGrpc(vm, state);
        return OK;
    }

    // ------------------------------------------------------------------ metrics

    static int proxyDefineMetric(
            ProxyVm vm, int metricType, int nameData, int nameSize, int returnMetricId) {
        var type = AbiCodes.metricType(metricType);
        if (type == null) {
            return BAD_ARGUMENT;
        }
        var name = readString(vm, nameData, nameSize);
        if (name == null || !ok(vm, returnMetricId, 4)) {
            return INVALID_MEMORY_ACCESS;
        }
        int id =
                vm.cfg
                        .metrics()
                        .define(
                                type,
                                name,
                                vm.cfg.limits().maxMetrics(),
                                vm.cfg.limits().maxMetricNameBytes());
        writeU32(vm, returnMetricId, id);
        return OK;
    }

    static int proxyIncrementMetric(ProxyVm vm, int metricId, long delta) {
        var m = vm.cfg.metrics().byId(metricId);
        if (m == null) {
            return NOT_FOUND;
        }
        switch (m.type) {
            case COUNTER -> {
                if (delta <= 0) {
                    return BAD_ARGUMENT;
                }
                m.add(delta);
            }
            case GAUGE -> m.add(delta);
            default -> {
                return BAD_ARGUMENT;
            }
        }
        return OK;
    }

    static int proxyRecordMetric(ProxyVm vm, int metricId, long value) {
        MetricRegistry.Metric m = vm.cfg.metrics().byId(metricId);
        if (m == null) {
            return NOT_FOUND;
        }
        switch (m.type) {
            case COUNTER -> m.add(value);
            case GAUGE -> m.set(value);
            default -> m.record(value);
        }
        return OK;
    }

    static int proxyGetMetric(ProxyVm vm, int metricId, int returnValue) {
        var m = vm.cfg.metrics().byId(metricId);
        if (m == null) {
            return NOT_FOUND;
        }
        if (m.type == MetricType.HISTOGRAM) {
            return BAD_ARGUMENT;
        }
        return writeU64(vm, returnValue, m.value()) ? OK : INVALID_MEMORY_ACCESS;
    }

    // ------------------------------------------------------------------ contexts, streams

    static int proxySetEffectiveContext(ProxyVm vm, int contextId) {
        var ctx = vm.context(contextId);
        if (ctx == null) {
            return BAD_ARGUMENT;
        }
        vm.effective = ctx;
        return OK;
    }

    static int proxyDone(ProxyVm vm) {
        return vm.target().root.rootDone() ? OK : NOT_FOUND;
    }

    static int proxyContinueStream(ProxyVm vm, int streamType) {
        var type = AbiCodes.streamType(streamType);
        if (type == null) {
            return BAD_ARGUMENT;
        }
        var target = vm.target();
        if (type == StreamType.UPSTREAM) {
            // Envoy cannot resume the upstream side of a network filter.
            return UNIMPLEMENTED;
        }
        if (isHttp(type) && target instanceof HttpContext http) {
            vm.defer(() -> http.resume(type == StreamType.HTTP_REQUEST));
            return OK;
        }
        if (type == StreamType.DOWNSTREAM && target instanceof TcpContext tcp) {
            vm.defer(tcp::resume);
            return OK;
        }
        return BAD_ARGUMENT;
    }

    static int proxyCloseStream(ProxyVm vm, int streamType) {
        var type = AbiCodes.streamType(streamType);
        if (type == null) {
            return BAD_ARGUMENT;
        }
        var target = vm.target();
        if (isHttp(type) && target instanceof HttpContext http) {
            http.close();
            return OK;
        }
        if (!isHttp(type) && target instanceof TcpContext tcp) {
            tcp.close();
            return OK;
        }
        return BAD_ARGUMENT;
    }

    // ------------------------------------------------------------------ foreign functions

    static int proxyCallForeignFunction(
            ProxyVm vm,
            int nameData,
            int nameSize,
            int argumentsData,
            int argumentsSize,
            int returnResultsData,
            int returnResultsSize) {
        var name = readString(vm, nameData, nameSize);
        var args = read(vm, argumentsData, argumentsSize);
        if (name == null || args == null) {
            return INVALID_MEMORY_ACCESS;
        }
        var fn = vm.cfg.foreignFunctions().get(name);
        if (fn == null) {
            return NOT_FOUND;
        }
        byte[] result;
        try {
            result = fn.call(args);
        } catch (RuntimeException e) {
            vm.log(LogLevel.ERROR, "foreign function '" + name + "' threw " + e, false);
            return INTERNAL_FAILURE;
        }
        if (returnResultsData == 0) {
            // The guest discards the result.
            return OK;
        }
        return copyOut(
                vm, result == null ? new byte[0] : result, returnResultsData, returnResultsSize);
    }

    // ------------------------------------------------------------------ ABI 0.1.0

    static int proxyGetConfiguration(ProxyVm vm, int returnValueData, int returnValueSize) {
        var root = vm.target().root;
        byte[] config =
                vm.configurationReadable && root.inConfigure
                        ? root.settings.pluginConfiguration()
                        : root.settings.vmConfiguration();
        return copyOut(vm, config, returnValueData, returnValueSize);
    }

    static int proxyContinueRequest(ProxyVm vm) {
        return proxyContinueStream(vm, StreamType.HTTP_REQUEST.code());
    }

    static int proxyContinueResponse(ProxyVm vm) {
        return proxyContinueStream(vm, StreamType.HTTP_RESPONSE.code());
    }

    static int proxyClearRouteCache(ProxyVm vm) {
        // No routes here; Envoy always answers OK.
        return OK;
    }

    // ------------------------------------------------------------------ Emscripten

    static int pthreadEqual(ProxyVm vm, int a, int b) {
        return a == b ? 1 : 0;
    }

    static void emscriptenNotifyMemoryGrowth(ProxyVm vm, int memoryIndex) {
        // A no-op, as in cpp-host: guest memory is read through Chicory's Memory on every call.
    }

    static Headers headers(HeaderMap map) {
        return map == null ? Headers.empty() : map.toHeaders();
    }
}
