package io.github.proxywasm4j.host.junit;

import io.github.proxywasm4j.host.LogEntry;
import io.github.proxywasm4j.host.LogLevel;
import io.github.proxywasm4j.host.ProxyWasmPlugin;
import java.util.List;
import org.assertj.core.api.AbstractAssert;

/** Assertions on a {@link ProxyWasmPlugin}: its metrics, logs and failure state. */
public final class PluginAssert extends AbstractAssert<PluginAssert, ProxyWasmPlugin> {
    PluginAssert(ProxyWasmPlugin actual) {
        super(actual, PluginAssert.class);
    }

    /** The counter {@code name} has this value. */
    public PluginAssert hasCounter(String name, long value) {
        isNotNull();
        var found = actual.metrics().counter(name);
        if (found != value) {
            failWithMessage("expected counter <%s> to be %s but was %s", name, value, found);
        }
        return this;
    }

    /** The gauge {@code name} has this value. */
    public PluginAssert hasGauge(String name, long value) {
        isNotNull();
        var found = actual.metrics().gauge(name);
        if (found != value) {
            failWithMessage("expected gauge <%s> to be %s but was %s", name, value, found);
        }
        return this;
    }

    /** The histogram {@code name} recorded exactly these values, in order. */
    public PluginAssert hasHistogramSamples(String name, Long... values) {
        isNotNull();
        var found = actual.metrics().histogramSamples(name);
        if (!found.equals(List.of(values))) {
            failWithMessage(
                    "expected histogram <%s> samples %s but were %s", name, List.of(values), found);
        }
        return this;
    }

    /** Some log record contains {@code text}. */
    public PluginAssert hasLogContaining(String text) {
        isNotNull();
        if (actual.logs().stream().noneMatch(e -> e.message().contains(text))) {
            failWithMessage("expected a log containing <%s> but the logs were:%n%s", text, logs());
        }
        return this;
    }

    /** Some log record at {@code level} contains {@code text}. */
    public PluginAssert hasLog(LogLevel level, String text) {
        isNotNull();
        if (actual.logs().stream()
                .noneMatch(e -> e.level() == level && e.message().contains(text))) {
            failWithMessage(
                    "expected a %s log containing <%s> but the logs were:%n%s",
                    level, text, logs());
        }
        return this;
    }

    /** No log record contains {@code text}. */
    public PluginAssert hasNoLogContaining(String text) {
        isNotNull();
        actual.logs().stream()
                .filter(e -> e.message().contains(text))
                .findFirst()
                .ifPresent(
                        e ->
                                failWithMessage(
                                        "expected no log containing <%s> but got %s", text, e));
        return this;
    }

    /** The plugin's VM has not failed. */
    public PluginAssert hasNoFailure() {
        isNotNull();
        actual.failure()
                .ifPresent(f -> failWithMessage("expected no failure but %s", f.describe()));
        return this;
    }

    /** The plugin's VM failed and the failure's description contains {@code text}. */
    public PluginAssert hasFailedWith(String text) {
        isNotNull();
        var failure = actual.failure();
        if (failure.isEmpty()) {
            failWithMessage(
                    "expected the plugin to have failed, but it has not; logs:%n%s", logs());
        } else if (!failure.get().describe().contains(text)) {
            failWithMessage(
                    "expected a failure containing <%s> but it was: %s",
                    text, failure.get().describe());
        }
        return this;
    }

    private String logs() {
        var lines = new StringBuilder();
        for (LogEntry e : actual.logs()) {
            lines.append("  ").append(e).append(System.lineSeparator());
        }
        return lines.toString();
    }
}
