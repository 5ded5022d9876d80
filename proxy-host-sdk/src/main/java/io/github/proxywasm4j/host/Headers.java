package io.github.proxywasm4j.host;

import java.util.AbstractMap.SimpleImmutableEntry;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * An immutable, ordered multimap of HTTP headers, trailers or gRPC metadata, as Envoy holds them:
 * names are lowercased, duplicates are kept in order.
 *
 * <pre>{@code
 * var headers = Headers.of(":method", "GET", ":path", "/", "Accept", "text/plain");
 * headers.get("accept"); // Optional[text/plain]
 * }</pre>
 */
public final class Headers {
    private static final Headers EMPTY = new Headers(new String[0]);

    /** Alternating lowercased names and values. */
    private final String[] pairs;

    private Headers(String[] pairs) {
        this.pairs = pairs;
    }

    /** No headers. */
    public static Headers empty() {
        return EMPTY;
    }

    /**
     * Headers from alternating names and values: {@code of("a", "1", "b", "2")}.
     *
     * @throws IllegalArgumentException if the number of arguments is odd
     */
    public static Headers of(String... namesAndValues) {
        if (namesAndValues.length % 2 != 0) {
            throw new IllegalArgumentException(
                    "Headers.of needs name/value pairs, got "
                            + namesAndValues.length
                            + " arguments; fix: pass an even number of strings, e.g."
                            + " Headers.of(\":status\", \"200\")");
        }
        var copy = new String[namesAndValues.length];
        for (int i = 0; i < copy.length; i += 2) {
            copy[i] = lower(Objects.requireNonNull(namesAndValues[i], "header name"));
            copy[i + 1] = Objects.requireNonNull(namesAndValues[i + 1], "header value");
        }
        return new Headers(copy);
    }

    /** Headers from entries, in order. */
    public static Headers copyOf(List<? extends Map.Entry<String, String>> entries) {
        var copy = new String[entries.size() * 2];
        int i = 0;
        for (var e : entries) {
            copy[i++] = lower(Objects.requireNonNull(e.getKey(), "header name"));
            copy[i++] = Objects.requireNonNull(e.getValue(), "header value");
        }
        return new Headers(copy);
    }

    /** The first value of a header (name compared case-insensitively). */
    public Optional<String> get(String name) {
        var key = lower(name);
        for (int i = 0; i < pairs.length; i += 2) {
            if (pairs[i].equals(key)) {
                return Optional.of(pairs[i + 1]);
            }
        }
        return Optional.empty();
    }

    /** All values of a header, in order. */
    public List<String> getAll(String name) {
        var key = lower(name);
        var values = new ArrayList<String>(2);
        for (int i = 0; i < pairs.length; i += 2) {
            if (pairs[i].equals(key)) {
                values.add(pairs[i + 1]);
            }
        }
        return List.copyOf(values);
    }

    /** Whether the header is present. */
    public boolean contains(String name) {
        return get(name).isPresent();
    }

    /** The number of entries (a repeated name counts each time). */
    public int size() {
        return pairs.length / 2;
    }

    /** Whether there are no entries. */
    public boolean isEmpty() {
        return pairs.length == 0;
    }

    /** All entries in order. */
    public List<Map.Entry<String, String>> toList() {
        var list = new ArrayList<Map.Entry<String, String>>(pairs.length / 2);
        for (int i = 0; i < pairs.length; i += 2) {
            list.add(new SimpleImmutableEntry<>(pairs[i], pairs[i + 1]));
        }
        return List.copyOf(list);
    }

    /** A copy with one more entry at the end. */
    public Headers with(String name, String value) {
        var copy = Arrays.copyOf(pairs, pairs.length + 2);
        copy[pairs.length] = lower(Objects.requireNonNull(name, "name"));
        copy[pairs.length + 1] = Objects.requireNonNull(value, "value");
        return new Headers(copy);
    }

    /** A copy without any entry of that name. */
    public Headers without(String name) {
        var key = lower(name);
        var list = new ArrayList<String>(pairs.length);
        for (int i = 0; i < pairs.length; i += 2) {
            if (!pairs[i].equals(key)) {
                list.add(pairs[i]);
                list.add(pairs[i + 1]);
            }
        }
        return new Headers(list.toArray(new String[0]));
    }

    /** The (lowercased) name of entry {@code index}, {@code 0 <= index < size()}. */
    public String name(int index) {
        return pairs[index * 2];
    }

    /** The value of entry {@code index}, {@code 0 <= index < size()}. */
    public String value(int index) {
        return pairs[index * 2 + 1];
    }

    static String lower(String name) {
        for (int i = 0; i < name.length(); i++) {
            char c = name.charAt(i);
            if (c >= 'A' && c <= 'Z') {
                return name.toLowerCase(Locale.ROOT);
            }
        }
        return name;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Headers other && Arrays.equals(pairs, other.pairs);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(pairs);
    }

    @Override
    public String toString() {
        var sb = new StringBuilder("{");
        for (int i = 0; i < pairs.length; i += 2) {
            if (i > 0) {
                sb.append(", ");
            }
            sb.append(pairs[i]).append(": ").append(pairs[i + 1]);
        }
        return sb.append('}').toString();
    }
}
