package io.github.proxywasm4j.host.abi;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * A tiny WebAssembly binary writer for tests: type, import, function, memory, global, export,
 * start and code sections, enough to craft any import/export set the validator must judge.
 * Defined functions get a body that returns zeros, so the module also passes validation.
 */
public final class WasmBinary {
    private final List<FunctionSignature> types = new ArrayList<>();
    private final List<byte[]> imports = new ArrayList<>();
    private int importedFunctions;
    private final List<Integer> functionTypes = new ArrayList<>();
    private final List<Integer> memories = new ArrayList<>();
    private final List<ValueType> globals = new ArrayList<>();
    private final List<Export> exports = new ArrayList<>();
    private Integer startFunction;

    private record Export(String name, int kind, boolean defined, int index) {}

    private WasmBinary() {}

    public static WasmBinary builder() {
        return new WasmBinary();
    }

    /** Imports a function; module and name come from the signature. */
    public WasmBinary importFunction(FunctionSignature function) {
        return importFunction(
                function.module(), function.name(), function.params(), function.results());
    }

    public WasmBinary importFunction(
            String module, String name, List<ValueType> params, List<ValueType> results) {
        var entry = importHeader(module, name, 0x00);
        writeU32(entry, typeIndex(params, results));
        imports.add(entry.toByteArray());
        importedFunctions++;
        return this;
    }

    public WasmBinary importMemory(String module, String name) {
        var entry = importHeader(module, name, 0x02);
        entry.write(0x00); // limits: min only
        writeU32(entry, 1);
        imports.add(entry.toByteArray());
        return this;
    }

    public WasmBinary importTable(String module, String name) {
        var entry = importHeader(module, name, 0x01);
        entry.write(0x70); // funcref
        entry.write(0x00);
        writeU32(entry, 1);
        imports.add(entry.toByteArray());
        return this;
    }

    public WasmBinary importGlobal(String module, String name, ValueType type, boolean mutable) {
        var entry = importHeader(module, name, 0x03);
        entry.write(valueTypeCode(type));
        entry.write(mutable ? 0x01 : 0x00);
        imports.add(entry.toByteArray());
        return this;
    }

    /** Defines a memory of one page without exporting it. */
    public WasmBinary memory() {
        memories.add(1);
        return this;
    }

    /** Defines a memory of one page and exports it under that name. */
    public WasmBinary exportMemory(String name) {
        memories.add(1);
        exports.add(new Export(name, 0x02, true, memories.size() - 1));
        return this;
    }

    /** Defines a function of the signature's type and exports it under the signature's name. */
    public WasmBinary exportFunction(FunctionSignature function) {
        return exportFunction(function.name(), function.params(), function.results());
    }

    public WasmBinary exportFunction(String name, List<ValueType> params, List<ValueType> results) {
        functionTypes.add(typeIndex(params, results));
        exports.add(new Export(name, 0x00, true, functionTypes.size() - 1));
        return this;
    }

    /** Exports an already exported function under a second name (binaryen merges equal bodies). */
    public WasmBinary exportAlias(String name, String existingExport) {
        var existing =
                exports.stream()
                        .filter(e -> e.name.equals(existingExport))
                        .findFirst()
                        .orElseThrow();
        exports.add(new Export(name, existing.kind, existing.defined, existing.index));
        return this;
    }

    /** Defines an immutable global initialised to zero and exports it. */
    public WasmBinary exportGlobal(String name, ValueType type) {
        globals.add(type);
        exports.add(new Export(name, 0x03, true, globals.size() - 1));
        return this;
    }

    /** Adds a start section calling a new function {@code () -> ()}. */
    public WasmBinary startSection() {
        functionTypes.add(typeIndex(List.of(), List.of()));
        startFunction = functionTypes.size() - 1;
        return this;
    }

