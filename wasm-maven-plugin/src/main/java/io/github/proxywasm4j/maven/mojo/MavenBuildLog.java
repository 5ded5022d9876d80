package io.github.proxywasm4j.maven.mojo;

import io.github.proxywasm4j.maven.BuildLog;
import org.apache.maven.plugin.logging.Log;

/** Maven's log behind the plugin's own small logging interface. */
final class MavenBuildLog implements BuildLog {
    private final Log log;

    MavenBuildLog(Log log) {
        this.log = log;
    }

    @Override
    public void debug(String message) {
        log.debug(message);
    }

    @Override
    public void info(String message) {
        log.info(message);
    }

    @Override
    public void warn(String message) {
        log.warn(message);
    }

    @Override
    public void error(String message) {
        log.error(message);
    }
}
