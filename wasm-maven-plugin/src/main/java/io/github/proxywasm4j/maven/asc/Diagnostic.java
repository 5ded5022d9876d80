package io.github.proxywasm4j.maven.asc;

import java.util.Objects;
import java.util.Optional;

/**
 * One compiler diagnostic, such as {@code ERROR TS2322: Type 'i32' is not assignable to type
 * '~lib/string/String'.} at {@code assembly/index.ts(16,39)}.
 *
 * @param code {@code TS2322}, {@code AS201}, ...
 */
public record Diagnostic(
        Severity severity, String code, String message, Optional<Location> location) {
    /** How bad a diagnostic is, as asc prints it. */
    public enum Severity {
        ERROR,
        WARNING,
        INFO,
        PEDANTIC
    }

    /** A place in a source file; line and column count from 1, as asc prints them. */
    public record Location(String file, int line, int column) {
        public Location {
            Objects.requireNonNull(file, "file");
        }
    }

    public Diagnostic {
        Objects.requireNonNull(severity, "severity");
        Objects.requireNonNull(code, "code");
        Objects.requireNonNull(message, "message");
        Objects.requireNonNull(location, "location");
    }

    public static Diagnostic at(
            Severity severity, String code, String message, String file, int line, int column) {
        return new Diagnostic(
                severity, code, message, Optional.of(new Location(file, line, column)));
    }

    /** The compiler's {@code file:line:col: CODE message} form that IDEs and CI logs link. */
    public String format() {
        return location.map(l -> l.file() + ":" + l.line() + ":" + l.column() + ": ").orElse("")
                + code
                + " "
                + message;
    }
}
