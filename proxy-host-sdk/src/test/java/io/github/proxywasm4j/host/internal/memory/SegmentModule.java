package io.github.proxywasm4j.host.internal.memory;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;

/**
 * Hand-encodes a small wasm module that exercises data segments and memory instructions.
 *
 * <pre>
 * (memory (export "memory") 1 2)
 * (data (i32.const ACTIVE_OFFSET) "hello")        ;; segment 0, active
 * (data "world")                                  ;; segment 1, passive
 * (func (export "init0") (param i32 i32 i32) memory.init 0)
 * (func (export "init1") (param i32 i32 i32) memory.init 1)
 * (func (export "drop1") data.drop 1)
 * (func (export "load8") (param i32) (result i32) i32.load8_u)
 * (func (export "load64") (param i32) (result i64) i64.load)
 * (func (export "store64") (param i32 i64) i64.store)
 * (func (export "grow") (param i32) (result i32) memory.grow)
 * (func (export "size") (result i32) memory.size)
 * (func (export "fill") (param i32 i32 i32) memory.fill)
 * (func (export "copy") (param i32 i32 i32) memory.copy)
 * </pre>
 */
final class SegmentModule {

    private SegmentModule() {}

    static byte[] bytes(int activeOffset) {
        var out = new Buf();
        out.raw(0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00);

        // types: 0 (i32 i32 i32)->(), 1 ()->(), 2 (i32)->(i32), 3 ()->(i32),
        // 4 (i32)->(i64), 5 (i32 i64)->()
        var types = new Buf();
        types.u32(6);
        types.raw(0x60, 3, 0x7f, 0x7f, 0x7f, 0);
        types.raw(0x60, 0, 0);
        types.raw(0x60, 1, 0x7f, 1, 0x7f);
        types.raw(0x60, 0, 1, 0x7f);
        types.raw(0x60, 1, 0x7f, 1, 0x7e);
        types.raw(0x60, 2, 0x7f, 0x7e, 0);
        out.section(1, types);

        int[] funcTypes = {0, 0, 1, 2, 4, 5, 2, 3, 0, 0};
        var functions = new Buf();
        functions.u32(funcTypes.length);
        for (var t : funcTypes) {
            functions.u32(t);
        }
        out.section(3, functions);

        var memory = new Buf();
        memory.raw(1, 0x01, 1, 2); // one memory, min 1, max 2
        out.section(5, memory);

        String[] names = {
            "init0", "init1", "drop1", "load8", "load64", "store64", "grow", "size", "fill", "copy"
        };
        var exports = new Buf();
        exports.u32(names.length + 1);
        for (var i = 0; i < names.length; i++) {
            exports.name(names[i]);
            exports.raw(0x00);
            exports.u32(i);
        }
        exports.name("memory");
        exports.raw(0x02, 0);
        out.section(7, exports);

        var dataCount = new Buf();
        dataCount.u32(2);
        out.section(12, dataCount);

        var code = new Buf();
        code.u32(funcTypes.length);
        code.body(0x20, 0, 0x20, 1, 0x20, 2, 0xfc, 8, 0, 0); // init0
        code.body(0x20, 0, 0x20, 1, 0x20, 2, 0xfc, 8, 1, 0); // init1
        code.body(0xfc, 9, 1); // drop1
        code.body(0x20, 0, 0x2d, 0, 0); // load8
        code.body(0x20, 0, 0x29, 3, 0); // load64
        code.body(0x20, 0, 0x20, 1, 0x37, 3, 0); // store64
        code.body(0x20, 0, 0x40, 0); // grow
        code.body(0x3f, 0); // size
        code.body(0x20, 0, 0x20, 1, 0x20, 2, 0xfc, 11, 0); // fill
        code.body(0x20, 0, 0x20, 1, 0x20, 2, 0xfc, 10, 0, 0); // copy
        out.section(10, code);

        var data = new Buf();
        data.u32(2);
        data.raw(0x00, 0x41);
        data.s32(activeOffset);
        data.raw(0x0b);
        data.name("hello");
        data.raw(0x01);
        data.name("world");
        out.section(11, data);
        return out.toByteArray();
    }

    private static final class Buf extends ByteArrayOutputStream {
        void raw(int... bytes) {
            for (var b : bytes) {
                write(b);
            }
        }

        void u32(int value) {
            var v = Integer.toUnsignedLong(value);
            do {
                var b = (int) (v & 0x7f);
                v >>>= 7;
                write(v != 0 ? b | 0x80 : b);
            } while (v != 0);
        }

        void s32(int value) {
            var more = true;
            while (more) {
                var b = value & 0x7f;
                value >>= 7;
                more = !((value == 0 && (b & 0x40) == 0) || (value == -1 && (b & 0x40) != 0));
                write(more ? b | 0x80 : b);
            }
        }

        void name(String s) {
            var utf8 = s.getBytes(StandardCharsets.UTF_8);
            u32(utf8.length);
            writeBytes(utf8);
        }

        void body(int... instructions) {
            var body = new Buf();
            body.u32(0); // no locals
            body.raw(instructions);
            body.raw(0x0b);
            u32(body.size());
            writeBytes(body.toByteArray());
        }

        void section(int id, Buf content) {
            write(id);
            u32(content.size());
            writeBytes(content.toByteArray());
        }
    }
}
