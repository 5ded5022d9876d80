package io.github.proxywasm4j.host.abi;

/** Result of the network (TCP) callbacks {@code proxy_on_new_connection} and {@code proxy_on_*_data}. */
public enum FilterStatus {
    CONTINUE(0),
    STOP_ITERATION(1);

    private static final FilterStatus[] BY_CODE =
            EnumCodes.indexByCode(values(), FilterStatus::code);

    private final int code;

    FilterStatus(int code) {
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
    public static FilterStatus fromCode(int code) {
        return EnumCodes.fromCode(BY_CODE, code, "FilterStatus");
    }
}
