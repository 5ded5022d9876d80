package io.github.proxywasm4j.host;

/** A host function the filter calls by name with {@code proxy_call_foreign_function}. */
@FunctionalInterface
public interface ForeignFunction {
    /** Returns the result bytes for the argument bytes; throwing makes the call INTERNAL_FAILURE. */
    byte[] call(byte[] arguments);
}
