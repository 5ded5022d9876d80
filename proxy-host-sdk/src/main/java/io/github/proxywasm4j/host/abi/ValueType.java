package io.github.proxywasm4j.host.abi;

import java.util.Locale;

/** A WebAssembly number type as it appears in an import or export signature. */
public enum ValueType {
    I32,
    I64,
    F32,
    F64;

    /** The name used in the WebAssembly text format, e.g. {@code i32}. */
    public String wasmName() {
        return name().toLowerCase(Locale.ROOT);
    }
}
