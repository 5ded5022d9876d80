package io.github.proxywasm4j.benchmarks;

import com.dylibso.chicory.runtime.ExecutionListener;
import com.dylibso.chicory.runtime.ExportFunction;
import com.dylibso.chicory.runtime.HostFunction;
import com.dylibso.chicory.runtime.ImportValues;
import com.dylibso.chicory.runtime.Instance;
import com.dylibso.chicory.runtime.Machine;
import com.dylibso.chicory.runtime.Memory;
import com.dylibso.chicory.wasm.WasmModule;
import com.dylibso.chicory.wasm.types.FunctionType;
import com.dylibso.chicory.wasm.types.ValType;
import io.github.proxywasm4j.host.internal.memory.FlatMemory;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.function.Function;

/**
 * A deliberately minimal Proxy-Wasm driver straight on Chicory: the handful of host functions the
 * benchmark filters import, nothing else. It is not the product; it exists to count guest
 * instructions (the interpreter's execution listener, which the SDK does not expose) and as the
 * "bare Chicory" reference the SDK's own overhead is compared with.
 */
final class RawHost {

    static final int ROOT_ID = 1;

    private final Instance instance;
    private final ExportFunction malloc;
    private final ExportFunction onContextCreate;
    private final ExportFunction onRequestHeaders;
    private final ExportFunction onRequestBody;
    private final ExportFunction onResponseHeaders;
    private final ExportFunction onLog;
    private final ExportFunction onDone;
    private final ExportFunction onDelete;
    private final byte[] rootId;
    private final byte[] configuration;
    private final List<String[]> requestHeaders;
    private byte[] requestBody = new byte[0];
    private final List<String[]> responseHeadersAdded = new ArrayList<>();
    private int logCalls;
    private long logBytes;
    private int nextContext = ROOT_ID + 1;

    RawHost(
            WasmModule module,
            Function<Instance, Machine> machine,
            ExecutionListener listener,
            String rootId,
            String configuration,
            List<String[]> requestHeaders) {
        this.rootId = rootId.getBytes(StandardCharsets.UTF_8);
        this.configuration = configuration.getBytes(StandardCharsets.UTF_8);
        this.requestHeaders = requestHeaders;
        var builder =
                Instance.builder(module)
                        .withImportValues(imports())
                        .withMemoryFactory(FlatMemory::factory)
                        .withStart(false);
        if (machine != null) {
            builder.withMachineFactory(machine);
        }
        if (listener != null) {
            builder.withUnsafeExecutionListener(listener);
        }
        instance = builder.build();
        malloc = instance.export("malloc");
        onContextCreate = instance.export("proxy_on_context_create");
        onRequestHeaders = instance.export("proxy_on_request_headers");
        onRequestBody = optionalExport("proxy_on_request_body");
        onResponseHeaders = instance.export("proxy_on_response_headers");
        onLog = instance.export("proxy_on_log");
        onDone = instance.export("proxy_on_done");
        onDelete = instance.export("proxy_on_delete");
        onContextCreate.apply(ROOT_ID, 0);
        instance.export("proxy_on_vm_start").apply(ROOT_ID, 0);
        instance.export("proxy_on_configure").apply(ROOT_ID, this.configuration.length);
    }

    private ExportFunction optionalExport(String name) {
        var exports = instance.module().exportSection();
        for (var i = 0; i < exports.exportCount(); i++) {
            if (exports.getExport(i).name().equals(name)) {
                return instance.export(name);
            }
        }
        return null;
    }

    void setRequestBody(byte[] body) {
        this.requestBody = body;
    }

    /** One request: create, request headers (and body), response headers, log, done, delete. */
    void request() {
        var id = nextContext++;
        responseHeadersAdded.clear();
        onContextCreate.apply(id, ROOT_ID);
        onRequestHeaders.apply(id, requestHeaders.size(), requestBody.length == 0 ? 1 : 0);
        if (requestBody.length > 0 && onRequestBody != null) {
            onRequestBody.apply(id, requestBody.length, 1);
        }
        onResponseHeaders.apply(id, 1, 0);
        onLog.apply(id);
        onDone.apply(id);
        onDelete.apply(id);
    }

    List<String[]> responseHeadersAdded() {
        return Collections.unmodifiableList(responseHeadersAdded);
    }

    int logCalls() {
        return logCalls;
    }

    long logBytes() {
        return logBytes;
    }

