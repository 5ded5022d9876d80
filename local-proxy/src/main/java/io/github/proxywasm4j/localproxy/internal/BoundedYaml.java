package io.github.proxywasm4j.localproxy.internal;

import io.github.proxywasm4j.localproxy.EnvoyConfigException;
import java.util.ArrayDeque;
import java.util.HashMap;
import java.util.Optional;
import org.snakeyaml.engine.v2.api.Load;
import org.snakeyaml.engine.v2.api.LoadSettings;
import org.snakeyaml.engine.v2.api.lowlevel.Parse;
import org.snakeyaml.engine.v2.events.AliasEvent;
import org.snakeyaml.engine.v2.events.Event;
import org.snakeyaml.engine.v2.events.NodeEvent;
import org.snakeyaml.engine.v2.events.ScalarEvent;
import org.snakeyaml.engine.v2.exceptions.Mark;
import org.snakeyaml.engine.v2.exceptions.YamlEngineException;

/**
 * Loads a YAML document within bounds, whatever the file holds: its size, its nesting depth, its
 * number of nodes, and its size with every alias expanded (a "billion laughs" file is a few lines
 * that expand to gigabytes). A first pass over the parser's events checks each bound without
 * building anything and without recursion; only a document within all of them is loaded (the
 * loader recurses once per nesting level, so 100,000 nested {@code [} would overflow the stack).
 * Each refusal is one {@link EnvoyConfigException} naming the bound, where it was reached and the
 * fix.
 */
public final class BoundedYaml {

    /** The largest file read, in bytes and in characters: Envoy bootstraps are kilobytes. */
    public static final int MAX_CHARS = 4 * 1024 * 1024;

    /**
     * The deepest nesting of mappings and lists; protobuf's JSON parser, which reads Envoy's
     * configuration, stops at 100 levels too.
     */
    public static final int MAX_DEPTH = 100;

    /** The most nodes (scalars, lists, mappings) in a document, aliases not expanded. */
    public static final int MAX_NODES = 200_000;

    /**
     * The largest size of a document with its aliases expanded: a node counts 1, a scalar its
     * length. A document without aliases stays far below it.
     */
    public static final long MAX_EXPANDED = 2L * MAX_CHARS;

    private BoundedYaml() {}

    /** Parses one YAML document; {@code source} names it in messages. */
    public static Object load(String yaml, String source) {
        if (yaml.length() > MAX_CHARS) {
            throw tooLarge(source, "characters");
        }
        // One buffer for the whole text: the reader copies its window each time it refills, which
        // is quadratic in the length of one long value with the default 1 KiB buffer.
        var settings =
                LoadSettings.builder()
                        .setLabel(source)
                        .setCodePointLimit(MAX_CHARS + 1)
                        .setBufferSize(yaml.length() + 1)
                        .build();
        try {
            check(new Parse(settings).parseString(yaml), source);
            return new Load(settings).loadFromString(yaml);
        } catch (YamlEngineException e) {
            throw new EnvoyConfigException(
                    source
                            + " is not valid YAML: "
                            + abbreviate(e.getMessage(), 1_000)
                            + "; fix: correct the syntax",
                    e);
        }
    }

    // One open mapping or list: its anchor, and the expanded size of what it holds so far.
    private static final class Open {
        final String anchor;
        long expanded = 1;

        Open(String anchor) {
            this.anchor = anchor;
        }
    }

