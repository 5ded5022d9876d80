package io.github.proxywasm4j.host.core;

import io.github.proxywasm4j.host.ProxyWasmModule;
import io.github.proxywasm4j.host.core.WasmBuilder.Code;

/**
 * Tiny ABI 0.2.1 modules built in memory, each with one request-headers behaviour. Strings live at
 * fixed addresses: 16 "x-status", 32 the digits "0123456789" (a status s is written as the one
 * byte at 32 + s), 48 "tick", 64 "plugin_root_id", 80 "x-log", 96 "x-prop".
 */
final class ProbeModules {
    enum Behaviour {
        /** Adds {@code x-status: 0} and continues. */
        OK,
        /** Traps with unreachable. */
        TRAP,
        /** Calls WASI proc_exit(7). */
        EXIT,
        /** Spins forever. */
        LOOP,
        /** Grows memory until it cannot, then traps. */
        GROW,
        /** Hands the host out-of-bounds pointers and reports the statuses as headers. */
        OOB
    }

    private ProbeModules() {}

    /**
     * A module that pauses every request on a callout to upstream {@code up} ({@code GET /check},
     * timeout 5 s) and resumes it from {@code proxy_on_http_call_response}, whatever the answer.
     */
    static ProxyWasmModule callout() {
        return callout(false);
    }

    /**
     * {@link #callout()}; with {@code logReplies}, {@code proxy_on_http_call_response} also logs
     * "reply" at INFO, so a test sees delivered replies without entering the VM, and the callouts
     * have no timeout (only the test's replies reach the module).
     */
    static ProxyWasmModule callout(boolean logReplies) {
        var w = new WasmBuilder();
        int httpCall = w.importFunc("env", "proxy_http_call", 10, true);
        int log = logReplies ? w.importFunc("env", "proxy_log", 3, true) : -1;
        int setEffective = w.importFunc("env", "proxy_set_effective_context", 1, true);
        int continueStream = w.importFunc("env", "proxy_continue_stream", 1, true);
        w.memory(1, 2);
        var headers = serializedPairs(":method", "GET", ":path", "/check", ":authority", "up");
        w.data(240, "up");
        w.data(224, "reply");
        w.dataBytes(256, headers);
        int heap = w.global(4096);
        int stream = w.global(0);
        w.func(
                "malloc",
                1,
                true,
                1,
                Code.of()
                        .global(heap)
                        .setLocal(1)
                        .global(heap)
                        .local(0)
                        .add()
                        .setGlobal(heap)
                        .local(1));
        w.func("proxy_abi_version_0_2_1", 0, false, 0, Code.of());
        w.func("proxy_on_context_create", 2, false, 0, Code.of());
        w.func("proxy_on_vm_start", 2, true, 0, Code.of().i32(1));
        w.func("proxy_on_configure", 2, true, 0, Code.of().i32(1));
        w.func(
                "proxy_on_request_headers",
                3,
                true,
                0,
                Code.of()
                        .local(0)
                        .setGlobal(stream)
                        .i32(240)
                        .i32(2)
                        .i32(256)
                        .i32(headers.length)
                        .i32(0)
                        .i32(0)
                        .i32(0)
                        .i32(0)
                        .i32(logReplies ? 0 : 5000)
                        .i32(16)
                        .call(httpCall)
                        .drop()
                        .i32(1));
        var onReply = Code.of();
        if (logReplies) {
            onReply.i32(2).i32(224).i32(5).call(log).drop();
        }
        w.func(
                "proxy_on_http_call_response",
                5,
                false,
                0,
                onReply.global(stream)
                        .call(setEffective)
                        .drop()
                        .i32(0)
                        .call(continueStream)
                        .drop());
        w.func("proxy_on_done", 1, true, 0, Code.of().i32(1));
        return ProxyWasmModule.load(w.build());
    }

    /**
     * A module whose every callback logs its own name at INFO (e.g. {@code on_request_headers}), to
     * check the order in which the host calls them.
     */
    static ProxyWasmModule lifecycle() {
        var w = new WasmBuilder();
        int log = w.importFunc("env", "proxy_log", 3, true);
        w.memory(1, 2);
        int heap = w.global(4096);
        w.func(
                "malloc",
                1,
                true,
                1,
                Code.of()
                        .global(heap)
                        .setLocal(1)
                        .global(heap)
                        .local(0)
                        .add()
                        .setGlobal(heap)
                        .local(1));
        w.func("proxy_abi_version_0_2_1", 0, false, 0, Code.of());
        int offset = 16;
        String[][] callbacks = {
            {"proxy_on_context_create", "2", "-"},
            {"proxy_on_vm_start", "2", "1"},
            {"proxy_on_configure", "2", "1"},
            {"proxy_on_request_headers", "3", "0"},
            {"proxy_on_request_body", "3", "0"},
            {"proxy_on_request_trailers", "2", "0"},
            {"proxy_on_response_headers", "3", "0"},
            {"proxy_on_response_body", "3", "0"},
            {"proxy_on_response_trailers", "2", "0"},
            {"proxy_on_new_connection", "1", "0"},
            {"proxy_on_downstream_data", "3", "0"},
            {"proxy_on_upstream_data", "3", "0"},
            {"proxy_on_downstream_connection_close", "2", "-"},
            {"proxy_on_upstream_connection_close", "2", "-"},
            {"proxy_on_log", "1", "-"},
            {"proxy_on_done", "1", "1"},
            {"proxy_on_delete", "1", "-"},
        };
        for (var cb : callbacks) {
            var text = cb[0].substring("proxy_".length());
            w.data(offset, text);
            var code = Code.of().i32(2).i32(offset).i32(text.length()).call(log).drop();
            boolean returns = !cb[2].equals("-");
            if (returns) {
                code.i32(Integer.parseInt(cb[2]));
            }
            w.func(cb[0], Integer.parseInt(cb[1]), returns, 0, code);
            offset += text.length() + 1;
        }
        return ProxyWasmModule.load(w.build());
    }

