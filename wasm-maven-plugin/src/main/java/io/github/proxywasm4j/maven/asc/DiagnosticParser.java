package io.github.proxywasm4j.maven.asc;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads asc's diagnostics from what it prints. asc 0.17 prints a header line, the source line with
 * a {@code ~~~} marker, then the place:
 *
 * <pre>
 * ERROR TS2322: Type '~lib/string/String' is not assignable to type 'i32'.
 *
 *      let x: i32 = "oops";
 *                   ~~~~~~
 *  in assembly/index.ts(15,18)
 * </pre>
 *
 * The first place after a header belongs to it; later ones (related ranges) are ignored.
 */
public final class DiagnosticParser {
    private static final Pattern HEADER =
            Pattern.compile("^(ERROR|WARNING|INFO|PEDANTIC) ([A-Z]+\\d+): (.*)$");
    private static final Pattern LOCATION =
            Pattern.compile("(?:^|\\s)in (\\S.*)\\((\\d+),(\\d+)\\)\\s*$");
    // asc colours its output on a terminal; strip ANSI escapes in case one is forced on.
    private static final Pattern ANSI = Pattern.compile("\u001B\\[[0-9;]*m");

    private DiagnosticParser() {}

    public static List<Diagnostic> parse(List<String> lines) {
        var out = new ArrayList<Diagnostic>();
        Diagnostic.Severity severity = null;
        String code = null;
        String message = null;
        Diagnostic.Location location = null;
        for (var raw : lines) {
            var line = ANSI.matcher(raw).replaceAll("");
            var header = HEADER.matcher(line);
            if (header.matches()) {
                if (code != null) {
                    out.add(new Diagnostic(severity, code, message, Optional.ofNullable(location)));
                }
                severity = Diagnostic.Severity.valueOf(header.group(1));
                code = header.group(2);
                message = header.group(3).trim();
                location = null;
                // Some diagnostics carry their place on the header line itself.
                var inline = LOCATION.matcher(message);
                if (inline.find()) {
                    location = location(inline);
                    message = message.substring(0, inline.start()).trim();
                }
                continue;
            }
            if (code != null && location == null) {
                var place = LOCATION.matcher(line);
                if (place.find()) {
                    location = location(place);
                }
            }
        }
        if (code != null) {
            out.add(new Diagnostic(severity, code, message, Optional.ofNullable(location)));
        }
        return out;
    }

    private static Diagnostic.Location location(Matcher m) {
        return new Diagnostic.Location(
                m.group(1).trim(), Integer.parseInt(m.group(2)), Integer.parseInt(m.group(3)));
    }
}
