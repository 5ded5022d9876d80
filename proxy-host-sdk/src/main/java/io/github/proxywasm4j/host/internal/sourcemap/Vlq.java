package io.github.proxywasm4j.host.internal.sourcemap;

/** The Base64 digits of source-map VLQ numbers. */
final class Vlq {
    private static final int[] DIGITS = new int[128];

    static {
        java.util.Arrays.fill(DIGITS, -1);
        var alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
        for (int i = 0; i < alphabet.length(); i++) {
            DIGITS[alphabet.charAt(i)] = i;
        }
    }

    private Vlq() {}

    /** The 6-bit value of one Base64 digit. */
    static int digit(char c) {
        int d = c < 128 ? DIGITS[c] : -1;
        if (d < 0) {
            throw new IllegalArgumentException("not a Base64 VLQ digit: '" + c + "'");
        }
        return d;
    }
}
