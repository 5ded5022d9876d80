package io.github.proxywasm4j.host.abi;

/** Result of {@code proxy_on_request_metadata} and {@code proxy_on_response_metadata}. */
public enum FilterMetadataStatus {
    CONTINUE(0);

    private static final FilterMetadataStatus[] BY_CODE =
            EnumCodes.indexByCode(values(), FilterMetadataStatus::code);

    private final int code;

    FilterMetadataStatus(int code) {
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
    public static FilterMetadataStatus fromCode(int code) {
        return EnumCodes.fromCode(BY_CODE, code, "FilterMetadataStatus");
    }
}