    private static void check(Iterable<Event> events, String source) {
        var open = new ArrayDeque<Open>();
        // The expanded size of each anchored node, once it is complete.
        var anchors = new HashMap<String, Long>();
        long nodes = 0;
        long expanded = 0;
        for (var event : events) {
            long size;
            switch (event.getEventId()) {
                case MappingStart, SequenceStart -> {
                    if (open.size() == MAX_DEPTH) {
                        throw refused(
                                source,
                                event,
                                "nests mappings and lists deeper than " + MAX_DEPTH + " levels",
                                "check that wasm.envoyConfig names the bootstrap meant and"
                                        + " that its brackets are closed (an Envoy bootstrap"
                                        + " nests about 15 levels)");
                    }
                    open.push(new Open(anchor(event)));
                    size = 1;
                }
                case MappingEnd, SequenceEnd -> {
                    var done = open.pop();
                    if (done.anchor != null) {
                        anchors.put(done.anchor, done.expanded);
                    }
                    if (!open.isEmpty()) {
                        open.peek().expanded += done.expanded;
                    }
                    continue;
                }
                case Scalar -> {
                    size = 1 + ((ScalarEvent) event).getValue().length();
                    var anchor = anchor(event);
                    if (anchor != null) {
                        anchors.put(anchor, size);
                    }
                }
                case Alias -> {
                    var name = ((AliasEvent) event).getAlias().getValue();
                    var anchored = anchors.get(name);
                    if (open.stream().anyMatch(o -> name.equals(o.anchor))) {
                        throw refused(
                                source,
                                event,
                                "refers to *" + abbreviate(name, 40) + " inside that very node",
                                "a configuration is a tree: write the value out instead of this"
                                        + " recursive alias");
                    }
                    // An undefined alias is named by the loader.
                    size = anchored == null ? 1 : anchored;
                }
                default -> {
                    continue;
                }
            }
            var id = event.getEventId();
            if (id != Event.ID.Alias && ++nodes > MAX_NODES) {
                throw refused(
                        source,
                        event,
                        "has more than " + MAX_NODES + " values",
                        "check that wasm.envoyConfig names the bootstrap meant (an Envoy"
                                + " bootstrap has hundreds)");
            }
            // A collection's own node is already in its Open; a value goes to its parent's.
            if (id != Event.ID.MappingStart && id != Event.ID.SequenceStart && !open.isEmpty()) {
                open.peek().expanded += size;
            }
            expanded += size;
            if (expanded > MAX_EXPANDED) {
                throw refused(
                        source,
                        event,
                        "grows to more than "
                                + MAX_EXPANDED
                                + " characters with its aliases expanded (an alias bomb)",
                        "write the values out, or nest fewer aliases (*name)");
            }
        }
    }

    /** The refusal of a file over {@link #MAX_CHARS} bytes or characters. */
    public static EnvoyConfigException tooLarge(String source, String unit) {
        return new EnvoyConfigException(
                source
                        + " has more than "
                        + MAX_CHARS
                        + " "
                        + unit
                        + " (4 MiB), more than the local proxy reads; fix: point wasm.envoyConfig"
                        + " at an Envoy bootstrap file (they are kilobytes)");
    }

    private static String anchor(Event event) {
        return ((NodeEvent) event).getAnchor().map(a -> a.getValue()).orElse(null);
    }

    private static EnvoyConfigException refused(
            String source, Event event, String problem, String fix) {
        return new EnvoyConfigException(
                source + where(event.getStartMark()) + " " + problem + "; fix: " + fix);
    }

    private static String where(Optional<Mark> mark) {
        return mark.map(
                        m ->
                                " (line "
                                        + (m.getLine() + 1)
                                        + ", column "
                                        + (m.getColumn() + 1)
                                        + ")")
                .orElse("");
    }

    /**
     * A message of at most about 2,000 characters: a long one keeps its start and its end (where
     * the fix is), so that a huge value in a file never makes a huge error line.
     */
    public static String bounded(String message) {
        if (message == null || message.length() <= 2_000) {
            return message;
        }
        var cut = message.length() - 1_500;
        return message.substring(0, 1_000)
                + " … ("
                + cut
                + " characters left out) … "
                + message.substring(message.length() - 500);
    }

    /** At most {@code max} characters of a text for a message, with its length when cut. */
    public static String abbreviate(String text, int max) {
        if (text == null || text.length() <= max) {
            return text;
        }
        return text.substring(0, max) + "… (" + text.length() + " characters)";
    }
}
