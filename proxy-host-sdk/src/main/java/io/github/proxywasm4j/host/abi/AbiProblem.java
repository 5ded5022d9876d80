package io.github.proxywasm4j.host.abi;

import java.util.Objects;

/**
 * One thing wrong (or suspicious) with a module, in words a filter author can act on.
 *
 * @param severity {@link Severity#ERROR} when Envoy would refuse the module, else {@link
 *     Severity#WARNING}
 * @param subject what is wrong, e.g. {@code import env.abort is not provided by Envoy}
 * @param found the bad value as found in the module
 * @param expected what Envoy accepts instead
 * @param fix how to fix it
 */
public record AbiProblem(
        Severity severity, String subject, String found, String expected, String fix) {

    /** How bad a problem is. */
    public enum Severity {
        /** Envoy (and this host) refuse the module. */
        ERROR,
        /** Envoy loads the module, but it probably does not do what its author meant. */
        WARNING
    }

    public AbiProblem {
        Objects.requireNonNull(severity, "severity");
        Objects.requireNonNull(subject, "subject");
        Objects.requireNonNull(found, "found");
        Objects.requireNonNull(expected, "expected");
        Objects.requireNonNull(fix, "fix");
    }

    /** An error: Envoy refuses the module. */
    public static AbiProblem error(String subject, String found, String expected, String fix) {
        return new AbiProblem(Severity.ERROR, subject, found, expected, fix);
    }

    /** A warning: Envoy loads the module anyway. */
    public static AbiProblem warning(String subject, String found, String expected, String fix) {
        return new AbiProblem(Severity.WARNING, subject, found, expected, fix);
    }

    /** Whether this is an error. */
    public boolean isError() {
        return severity == Severity.ERROR;
    }

    /**
     * One sentence: {@code <subject>: found <found>, expected <expected>; fix: <fix>}.
     */
    public String message() {
        return subject + ": found " + found + ", expected " + expected + "; fix: " + fix;
    }
}
