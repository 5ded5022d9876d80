package io.github.proxywasm4j.host.internal.vm;

/**
 * The WASI preview1 {@code errno} values the host answers with (the spec's {@code errno} enum;
 * the code is its position there). Each carries the result array Chicory expects, shared, so a
 * WASI call returns without allocating.
 */
enum WasiErrno {
    SUCCESS(0),
    BADF(8),
    FAULT(21),
    INVAL(28),
    NOENT(44),
    NOSYS(52),
    NOTDIR(54),
    NOTSUP(58);

    private final int code;
    private final long[] result;

    WasiErrno(int code) {
        this.code = code;
        this.result = new long[] {code};
    }

    /** The value on the wire. */
    int code() {
        return code;
    }

    /** The host function's result: {@code [code]}, shared; callers must not write to it. */
    long[] result() {
        return result;
    }
}
