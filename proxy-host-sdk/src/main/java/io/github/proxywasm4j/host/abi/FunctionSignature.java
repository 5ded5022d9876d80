package io.github.proxywasm4j.host.abi;

import java.util.List;
import java.util.Objects;
import java.util.stream.Collectors;

/**
 * A named function type: an import (module and name) or an export (empty module).
 *
 * @param module the import module, e.g. {@code env}; empty for a module export
 * @param name the function name, e.g. {@code proxy_log}
 * @param params the parameter types, in order
 * @param results the result types (empty or one type in this ABI)
 */
public record FunctionSignature(
        String module, String name, List<ValueType> params, List<ValueType> results) {

    public FunctionSignature {
        Objects.requireNonNull(module, "module");
        Objects.requireNonNull(name, "name");
        params = List.copyOf(params);
        results = List.copyOf(results);
    }

    /** An imported function {@code module.name}. */
    public static FunctionSignature imported(
            String module, String name, List<ValueType> params, List<ValueType> results) {
        return new FunctionSignature(module, name, params, results);
    }

    /** A function the module exports. */
    public static FunctionSignature exported(
            String name, List<ValueType> params, List<ValueType> results) {
        return new FunctionSignature("", name, params, results);
    }

    /** {@code env.proxy_log} for an import, {@code proxy_on_log} for an export. */
    public String qualifiedName() {
        return module.isEmpty() ? name : module + "." + name;
    }

    /** The type alone, e.g. {@code (i32, i32, i32) -> i32}; no result reads {@code -> ()}. */
    public String typeText() {
        return "("
                + join(params)
                + ") -> "
                + (results.size() == 1 ? join(results) : "(" + join(results) + ")");
    }

    /** Name and type, e.g. {@code env.proxy_log(i32, i32, i32) -> i32}. */
    public String describe() {
        return qualifiedName() + typeText();
    }

    /** Whether both have the same parameter and result types (names are not compared). */
    public boolean hasSameType(FunctionSignature other) {
        return params.equals(other.params) && results.equals(other.results);
    }

    private static String join(List<ValueType> types) {
        return types.stream().map(ValueType::wasmName).collect(Collectors.joining(", "));
    }
}