    private int giveToGuest(Memory memory, byte[] data, int ptrPtr, int sizePtr) {
        var ptr = (int) malloc.apply(Math.max(1, data.length))[0];
        memory.write(ptr, data);
        memory.writeI32(ptrPtr, ptr);
        memory.writeI32(sizePtr, data.length);
        return 0;
    }

    private ImportValues imports() {
        var i32 = ValType.I32;
        return ImportValues.builder()
                .addFunction(
                        fn(
                                "env",
                                "proxy_log",
                                List.of(i32, i32, i32),
                                (inst, args) -> {
                                    logCalls++;
                                    logBytes += args[2];
                                    return 0;
                                }),
                        fn(
                                "env",
                                "proxy_get_property",
                                List.of(i32, i32, i32, i32),
                                (inst, args) -> {
                                    var path =
                                            inst.memory().readString((int) args[0], (int) args[1]);
                                    if (!path.equals("plugin_root_id")) {
                                        return 1; // NotFound
                                    }
                                    return giveToGuest(
                                            inst.memory(), rootId, (int) args[2], (int) args[3]);
                                }),
                        fn(
                                "env",
                                "proxy_get_buffer_bytes",
                                List.of(i32, i32, i32, i32, i32),
                                (inst, args) -> {
                                    var data = args[0] == 7 ? configuration : requestBody;
                                    var start = (int) Math.min(args[1], data.length);
                                    var end = (int) Math.min(start + args[2], data.length);
                                    var slice = java.util.Arrays.copyOfRange(data, start, end);
                                    return giveToGuest(
                                            inst.memory(), slice, (int) args[3], (int) args[4]);
                                }),
                        fn("env", "proxy_set_effective_context", List.of(i32), (inst, args) -> 0),
                        fn(
                                "env",
                                "proxy_add_header_map_value",
                                List.of(i32, i32, i32, i32, i32),
                                (inst, args) -> {
                                    var m = inst.memory();
                                    responseHeadersAdded.add(
                                            new String[] {
                                                m.readString((int) args[1], (int) args[2]),
                                                m.readString((int) args[3], (int) args[4])
                                            });
                                    return 0;
                                }),
                        fn(
                                "env",
                                "proxy_get_header_map_pairs",
                                List.of(i32, i32, i32),
                                (inst, args) ->
                                        giveToGuest(
                                                inst.memory(),
                                                serialize(requestHeaders),
                                                (int) args[1],
                                                (int) args[2])),
                        fn(
                                "env",
                                "proxy_define_metric",
                                List.of(i32, i32, i32, i32),
                                (inst, args) -> {
                                    inst.memory().writeI32((int) args[3], 1);
                                    return 0;
                                }),
                        new HostFunction(
                                "env",
                                "proxy_increment_metric",
                                FunctionType.of(List.of(i32, ValType.I64), List.of(i32)),
                                (inst, args) -> new long[] {0}),
                        new HostFunction(
                                "wasi_unstable",
                                "proc_exit",
                                FunctionType.of(List.of(i32), List.of()),
                                (inst, args) -> {
                                    throw new IllegalStateException("proc_exit(" + args[0] + ")");
                                }))
                .build();
    }

    /** proxy-wasm header map: count, (key length, value length)*, then key\0value\0 each. */
    static byte[] serialize(List<String[]> headers) {
        var size = 4 + headers.size() * 8;
        var encoded = new ArrayList<byte[]>();
        for (var h : headers) {
            var k = h[0].getBytes(StandardCharsets.UTF_8);
            var v = h[1].getBytes(StandardCharsets.UTF_8);
            encoded.add(k);
            encoded.add(v);
            size += k.length + v.length + 2;
        }
        var out = java.nio.ByteBuffer.allocate(size).order(java.nio.ByteOrder.LITTLE_ENDIAN);
        out.putInt(headers.size());
        for (var b : encoded) {
            out.putInt(b.length);
        }
        for (var b : encoded) {
            out.put(b).put((byte) 0);
        }
        return out.array();
    }

    private interface Handler {
        long apply(Instance instance, long[] args);
    }

    private static HostFunction fn(String module, String name, List<ValType> params, Handler h) {
        return new HostFunction(
                module,
                name,
                FunctionType.of(params, List.of(ValType.I32)),
                (inst, args) -> new long[] {h.apply(inst, args)});
    }
}
