package io.github.proxywasm4j.maven.run;

import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The host's fix hints name its Java API ({@code withHttpUpstream(..)}), which is right in a JUnit
 * test; under {@code wasm:run} the same setting is a pom element or a {@code -D} property, so the
 * hints are rewritten before they are shown (issue 13).
 */
final class RunHints {
    private record Hint(Pattern pattern, String replacement) {}

    private static final List<Hint> HINTS =
            List.of(
                    new Hint(
                            Pattern.compile(
                                    "unknown upstream '([^']*)' refused \\(BAD_ARGUMENT\\); fix:"
                                            + " configure it with withHttpUpstream\\(\\.\\.\\)"),
                            "unknown upstream '$1' refused (BAD_ARGUMENT); fix: wasm:run sends"
                                    + " callouts to the clusters of an Envoy bootstrap: run with"
                                    + " -Dwasm.envoyConfig=<file> that has a cluster named '$1'"
                                    + " (start from target/envoy.yaml)"),
                    new Hint(
                            Pattern.compile(
                                    "unknown upstream '([^']*)' refused \\(BAD_ARGUMENT\\); fix:"
                                            + " configure withGrpcUpstream\\(\\.\\.\\)"),
                            "unknown upstream '$1' refused (BAD_ARGUMENT); fix: wasm:run has no"
                                    + " gRPC upstreams; test gRPC callouts in JUnit with a"
                                    + " StubGrpcUpstream, or run the filter in Envoy with a"
                                    + " cluster named '$1'"),
                    new Hint(
                            Pattern.compile("check withPluginConfiguration\\(\\.\\.\\)"),
                            "check <pluginConfiguration> in pom.xml (or"
                                    + " -Dwasm.pluginConfiguration=...)"),
                    new Hint(
                            Pattern.compile("withHttpUpstream\\(\\.\\.\\)"),
                            "a cluster in -Dwasm.envoyConfig=<file>"),
                    new Hint(
                            Pattern.compile("withPluginConfiguration\\(\\.\\.\\)"),
                            "<pluginConfiguration> in pom.xml"));

    private RunHints() {}

    /** {@code message} with its JUnit API hints in Maven's words. */
    static String speakMaven(String message) {
        if (message == null || !message.contains("with")) {
            return message;
        }
        var out = message;
        for (var hint : HINTS) {
            Matcher m = hint.pattern().matcher(out);
            out = m.replaceAll(hint.replacement());
        }
        return out;
    }
}
