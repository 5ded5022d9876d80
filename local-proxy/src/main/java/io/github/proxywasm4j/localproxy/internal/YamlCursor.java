package io.github.proxywasm4j.localproxy.internal;

import io.github.proxywasm4j.localproxy.EnvoyConfigException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Walks one YAML mapping and remembers which keys were read, so that every key nobody read
 * becomes a warning naming its full path instead of being dropped silently.
 */
public final class YamlCursor {

    /** The most warnings kept; a file with more gets one line saying so. */
    public static final int MAX_WARNINGS = 100;

    private final String source;
    private final String path;
    private final Map<?, ?> map;
    private final List<String> warnings;
    private final Set<String> seen = new LinkedHashSet<>();

    private YamlCursor(String source, String path, Map<?, ?> map, List<String> warnings) {
        this.source = source;
        this.path = path;
        this.map = map;
        this.warnings = warnings;
    }

    /** A cursor on a document's root mapping; {@code warnings} collects what is ignored. */
    public static YamlCursor root(Object document, String source, List<String> warnings) {
        if (!(document instanceof Map<?, ?> m)) {
            throw new EnvoyConfigException(
                    source
                            + " is not an Envoy bootstrap: its top level is "
                            + describe(document)
                            + ", expected a mapping with static_resources and admin; fix: point"
                            + " wasm.envoyConfig at an Envoy YAML bootstrap file");
        }
        return new YamlCursor(source, "", m, warnings);
    }

    public String path() {
        return path.isEmpty() ? "(top level)" : path;
    }

    public String path(String key) {
        var shown = BoundedYaml.abbreviate(key, 80);
        return path.isEmpty() ? shown : path + "." + shown;
    }

    /** {@code source: path.key}, for messages. */
    public String where(String key) {
        return source + ": " + path(key);
    }

    public boolean has(String key) {
        return map.containsKey(key);
    }

    public Set<String> keys() {
        var keys = new LinkedHashSet<String>();
        map.keySet().forEach(k -> keys.add(String.valueOf(k)));
        return keys;
    }

    /** Marks keys as understood although they change nothing in the local proxy. */
    public void accept(String... keys) {
        seen.addAll(List.of(keys));
    }

    /** Warns about a key that is present and not supported (and marks it as handled). */
    public void unsupported(String key, String consequence) {
        if (map.containsKey(key)) {
            seen.add(key);
            warn(path(key) + " is not supported by the local proxy; " + consequence);
        }
    }

    public void warn(String message) {
        if (warnings.size() < MAX_WARNINGS) {
            warnings.add(BoundedYaml.bounded(source + ": " + message));
        } else if (warnings.size() == MAX_WARNINGS) {
            warnings.add(
                    source
                            + ": more fields are not supported; only the first "
                            + MAX_WARNINGS
                            + " warnings are shown");
        }
    }

    public Optional<Object> raw(String key) {
        seen.add(key);
        return Optional.ofNullable(map.get(key));
    }

    public Optional<String> string(String key) {
        return raw(key).map(
                        v -> {
                            if (v instanceof Map<?, ?> || v instanceof List<?>) {
                                throw error(key, "is " + describe(v), "a plain value");
                            }
                            return String.valueOf(v);
                        });
    }

    public String requireString(String key, String example) {
        return string(key).orElseThrow(() -> missing(key, example));
    }

    public Optional<Integer> integer(String key) {
        return string(key)
                .map(
                        v -> {
                            try {
                                return Integer.parseInt(v.trim());
                            } catch (NumberFormatException e) {
                                throw error(key, "is " + quoted(v), "a whole number");
                            }
                        });
    }

    public Optional<Boolean> bool(String key) {
        return raw(key).map(
                        v -> {
                            if (v instanceof Boolean b) {
                                return b;
                            }
                            var s = String.valueOf(v).trim();
                            if (s.equalsIgnoreCase("true") || s.equalsIgnoreCase("false")) {
                                return Boolean.parseBoolean(s);
                            }
                            throw error(key, "is " + quoted(v), "true or false");
                        });
    }

