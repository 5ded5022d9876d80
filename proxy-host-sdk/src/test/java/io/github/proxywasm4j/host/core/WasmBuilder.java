package io.github.proxywasm4j.host.core;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * A test-only WebAssembly binary writer, so host tests can use tiny hand-made modules with exactly
 * the behaviour under test (the real SDK-built modules are exercised by the acceptance tests).
 */
final class WasmBuilder {
    static final byte I32 = 0x7f;
    static final byte I64 = 0x7e;

    private record Type(byte[] params, byte[] results) {}

    private record Import(String module, String name, int type) {}

    private record Func(int type, int i32Locals, byte[] code, String export) {}

    private record Data(int offset, byte[] bytes) {}

    private final List<Type> types = new ArrayList<>();
    private final List<Import> imports = new ArrayList<>();
    private final List<Func> funcs = new ArrayList<>();
    private final List<Data> data = new ArrayList<>();
    private final List<Integer> globals = new ArrayList<>();
    private int memoryMin = 1;
    private int memoryMax = -1;

    /** Declares a function type; returns its index. */
    int type(byte[] params, byte[] results) {
        for (int i = 0; i < types.size(); i++) {
            if (java.util.Arrays.equals(types.get(i).params, params)
                    && java.util.Arrays.equals(types.get(i).results, results)) {
                return i;
            }
        }
        types.add(new Type(params, results));
        return types.size() - 1;
    }

    /** Imports a function of {@code n} i32 params returning i32 (or nothing); returns its index. */
    int importFunc(String module, String name, int params, boolean returnsI32) {
        imports.add(
                new Import(
                        module,
                        name,
                        type(i32s(params), returnsI32 ? new byte[] {I32} : new byte[0])));
        return imports.size() - 1;
    }

    int importFunc(String module, String name, byte[] params, byte[] results) {
        imports.add(new Import(module, name, type(params, results)));
        return imports.size() - 1;
    }

    /** Adds an exported function; returns its function index (imports count first). */
    int func(String export, int params, boolean returnsI32, int i32Locals, Code code) {
        return func(
                export,
                type(i32s(params), returnsI32 ? new byte[] {I32} : new byte[0]),
                i32Locals,
                code);
    }

    int func(String export, int type, int i32Locals, Code code) {
        funcs.add(new Func(type, i32Locals, code.bytes(), export));
        return imports.size() + funcs.size() - 1;
    }

    /** A mutable i32 global; returns its index. */
    int global(int initial) {
        globals.add(initial);
        return globals.size() - 1;
    }

    WasmBuilder memory(int min, int max) {
        this.memoryMin = min;
        this.memoryMax = max;
        return this;
    }

    WasmBuilder data(int offset, String text) {
        data.add(new Data(offset, text.getBytes(StandardCharsets.UTF_8)));
        return this;
    }

    WasmBuilder dataBytes(int offset, byte[] bytes) {
        data.add(new Data(offset, bytes.clone()));
        return this;
    }

    static byte[] i32s(int n) {
        var b = new byte[n];
        java.util.Arrays.fill(b, I32);
        return b;
    }

    byte[] build() {
        var out = new ByteArrayOutputStream();
        out.writeBytes(new byte[] {0, 'a', 's', 'm', 1, 0, 0, 0});
        section(
                out,
                1,
                types.size(),
                s -> {
                    for (var t : types) {
                        s.write(0x60);
                        vecBytes(s, t.params);
                        vecBytes(s, t.results);
                    }
                });
        section(
                out,
                2,
                imports.size(),
                s -> {
                    for (var i : imports) {
                        name(s, i.module);
                        name(s, i.name);
                        s.write(0);
                        uleb(s, i.type);
                    }
                });
        section(
                out,
                3,
                funcs.size(),
                s -> {
                    for (var f : funcs) {
                        uleb(s, f.type);
                    }
                });
        section(
                out,
                5,
                1,
                s -> {
                    if (memoryMax < 0) {
                        s.write(0);
                        uleb(s, memoryMin);
                    } else {
                        s.write(1);
                        uleb(s, memoryMin);
                        uleb(s, memoryMax);
                    }
                });
        if (!globals.isEmpty()) {
            section(
                    out,
                    6,
                    globals.size(),
                    s -> {
                        for (var g : globals) {
                            s.write(I32);
                            s.write(1);
                            s.write(0x41);
                            sleb(s, g);
                            s.write(0x0b);
                        }
                    });
        }
        int exportCount = 1 + (int) funcs.stream().filter(f -> f.export != null).count();
        section(
                out,
                7,
                exportCount,
                s -> {
                    name(s, "memory");
                    s.write(2);
                    uleb(s, 0);
                    for (int i = 0; i < funcs.size(); i++) {
                        var f = funcs.get(i);
                        if (f.export != null) {
                            name(s, f.export);
                            s.write(0);
                            uleb(s, imports.size() + i);
                        }
                    }
                });
        section(
                out,
                10,
                funcs.size(),
                s -> {
                    for (var f : funcs) {
                        var body = new ByteArrayOutputStream();
                        if (f.i32Locals > 0) {
                            uleb(body, 1);
                            uleb(body, f.i32Locals);
                            body.write(I32);
                        } else {
                            uleb(body, 0);
                        }
                        body.writeBytes(f.code);
                        body.write(0x0b);
                        uleb(s, body.size());
                        s.writeBytes(body.toByteArray());
                    }
                });
        if (!data.isEmpty()) {
            section(
                    out,
                    11,
                    data.size(),
                    s -> {
                        for (var d : data) {
                            s.write(0);
                            s.write(0x41);
                            sleb(s, d.offset);
                            s.write(0x0b);
                            vecBytes(s, d.bytes);
                        }
                    });
        }
        return out.toByteArray();
    }

