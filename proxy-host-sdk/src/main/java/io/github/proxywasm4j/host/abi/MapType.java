package io.github.proxywasm4j.host.abi;

/** Header and metadata maps addressed by the {@code proxy_*_header_map_*} functions ({@code proxy_map_type_t}). */
public enum MapType {
    HTTP_REQUEST_HEADERS(0),
    HTTP_REQUEST_TRAILERS(1),
    HTTP_RESPONSE_HEADERS(2),
    HTTP_RESPONSE_TRAILERS(3),
    GRPC_CALL_INITIAL_METADATA(4),
    GRPC_CALL_TRAILING_METADATA(5),
    HTTP_CALL_RESPONSE_HEADERS(6),
    HTTP_CALL_RESPONSE_TRAILERS(7);

    private static final MapType[] BY_CODE = EnumCodes.indexByCode(values(), MapType::code);

    private final int code;

    MapType(int code) {
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
    public static MapType fromCode(int code) {
        return EnumCodes.fromCode(BY_CODE, code, "MapType");
    }
}
