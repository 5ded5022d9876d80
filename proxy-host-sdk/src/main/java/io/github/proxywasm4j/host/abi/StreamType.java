package io.github.proxywasm4j.host.abi;

/** Streams addressed by {@code proxy_continue_stream} and {@code proxy_close_stream} (ABI 0.2.x). */
public enum StreamType {
    HTTP_REQUEST(0),
    HTTP_RESPONSE(1),
    DOWNSTREAM(2),
    UPSTREAM(3);

    private static final StreamType[] BY_CODE = EnumCodes.indexByCode(values(), StreamType::code);

    private final int code;

    StreamType(int code) {
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
    public static StreamType fromCode(int code) {
        return EnumCodes.fromCode(BY_CODE, code, "StreamType");
    }
}
