package io.github.proxywasm4j.host.junit;

import io.github.proxywasm4j.host.LogEntry;
import io.github.proxywasm4j.host.LogLevel;
import io.github.proxywasm4j.host.PluginFailure;
import io.github.proxywasm4j.host.ProxyWasmPlugin;
import java.util.Arrays;

/**
 * What an assertion failure adds about the plugin (issue 13): a stream that was answered with 503
 * because the filter crashed names the crash, and an assertion on a plugin names its failure or,
 * without one, its last error log.
 */
final class Diagnosis {
    private Diagnosis() {}

    /** "" or "; the plugin failed: ..." for a stream's plugin failure. */
    static String of(PluginFailure failure) {
        return failure == null
                ? ""
                : String.format("%n(the plugin failed: %s)", failure.describe());
    }

    /** "" or the plugin's failure, else its last ERROR or CRITICAL log. */
    static String of(ProxyWasmPlugin plugin) {
        if (plugin == null) {
            return "";
        }
        var failure = plugin.failure();
        if (failure.isPresent()) {
            return of(failure.get());
        }
        var logs = plugin.logs();
        for (int i = logs.size() - 1; i >= 0; i--) {
            LogEntry e = logs.get(i);
            if (e.level().code() >= LogLevel.ERROR.code()) {
                return String.format("%n(the plugin's last error log: %s)", e);
            }
        }
        return "";
    }

    /** The arguments and the suffix, unless the message already shows it (hasNoFailure()). */
    static Object[] append(Object[] arguments, String suffix) {
        for (var a : arguments) {
            var text = String.valueOf(a);
            if (text.length() > 10 && suffix.contains(text)) {
                suffix = "";
            }
        }
        var all = Arrays.copyOf(arguments, arguments.length + 1);
        all[arguments.length] = suffix;
        return all;
    }
}