    private interface Writer {
        void write(ByteArrayOutputStream s);
    }

    private static void section(ByteArrayOutputStream out, int id, int count, Writer w) {
        if (count == 0) {
            return;
        }
        var s = new ByteArrayOutputStream();
        uleb(s, count);
        w.write(s);
        out.write(id);
        uleb(out, s.size());
        out.writeBytes(s.toByteArray());
    }

    private static void vecBytes(ByteArrayOutputStream s, byte[] b) {
        uleb(s, b.length);
        s.writeBytes(b);
    }

    private static void name(ByteArrayOutputStream s, String n) {
        vecBytes(s, n.getBytes(StandardCharsets.UTF_8));
    }

    static void uleb(ByteArrayOutputStream s, long v) {
        do {
            int b = (int) (v & 0x7f);
            v >>>= 7;
            s.write(v != 0 ? b | 0x80 : b);
        } while (v != 0);
    }

    static void sleb(ByteArrayOutputStream s, long v) {
        while (true) {
            int b = (int) (v & 0x7f);
            v >>= 7;
            boolean done = (v == 0 && (b & 0x40) == 0) || (v == -1 && (b & 0x40) != 0);
            s.write(done ? b : b | 0x80);
            if (done) {
                return;
            }
        }
    }

    /** Function body instructions. */
    static final class Code {
        private final ByteArrayOutputStream b = new ByteArrayOutputStream();

        static Code of() {
            return new Code();
        }

        Code i32(int v) {
            b.write(0x41);
            sleb(b, v);
            return this;
        }

        Code i64(long v) {
            b.write(0x42);
            sleb(b, v);
            return this;
        }

        Code call(int f) {
            b.write(0x10);
            uleb(b, f);
            return this;
        }

        Code local(int i) {
            b.write(0x20);
            uleb(b, i);
            return this;
        }

        Code setLocal(int i) {
            b.write(0x21);
            uleb(b, i);
            return this;
        }

        Code global(int i) {
            b.write(0x23);
            uleb(b, i);
            return this;
        }

        Code setGlobal(int i) {
            b.write(0x24);
            uleb(b, i);
            return this;
        }

        Code load() {
            b.writeBytes(new byte[] {0x28, 2, 0});
            return this;
        }

        Code store() {
            b.writeBytes(new byte[] {0x36, 2, 0});
            return this;
        }

        Code add() {
            b.write(0x6a);
            return this;
        }

        Code drop() {
            b.write(0x1a);
            return this;
        }

        Code unreachable() {
            b.write(0x00);
            return this;
        }

        /** An endless loop. */
        Code spin() {
            b.writeBytes(new byte[] {0x03, 0x40, 0x0c, 0x00, 0x0b});
            return this;
        }

        /** Grows memory one page at a time until that fails, then traps. */
        Code growForever() {
            // loop: memory.grow(1); i32.const -1; i32.ne; br_if 0; end; unreachable
            b.writeBytes(
                    new byte[] {
                        0x03, 0x40, 0x41, 0x01, 0x40, 0x00, 0x41, 0x7f, 0x47, 0x0d, 0x00, 0x0b, 0x00
                    });
            return this;
        }

        Code raw(int... bytes) {
            for (int x : bytes) {
                b.write(x);
            }
            return this;
        }

        byte[] bytes() {
            return b.toByteArray();
        }
    }
}
