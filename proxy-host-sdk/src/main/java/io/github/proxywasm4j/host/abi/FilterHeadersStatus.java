package io.github.proxywasm4j.host.abi;

/** Result of {@code proxy_on_request_headers} and {@code proxy_on_response_headers}. */
public enum FilterHeadersStatus {
    CONTINUE(0),
    STOP_ITERATION(1),
    CONTINUE_AND_END_STREAM(2),
    STOP_ALL_ITERATION_AND_BUFFER(3),
    STOP_ALL_ITERATION_AND_WATERMARK(4);

    private static final FilterHeadersStatus[] BY_CODE =
            EnumCodes.indexByCode(values(), FilterHeadersStatus::code);

    private final int code;

    FilterHeadersStatus(int code) {
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
    public static FilterHeadersStatus fromCode(int code) {
        return EnumCodes.fromCode(BY_CODE, code, "FilterHeadersStatus");
    }
}