    /** A duration written as {@code 0.25s}, {@code 250ms} or {@code {seconds: 1, nanos: 0}}. */
    public Optional<Duration> duration(String key) {
        var raw = raw(key);
        if (raw.isEmpty()) {
            return Optional.empty();
        }
        if (raw.get() instanceof Map<?, ?> m) {
            try {
                var seconds =
                        m.get("seconds") == null ? 0L : Long.parseLong(m.get("seconds").toString());
                var nanos = m.get("nanos") == null ? 0L : Long.parseLong(m.get("nanos").toString());
                return Optional.of(Duration.ofSeconds(seconds, nanos));
            } catch (NumberFormatException e) {
                throw error(key, "is " + describe(m), "a duration such as {seconds: 1, nanos: 0}");
            }
        }
        var s = String.valueOf(raw.get()).trim();
        try {
            if (s.endsWith("ms")) {
                return Optional.of(
                        Duration.ofNanos(
                                (long) (Double.parseDouble(s.substring(0, s.length() - 2)) * 1e6)));
            }
            if (s.endsWith("s")) {
                return Optional.of(
                        Duration.ofNanos(
                                (long) (Double.parseDouble(s.substring(0, s.length() - 1)) * 1e9)));
            }
        } catch (NumberFormatException e) {
            // fall through to the error below
        }
        throw error(key, "is " + quoted(s), "a duration such as 0.25s");
    }

    public Optional<YamlCursor> map(String key) {
        return raw(key).map(v -> asMap(path(key), key, v));
    }

    public YamlCursor requireMap(String key, String example) {
        return map(key).orElseThrow(() -> missing(key, example));
    }

    /** The mappings of a list value; an absent key is an empty list. */
    public List<YamlCursor> maps(String key) {
        var raw = raw(key);
        if (raw.isEmpty()) {
            return List.of();
        }
        if (!(raw.get() instanceof List<?> list)) {
            throw error(key, "is " + describe(raw.get()), "a list");
        }
        var out = new ArrayList<YamlCursor>();
        for (int i = 0; i < list.size(); i++) {
            out.add(asMap(path(key) + "[" + i + "]", key, list.get(i)));
        }
        return out;
    }

    /** The scalars of a list value; an absent key is an empty list. */
    public List<String> strings(String key) {
        var raw = raw(key);
        if (raw.isEmpty()) {
            return List.of();
        }
        if (!(raw.get() instanceof List<?> list)) {
            throw error(key, "is " + describe(raw.get()), "a list");
        }
        return list.stream().map(String::valueOf).toList();
    }

    /** Warns about every key that was neither read nor accepted. Call once the mapping is done. */
    public void done() {
        for (var key : map.keySet()) {
            var k = String.valueOf(key);
            if (!seen.contains(k)) {
                warn(path(k) + " is not supported by the local proxy and is ignored");
            }
        }
    }

    public EnvoyConfigException missing(String key, String example) {
        return new EnvoyConfigException(
                source + ": " + path(key) + " is missing; fix: add it, for example " + example);
    }

    public EnvoyConfigException error(String key, String problem, String expected) {
        return new EnvoyConfigException(
                source
                        + ": "
                        + path(key)
                        + " "
                        + problem
                        + ", expected "
                        + expected
                        + "; fix: correct that field");
    }

    private YamlCursor asMap(String childPath, String key, Object value) {
        if (value == null) {
            return new YamlCursor(source, childPath, Map.of(), warnings);
        }
        if (!(value instanceof Map<?, ?> m)) {
            throw new EnvoyConfigException(
                    source
                            + ": "
                            + childPath
                            + " is "
                            + describe(value)
                            + ", expected a mapping; fix: correct the indentation of "
                            + quoted(key));
        }
        return new YamlCursor(source, childPath, m, warnings);
    }

    static String describe(Object v) {
        if (v == null) {
            return "empty";
        }
        if (v instanceof Map<?, ?>) {
            return "a mapping";
        }
        if (v instanceof List<?>) {
            return "a list";
        }
        return "the value " + quoted(v);
    }

    /** A value for a message: quoted, and cut short when long. */
    public static String quoted(Object v) {
        return "'" + BoundedYaml.abbreviate(String.valueOf(v), 80) + "'";
    }
}
