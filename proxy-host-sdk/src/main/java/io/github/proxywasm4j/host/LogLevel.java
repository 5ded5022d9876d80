package io.github.proxywasm4j.host;

/** Log levels of {@code proxy_log} and {@code proxy_get_log_level} ({@code proxy_log_level_t}). */
public enum LogLevel {
    TRACE(0),
    DEBUG(1),
    INFO(2),
    WARN(3),
    ERROR(4),
    CRITICAL(5);

    private static final LogLevel[] BY_CODE = values();

    private final int code;

    LogLevel(int code) {
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
    public static LogLevel fromCode(int code) {
        if (code < 0 || code >= BY_CODE.length) {
            throw new IllegalArgumentException(
                    "unknown LogLevel code " + code + ", expected 0.." + (BY_CODE.length - 1));
        }
        return BY_CODE[code];
    }
}
