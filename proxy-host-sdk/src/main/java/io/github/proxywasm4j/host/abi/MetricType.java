package io.github.proxywasm4j.host.abi;

/** Metric kinds of {@code proxy_define_metric} ({@code proxy_metric_type_t}). */
public enum MetricType {
    COUNTER(0),
    GAUGE(1),
    HISTOGRAM(2);

    private static final MetricType[] BY_CODE = EnumCodes.indexByCode(values(), MetricType::code);

    private final int code;

    MetricType(int code) {
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
    public static MetricType fromCode(int code) {
        return EnumCodes.fromCode(BY_CODE, code, "MetricType");
    }
}
