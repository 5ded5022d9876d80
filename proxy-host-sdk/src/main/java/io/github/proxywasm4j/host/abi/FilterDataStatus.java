package io.github.proxywasm4j.host.abi;

/** Result of {@code proxy_on_request_body} and {@code proxy_on_response_body}. */
public enum FilterDataStatus {
    CONTINUE(0),
    STOP_ITERATION_AND_BUFFER(1),
    STOP_ITERATION_AND_WATERMARK(2),
    STOP_ITERATION_NO_BUFFER(3);

    private static final FilterDataStatus[] BY_CODE =
            EnumCodes.indexByCode(values(), FilterDataStatus::code);

    private final int code;

    FilterDataStatus(int code) {
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
    public static FilterDataStatus fromCode(int code) {
        return EnumCodes.fromCode(BY_CODE, code, "FilterDataStatus");
    }
}
