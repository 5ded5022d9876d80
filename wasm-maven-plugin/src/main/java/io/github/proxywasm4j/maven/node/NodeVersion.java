package io.github.proxywasm4j.maven.node;

import java.util.Optional;
import java.util.regex.Pattern;

/** A Node.js release version such as {@code v20.20.2}. */
public record NodeVersion(int major, int minor, int patch) implements Comparable<NodeVersion> {
    private static final Pattern FORMAT = Pattern.compile("v?(\\d+)(?:\\.(\\d+))?(?:\\.(\\d+))?");

    public NodeVersion {
        if (major < 0 || minor < 0 || patch < 0) {
            throw new IllegalArgumentException("negative version part");
        }
    }

    public static NodeVersion of(int major, int minor, int patch) {
        return new NodeVersion(major, minor, patch);
    }

    /** Parses {@code v20.20.2}, {@code 20.20.2} or {@code 20}; anything else is empty. */
    public static Optional<NodeVersion> parse(String text) {
        if (text == null) {
            return Optional.empty();
        }
        var m = FORMAT.matcher(text.trim());
        if (!m.matches()) {
            return Optional.empty();
        }
        return Optional.of(
                new NodeVersion(
                        Integer.parseInt(m.group(1)),
                        m.group(2) == null ? 0 : Integer.parseInt(m.group(2)),
                        m.group(3) == null ? 0 : Integer.parseInt(m.group(3))));
    }

    /** Like {@link #parse} but fails with a message naming the parameter. */
    public static NodeVersion require(String text, String what) {
        return parse(text)
                .orElseThrow(
                        () ->
                                new IllegalArgumentException(
                                        what
                                                + " '"
                                                + text
                                                + "' is not a Node version; expected a form like"
                                                + " v20.20.2"));
    }

    public boolean isAtLeast(NodeVersion other) {
        return compareTo(other) >= 0;
    }

    @Override
    public int compareTo(NodeVersion o) {
        if (major != o.major) {
            return Integer.compare(major, o.major);
        }
        if (minor != o.minor) {
            return Integer.compare(minor, o.minor);
        }
        return Integer.compare(patch, o.patch);
    }

    /** The nodejs.org spelling, with a leading {@code v}. */
    @Override
    public String toString() {
        return "v" + major + "." + minor + "." + patch;
    }
}
