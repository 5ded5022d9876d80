package io.github.proxywasm4j.host.abi;

/** Buffers addressed by the {@code proxy_*_buffer_*} functions ({@code proxy_buffer_type_t}); 6 to 8 exist from ABI 0.2.0 on. */
public enum BufferType {
    HTTP_REQUEST_BODY(0),
    HTTP_RESPONSE_BODY(1),
    DOWNSTREAM_DATA(2),
    UPSTREAM_DATA(3),
    HTTP_CALL_RESPONSE_BODY(4),
    GRPC_CALL_MESSAGE(5),
    VM_CONFIGURATION(6),
    PLUGIN_CONFIGURATION(7),
    FOREIGN_FUNCTION_ARGUMENTS(8);

    private static final BufferType[] BY_CODE = EnumCodes.indexByCode(values(), BufferType::code);

    private final int code;

    BufferType(int code) {
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
    public static BufferType fromCode(int code) {
        return EnumCodes.fromCode(BY_CODE, code, "BufferType");
    }
}
