package io.github.proxywasm4j.host.abi;

/** Status returned by every {@code proxy_*} host function ({@code proxy_status_t}, cpp-sdk {@code WasmResult}). */
public enum ProxyStatus {
    OK(0),
    NOT_FOUND(1),
    BAD_ARGUMENT(2),
    SERIALIZATION_FAILURE(3),
    PARSE_FAILURE(4),
    BAD_EXPRESSION(5),
    INVALID_MEMORY_ACCESS(6),
    EMPTY(7),
    CAS_MISMATCH(8),
    RESULT_MISMATCH(9),
    INTERNAL_FAILURE(10),
    BROKEN_CONNECTION(11),
    UNIMPLEMENTED(12);

    private static final ProxyStatus[] BY_CODE = EnumCodes.indexByCode(values(), ProxyStatus::code);

    private final int code;

    ProxyStatus(int code) {
        this.code = code;
    }

    /** The value on the wire. */
    public int code() {
        return code;
    }

    /**
     * The constant for a wire value.
     *
     * @throws IllegalArgumentException if no constant has this code
     */
    public static ProxyStatus fromCode(int code) {
        return EnumCodes.fromCode(BY_CODE, code, "ProxyStatus");
    }
}