    static ProxyWasmModule module(Behaviour behaviour, boolean tick) {
        return ProxyWasmModule.load(bytes(behaviour, tick));
    }

    static byte[] bytes(Behaviour behaviour, boolean tick) {
        var w = new WasmBuilder();
        int log = w.importFunc("env", "proxy_log", 3, true);
        int addHeader = w.importFunc("env", "proxy_add_header_map_value", 5, true);
        int setTick = w.importFunc("env", "proxy_set_tick_period_milliseconds", 1, true);
        int getProperty = w.importFunc("env", "proxy_get_property", 4, true);
        int procExit = w.importFunc("wasi_snapshot_preview1", "proc_exit", 1, false);
        w.memory(1, 4);
        w.data(16, "x-status").data(32, "0123456789").data(48, "tick").data(64, "plugin_root_id");
        w.data(80, "x-log").data(96, "x-prop");
        int heap = w.global(4096);
        w.func(
                "malloc",
                1,
                true,
                1,
                Code.of()
                        .global(heap)
                        .setLocal(1)
                        .global(heap)
                        .local(0)
                        .add()
                        .setGlobal(heap)
                        .local(1));
        w.func("proxy_abi_version_0_2_1", 0, false, 0, Code.of());
        w.func("proxy_on_context_create", 2, false, 0, Code.of());
        w.func("proxy_on_vm_start", 2, true, 0, Code.of().i32(1));
        var configure = Code.of();
        if (tick) {
            configure.i32(100).call(setTick).drop();
        }
        w.func("proxy_on_configure", 2, true, 0, configure.i32(1));
        w.func("proxy_on_tick", 1, false, 0, Code.of().i32(2).i32(48).i32(4).call(log).drop());
        var headers = Code.of();
        switch (behaviour) {
            case OK -> headers.i32(0).i32(16).i32(8).i32(32).i32(1).call(addHeader).drop().i32(0);
            case TRAP -> headers.unreachable();
            case EXIT -> headers.i32(7).call(procExit).unreachable();
            case LOOP -> headers.spin().i32(0);
            case GROW -> headers.growForever();
            case OOB -> {
                // x-status: status of add_header with a value pointer far past the end.
                headers.i32(0).i32(16).i32(8);
                headers.i32(0).i32(16).i32(8).i32(0xFFFFFFF0).i32(8).call(addHeader).i32(32).add();
                headers.i32(1).call(addHeader).drop();
                // x-log: (ptr, len) whose 32-bit sum wraps around to a small number.
                headers.i32(0).i32(80).i32(5);
                headers.i32(2).i32(0xFFFFFFF0).i32(0x20).call(log).i32(32).add();
                headers.i32(1).call(addHeader).drop();
                // x-prop: a return pointer out of bounds.
                headers.i32(0).i32(96).i32(6);
                headers.i32(64).i32(14).i32(0xFFFFFFFC).i32(0).call(getProperty).i32(32).add();
                headers.i32(1).call(addHeader).drop();
                headers.i32(0);
            }
        }
        w.func("proxy_on_request_headers", 3, true, 0, headers);
        w.func("proxy_on_done", 1, true, 0, Code.of().i32(1));
        w.func("proxy_on_log", 1, false, 0, Code.of());
        w.func("proxy_on_delete", 1, false, 0, Code.of());
        return w.build();
    }

    /** The ABI's serialized header map: count, (name size, value size) each, then name\0value\0 each; little-endian. */
    private static byte[] serializedPairs(String... nameValues) {
        int n = nameValues.length / 2;
        var strings = new byte[nameValues.length][];
        int size = 4 + 8 * n;
        for (int i = 0; i < nameValues.length; i++) {
            strings[i] = nameValues[i].getBytes(java.nio.charset.StandardCharsets.UTF_8);
            size += strings[i].length + 1;
        }
        var out = java.nio.ByteBuffer.allocate(size).order(java.nio.ByteOrder.LITTLE_ENDIAN);
        out.putInt(n);
        for (var b : strings) {
            out.putInt(b.length);
        }
        for (var b : strings) {
            out.put(b).put((byte) 0);
        }
        return out.array();
    }
}