    public byte[] build() {
        var out = new ByteArrayOutputStream();
        out.writeBytes(new byte[] {0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00});
        section(out, 1, types.size(), types.stream().map(WasmBinary::functionType).toList());
        section(out, 2, imports.size(), imports);
        section(out, 3, functionTypes.size(), functionTypes.stream().map(WasmBinary::u32).toList());
        section(
                out,
                5,
                memories.size(),
                memories.stream().map(m -> new byte[] {0x00, 0x01}).toList());
        section(out, 6, globals.size(), globals.stream().map(WasmBinary::global).toList());
        section(out, 7, exports.size(), exports.stream().map(this::export).toList());
        if (startFunction != null) {
            var start = u32(importedFunctions + startFunction);
            out.write(8);
            writeU32(out, start.length);
            out.writeBytes(start);
        }
        section(out, 10, functionTypes.size(), functionTypes.stream().map(this::body).toList());
        return out.toByteArray();
    }

    private ByteArrayOutputStream importHeader(String module, String name, int kind) {
        var entry = new ByteArrayOutputStream();
        writeName(entry, module);
        writeName(entry, name);
        entry.write(kind);
        return entry;
    }

    private int typeIndex(List<ValueType> params, List<ValueType> results) {
        var type = FunctionSignature.exported("", params, results);
        var index = types.indexOf(type);
        if (index >= 0) {
            return index;
        }
        types.add(type);
        return types.size() - 1;
    }

    private byte[] export(Export export) {
        var entry = new ByteArrayOutputStream();
        writeName(entry, export.name);
        entry.write(export.kind);
        var functionOffset = export.kind == 0x00 && export.defined ? importedFunctions : 0;
        writeU32(entry, functionOffset + export.index);
        return entry.toByteArray();
    }

    private byte[] body(int typeIndex) {
        var code = new ByteArrayOutputStream();
        code.write(0x00); // no locals
        for (var result : types.get(typeIndex).results()) {
            code.writeBytes(zero(result));
        }
        code.write(0x0b); // end
        var body = new ByteArrayOutputStream();
        writeU32(body, code.size());
        body.writeBytes(code.toByteArray());
        return body.toByteArray();
    }

    private static byte[] functionType(FunctionSignature type) {
        var out = new ByteArrayOutputStream();
        out.write(0x60);
        writeU32(out, type.params().size());
        type.params().forEach(t -> out.write(valueTypeCode(t)));
        writeU32(out, type.results().size());
        type.results().forEach(t -> out.write(valueTypeCode(t)));
        return out.toByteArray();
    }

    private static byte[] global(ValueType type) {
        var out = new ByteArrayOutputStream();
        out.write(valueTypeCode(type));
        out.write(0x00); // immutable
        out.writeBytes(zero(type));
        out.write(0x0b);
        return out.toByteArray();
    }

    private static byte[] zero(ValueType type) {
        return switch (type) {
            case I32 -> new byte[] {0x41, 0x00};
            case I64 -> new byte[] {0x42, 0x00};
            case F32 -> new byte[] {0x43, 0, 0, 0, 0};
            case F64 -> new byte[] {0x44, 0, 0, 0, 0, 0, 0, 0, 0};
        };
    }

    private static int valueTypeCode(ValueType type) {
        return switch (type) {
            case I32 -> 0x7f;
            case I64 -> 0x7e;
            case F32 -> 0x7d;
            case F64 -> 0x7c;
        };
    }

    private static void section(
            ByteArrayOutputStream out, int id, int count, List<byte[]> entries) {
        if (count == 0) {
            return;
        }
        var content = new ByteArrayOutputStream();
        writeU32(content, count);
        entries.forEach(content::writeBytes);
        out.write(id);
        writeU32(out, content.size());
        out.writeBytes(content.toByteArray());
    }

    private static void writeName(ByteArrayOutputStream out, String name) {
        var bytes = name.getBytes(StandardCharsets.UTF_8);
        writeU32(out, bytes.length);
        out.writeBytes(bytes);
    }

    private static byte[] u32(int value) {
        var out = new ByteArrayOutputStream();
        writeU32(out, value);
        return out.toByteArray();
    }

    private static void writeU32(ByteArrayOutputStream out, int value) {
        var v = value;
        do {
            var b = v & 0x7f;
            v >>>= 7;
            out.write(v != 0 ? b | 0x80 : b);
        } while (v != 0);
    }
}
