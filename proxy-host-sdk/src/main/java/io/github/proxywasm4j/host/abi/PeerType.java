package io.github.proxywasm4j.host.abi;

/** Which side closed a connection, passed to the connection-close callbacks ({@code proxy_peer_type_t}). */
public enum PeerType {
    UNKNOWN(0),
    LOCAL(1),
    REMOTE(2);

    private static final PeerType[] BY_CODE = EnumCodes.indexByCode(values(), PeerType::code);

    private final int code;

    PeerType(int code) {
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
    public static PeerType fromCode(int code) {
        return EnumCodes.fromCode(BY_CODE, code, "PeerType");
    }
}
