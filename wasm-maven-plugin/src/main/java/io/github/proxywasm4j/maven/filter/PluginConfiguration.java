package io.github.proxywasm4j.maven.filter;

import java.math.BigDecimal;
import java.math.MathContext;
import java.math.RoundingMode;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * The plugin configuration as the filter receives it, under Envoy and under Istio alike.
 *
 * <p>Istio's WasmPlugin carries the configuration as {@code pluginConfig}, a protobuf {@code
 * Struct}; istiod serializes it with the legacy {@code jsonpb} marshaler (compact, keys sorted,
 * numbers as doubles, Go's string escaping) into the {@code StringValue} Envoy hands the filter,
 * and passes nothing at all for an empty object (istio/istio {@code pilot/pkg/model/extensions.go},
 * {@code convertToWasmPluginWrapper}). A JSON object configuration is therefore written into
 * {@code envoy.yaml} in exactly that form ({@link #filterBytes()}), so the filter reads the same
 * bytes in both places; any other text has no Istio form ({@link #jsonObject()} is empty).
 */
public final class PluginConfiguration {

    private final String text;
    private final Optional<Map<String, Object>> object;

    private PluginConfiguration(String text, Optional<Map<String, Object>> object) {
        this.text = text;
        this.object = object;
    }

    /** The configuration written in the pom ({@code <pluginConfiguration>}), as it is. */
    public static PluginConfiguration of(String text) {
        Objects.requireNonNull(text, "text");
        return new PluginConfiguration(text, Json.object(text));
    }

    /** The text as written. */
    public String text() {
        return text;
    }

    public boolean isEmpty() {
        return text.isEmpty();
    }

    /** The configuration as a JSON object, when it is one (keys in the order written). */
    public Optional<Map<String, Object>> jsonObject() {
        return object;
    }

    /**
     * What the filter receives: for a JSON object the text istiod makes of the same {@code
     * pluginConfig} (empty for {@code {}}), for anything else the text unchanged.
     */
    public String filterBytes() {
        return object.map(o -> o.isEmpty() ? "" : Json.canonical(o)).orElse(text);
    }

    /** Whether Istio can give the filter this configuration: empty or a JSON object. */
    public boolean istioCanPass() {
        return text.isEmpty() || object.isPresent();
    }

    /** Go's text for a JSON number, as {@code encoding/json} writes a float64 (and jsonpb uses). */
    public static String goNumber(double d) {
        if (d == 0) {
            return (1 / d < 0) ? "-0" : "0";
        }
        var abs = Math.abs(d);
        var decimal = shortest(d);
        if (abs < 1e-6 || abs >= 1e21) {
            // strconv 'e' with the shortest digits, then e-07 cleaned to e-7: 1e+21, 1.5e-7
            var digits = decimal.unscaledValue().abs().toString();
            var exponent = digits.length() - 1 - decimal.scale();
            var mantissa =
                    digits.length() == 1 ? digits : digits.charAt(0) + "." + digits.substring(1);
            return (d < 0 ? "-" : "")
                    + mantissa
                    + "e"
                    + (exponent < 0 ? "-" : "+")
                    + Math.abs(exponent);
        }
        return decimal.toPlainString();
    }

    // The fewest significant digits that read back as d, rounded to nearest as strconv does
    // (Java 17's Double.toString is not always the shortest: -1.2499999999999999E22).
    private static BigDecimal shortest(double d) {
        var exact = new BigDecimal(d);
        for (int digits = 1; digits < 17; digits++) {
            var candidate = exact.round(new MathContext(digits, RoundingMode.HALF_EVEN));
            if (candidate.doubleValue() == d) {
                return candidate.stripTrailingZeros();
            }
        }
        return exact.round(new MathContext(17, RoundingMode.HALF_EVEN)).stripTrailingZeros();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof PluginConfiguration c && c.text.equals(text);
    }

    @Override
    public int hashCode() {
        return text.hashCode();
    }

    @Override
    public String toString() {
        return text;
    }

    /** A strict RFC 8259 reader and the jsonpb-compatible writer. */
    static final class Json {
        private final String s;
        private int i;

        private Json(String s) {
            this.s = s;
        }

        static Optional<Map<String, Object>> object(String text) {
            var trimmed = text.strip();
            if (!trimmed.startsWith("{")) {
                return Optional.empty();
            }
            try {
                var json = new Json(trimmed);
                var value = json.value(0);
                json.space();
                if (json.i != trimmed.length()) {
                    return Optional.empty();
                }
                @SuppressWarnings("unchecked")
                var map = (Map<String, Object>) value;
                return Optional.of(Collections.unmodifiableMap(map));
            } catch (IllegalArgumentException | IndexOutOfBoundsException e) {
                return Optional.empty();
            }
        }

        private Object value(int depth) {
            if (depth > 100) {
                throw new IllegalArgumentException("nested too deeply");
            }
            space();
            var c = s.charAt(i);
            switch (c) {
                case '{' -> {
                    i++;
                    var map = new LinkedHashMap<String, Object>();
                    space();
                    if (s.charAt(i) == '}') {
                        i++;
                        return map;
                    }
                    while (true) {
                        space();
                        var key = string();
                        space();
                        expect(':');
                        // a repeated key: the last one wins, as in Go and in protobuf's parser
                        map.remove(key);
                        map.put(key, value(depth + 1));
                        space();
                        if (s.charAt(i) == ',') {
                            i++;
                        } else {
                            expect('}');
                            return map;
                        }
                    }
                }
                case '[' -> {
                    i++;
                    var list = new ArrayList<Object>();
                    space();
                    if (s.charAt(i) == ']') {
                        i++;
                        return list;
                    }
                    while (true) {
                        list.add(value(depth + 1));
                        space();
                        if (s.charAt(i) == ',') {
                            i++;
                        } else {
                            expect(']');
                            return Collections.unmodifiableList(list);
                        }
                    }
                }
                case '"' -> {
                    return string();
                }
                case 't' -> {
                    literal("true");
                    return Boolean.TRUE;
                }
                case 'f' -> {
                    literal("false");
                    return Boolean.FALSE;
                }
                case 'n' -> {
                    literal("null");
                    return Null.NULL;
                }
                default -> {
                    return number();
                }
            }
        }

        private Double number() {
            var start = i;
            if (s.charAt(i) == '-') {
                i++;
            }
            if (s.charAt(i) == '0') {
                i++;
            } else {
                digits();
            }
            if (i < s.length() && s.charAt(i) == '.') {
                i++;
                digits();
            }
            if (i < s.length() && (s.charAt(i) == 'e' || s.charAt(i) == 'E')) {
                i++;
                if (s.charAt(i) == '+' || s.charAt(i) == '-') {
                    i++;
                }
                digits();
            }
            var d = Double.parseDouble(s.substring(start, i));
            if (Double.isInfinite(d)) {
                throw new IllegalArgumentException("number out of range");
            }
            return d;
        }

        private void digits() {
            var start = i;
            while (i < s.length() && s.charAt(i) >= '0' && s.charAt(i) <= '9') {
                i++;
            }
            if (i == start) {
                throw new IllegalArgumentException("digit expected at " + i);
            }
        }

        private String string() {
            expect('"');
            var out = new StringBuilder();
            while (true) {
                var c = s.charAt(i++);
                if (c == '"') {
                    return out.toString();
                }
                if (c < 0x20) {
                    throw new IllegalArgumentException("control character in a string");
                }
                if (c != '\\') {
                    out.append(c);
                    continue;
                }
                var e = s.charAt(i++);
                switch (e) {
                    case '"', '\\', '/' -> out.append(e);
                    case 'b' -> out.append('\b');
                    case 'f' -> out.append('\f');
                    case 'n' -> out.append('\n');
                    case 'r' -> out.append('\r');
                    case 't' -> out.append('\t');
                    case 'u' -> {
                        out.append((char) Integer.parseInt(s.substring(i, i + 4), 16));
                        i += 4;
                    }
                    default -> throw new IllegalArgumentException("bad escape \\" + e);
                }
            }
        }

        private void literal(String word) {
            if (!s.startsWith(word, i)) {
                throw new IllegalArgumentException(word + " expected at " + i);
            }
            i += word.length();
        }

        private void expect(char c) {
            if (s.charAt(i) != c) {
                throw new IllegalArgumentException("'" + c + "' expected at " + i);
            }
            i++;
        }

        private void space() {
            while (i < s.length() && " \t\r\n".indexOf(s.charAt(i)) >= 0) {
                i++;
            }
        }

        /** jsonpb's compact form of a Struct: keys in byte order of their UTF-8. */
        static String canonical(Object value) {
            var out = new StringBuilder();
            write(out, value);
            return out.toString();
        }

        private static void write(StringBuilder out, Object value) {
            if (value instanceof Map<?, ?> map) {
                var keys = new ArrayList<String>();
                map.keySet().forEach(k -> keys.add((String) k));
                keys.sort(Json::compareUtf8);
                out.append('{');
                for (int k = 0; k < keys.size(); k++) {
                    if (k > 0) {
                        out.append(',');
                    }
                    quote(out, keys.get(k));
                    out.append(':');
                    write(out, map.get(keys.get(k)));
                }
                out.append('}');
            } else if (value instanceof List<?> list) {
                out.append('[');
                for (int k = 0; k < list.size(); k++) {
                    if (k > 0) {
                        out.append(',');
                    }
                    write(out, list.get(k));
                }
                out.append(']');
            } else if (value instanceof String str) {
                quote(out, str);
            } else if (value instanceof Double d) {
                out.append(goNumber(d));
            } else if (value instanceof Boolean b) {
                out.append(b);
            } else {
                out.append("null");
            }
        }

        private static int compareUtf8(String a, String b) {
            return Arrays.compareUnsigned(
                    a.getBytes(StandardCharsets.UTF_8), b.getBytes(StandardCharsets.UTF_8));
        }

        /** Go's encoding/json string escaping (HTML-safe: {@code < > &} as {@code \u003c}...). */
        static void quote(StringBuilder out, String str) {
            out.append('"');
            for (int k = 0; k < str.length(); k++) {
                var c = str.charAt(k);
                switch (c) {
                    case '"' -> out.append("\\\"");
                    case '\\' -> out.append("\\\\");
                    case '\n' -> out.append("\\n");
                    case '\r' -> out.append("\\r");
                    case '\t' -> out.append("\\t");
                    default -> {
                        if (c < 0x20
                                || c == '<'
                                || c == '>'
                                || c == '&'
                                || c == '\u2028'
                                || c == '\u2029') {
                            out.append(String.format("\\u%04x", (int) c));
                        } else if (Character.isSurrogate(c)
                                && !(Character.isHighSurrogate(c)
                                        && k + 1 < str.length()
                                        && Character.isLowSurrogate(str.charAt(k + 1)))
                                && !(Character.isLowSurrogate(c)
                                        && k > 0
                                        && Character.isHighSurrogate(str.charAt(k - 1)))) {
                            // a lone surrogate is invalid UTF-8: Go writes U+FFFD
                            out.append('\ufffd');
                        } else {
                            out.append(c);
                        }
                    }
                }
            }
            out.append('"');
        }
    }

    /** JSON's null, kept apart from Java's so that maps can hold it. */
    public enum Null {
        NULL;

        @Override
        public String toString() {
            return "null";
        }
    }
}
