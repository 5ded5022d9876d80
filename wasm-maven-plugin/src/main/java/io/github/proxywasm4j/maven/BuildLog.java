package io.github.proxywasm4j.maven;

/** Where the plain build classes report progress; the mojos adapt Maven's log to it. */
public interface BuildLog {
    void debug(String message);

    void info(String message);

    void warn(String message);

    void error(String message);

    /** A log that drops everything (tests, and callers that only want the result). */
    static BuildLog silent() {
        return new BuildLog() {
            @Override
            public void debug(String message) {}

            @Override
            public void info(String message) {}

            @Override
            public void warn(String message) {}

            @Override
            public void error(String message) {}
        };
    }
}
