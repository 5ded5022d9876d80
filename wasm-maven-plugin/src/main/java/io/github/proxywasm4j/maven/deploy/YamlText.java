package io.github.proxywasm4j.maven.deploy;

import io.github.proxywasm4j.maven.filter.PluginConfiguration;
import java.util.List;
import java.util.Map;

/** Writes YAML scalars and nested values as text; double-quoted strings are always safe. */
final class YamlText {

    private YamlText() {}

    static String quote(String s) {
        var out = new StringBuilder("\"");
        for (int i = 0; i < s.length(); i++) {
            var c = s.charAt(i);
            switch (c) {
                case '"' -> out.append("\\\"");
                case '\\' -> out.append("\\\\");
                case '\n' -> out.append("\\n");
                case '\r' -> out.append("\\r");
                case '\t' -> out.append("\\t");
                default -> {
                    if (c < 0x20) {
                        out.append(String.format("\\x%02x", (int) c));
                    } else {
                        out.append(c);
                    }
                }
            }
        }
        return out.append('"').toString();
    }

    // Plain keys stay plain; anything YAML could read differently is quoted.
    private static String key(String k) {
        return k.matches("[A-Za-z_][A-Za-z0-9_.-]*")
                        && !k.matches("(?i)true|false|null|yes|no|on|off|y|n|~")
                ? k
                : quote(k);
    }

    /** Appends {@code value} (a map, list or scalar from a parsed document) as block YAML. */
    static void block(StringBuilder out, String indent, Map<?, ?> map) {
        for (var e : map.entrySet()) {
            out.append(indent).append(key(String.valueOf(e.getKey()))).append(':');
            value(out, indent, e.getValue());
        }
    }

    private static void value(StringBuilder out, String indent, Object v) {
        if (v instanceof Map<?, ?> m && !m.isEmpty()) {
            out.append('\n');
            block(out, indent + "  ", m);
        } else if (v instanceof List<?> l && !l.isEmpty()) {
            out.append('\n');
            for (var item : l) {
                out.append(indent).append("  -");
                if (item instanceof Map<?, ?> || item instanceof List<?>) {
                    // Nested collections inside lists are written in flow style.
                    out.append(' ').append(flow(item)).append('\n');
                } else {
                    out.append(' ').append(scalar(item)).append('\n');
                }
            }
        } else {
            out.append(' ').append(flow(v)).append('\n');
        }
    }

    private static String flow(Object v) {
        if (v instanceof Map<?, ?> m) {
            var parts = new StringBuilder("{");
            var first = true;
            for (var e : m.entrySet()) {
                if (!first) {
                    parts.append(", ");
                }
                first = false;
                parts.append(key(String.valueOf(e.getKey())))
                        .append(": ")
                        .append(flow(e.getValue()));
            }
            return parts.append('}').toString();
        }
        if (v instanceof List<?> l) {
            var parts = new StringBuilder("[");
            for (int i = 0; i < l.size(); i++) {
                if (i > 0) {
                    parts.append(", ");
                }
                parts.append(flow(l.get(i)));
            }
            return parts.append(']').toString();
        }
        return scalar(v);
    }

    private static String scalar(Object v) {
        if (v == null || v instanceof PluginConfiguration.Null) {
            return "null";
        }
        if (v instanceof Double d) {
            return PluginConfiguration.goNumber(d);
        }
        if (v instanceof Number || v instanceof Boolean) {
            return String.valueOf(v);
        }
        return quote(String.valueOf(v));
    }
}
