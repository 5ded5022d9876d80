package io.github.proxywasm4j.host.abi;

/** gRPC status codes of {@code proxy_on_grpc_close} and {@code proxy_send_local_response} (-1 there means none). */
public enum GrpcStatus {
    OK(0),
    CANCELED(1),
    UNKNOWN(2),
    INVALID_ARGUMENT(3),
    DEADLINE_EXCEEDED(4),
    NOT_FOUND(5),
    ALREADY_EXISTS(6),
    PERMISSION_DENIED(7),
    RESOURCE_EXHAUSTED(8),
    FAILED_PRECONDITION(9),
    ABORTED(10),
    OUT_OF_RANGE(11),
    UNIMPLEMENTED(12),
    INTERNAL(13),
    UNAVAILABLE(14),
    DATA_LOSS(15),
    UNAUTHENTICATED(16);

    private static final GrpcStatus[] BY_CODE = EnumCodes.indexByCode(values(), GrpcStatus::code);

    private final int code;

    GrpcStatus(int code) {
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
    public static GrpcStatus fromCode(int code) {
        return EnumCodes.fromCode(BY_CODE, code, "GrpcStatus");
    }
}
