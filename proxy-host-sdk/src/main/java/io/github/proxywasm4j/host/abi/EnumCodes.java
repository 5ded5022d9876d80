package io.github.proxywasm4j.host.abi;

import java.util.function.ToIntFunction;

/** Code lookup shared by the ABI enums, whose codes are dense from 0. */
final class EnumCodes {
    private EnumCodes() {}

    static <E extends Enum<E>> E[] indexByCode(E[] values, ToIntFunction<E> code) {
        var byCode = values.clone();
        for (var value : values) {
            var c = code.applyAsInt(value);
            if (c < 0 || c >= values.length) {
                throw new IllegalStateException(
                        value + " has code " + c + " outside 0.." + values.length);
            }
            byCode[c] = value;
        }
        return byCode;
    }

    static <E extends Enum<E>> E fromCode(E[] byCode, int code, String typeName) {
        if (code < 0 || code >= byCode.length) {
            throw new IllegalArgumentException(
                    "unknown "
                            + typeName
                            + " code "
                            + code
                            + ", expected 0.."
                            + (byCode.length - 1));
        }
        return byCode[code];
    }
}
