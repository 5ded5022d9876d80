package io.github.proxywasm4j.maven.build;

import java.nio.file.Path;
import java.util.Objects;

/**
 * What a build did.
 *
 * @param module the optimized module
 * @param outcome whether npm and asc ran
 * @param fingerprint the inputs' fingerprint, hex
 */
public record BuildResult(Path module, Outcome outcome, String fingerprint) {
    /** Which steps ran. */
    public enum Outcome {
        /** Nothing changed: neither npm nor asc ran. */
        UP_TO_DATE,
        /** Dependencies were unchanged, so only asc ran. */
        COMPILED,
        /** npm installed dependencies, then asc ran. */
        INSTALLED_AND_COMPILED
    }

    public BuildResult {
        Objects.requireNonNull(module, "module");
        Objects.requireNonNull(outcome, "outcome");
        Objects.requireNonNull(fingerprint, "fingerprint");
    }
}
