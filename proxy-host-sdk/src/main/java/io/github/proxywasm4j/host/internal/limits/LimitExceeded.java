package io.github.proxywasm4j.host.internal.limits;

/**
 * A guest went past a limit where Envoy has no answer of its own: the VM fails through the
 * plugin's failure policy with this one message (the limit, the value reached, the setting).
 */
public final class LimitExceeded extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private final transient Limit limit;

    private LimitExceeded(Limit limit, String message) {
        super(message, null, false, false);
        this.limit = limit;
    }

    /** {@code reached} is the value the guest asked for, {@code where} names the instance. */
    public static LimitExceeded of(Limit limit, long reached, long max, String where) {
        return new LimitExceeded(limit, message(limit, reached, max, where));
    }

    /** The one message for a limit: what ran over, the value reached, the setting that raises it. */
    public static String message(Limit limit, long reached, long max, String where) {
        return "limit reached: "
                + limit.what()
                + (where.isEmpty() ? "" : " (" + where + ")")
                + " would reach "
                + reached
                + ", over "
                + limit.key()
                + " = "
                + max
                + "; fix: "
                + limit.fix();
    }

    public Limit limit() {
        return limit;
    }
}
