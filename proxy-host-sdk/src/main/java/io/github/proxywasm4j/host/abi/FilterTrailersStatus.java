package io.github.proxywasm4j.host.abi;

/** Result of {@code proxy_on_request_trailers} and {@code proxy_on_response_trailers}. */
public enum FilterTrailersStatus {
    CONTINUE(0),
    STOP_ITERATION(1);

    private static final FilterTrailersStatus[] BY_CODE =
            EnumCodes.indexByCode(values(), FilterTrailersStatus::code);

    private final int code;

    FilterTrailersStatus(int code) {
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
    public static FilterTrailersStatus fromCode(int code) {
        return EnumCodes.fromCode(BY_CODE, code, "FilterTrailersStatus");
    }
}
