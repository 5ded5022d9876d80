package io.github.proxywasm4j.host.junit;

import io.github.proxywasm4j.host.TcpConnection;
import java.nio.charset.StandardCharsets;
import org.assertj.core.api.AbstractAssert;

/** Assertions on a {@link TcpConnection}. */
public final class TcpConnectionAssert extends AbstractAssert<TcpConnectionAssert, TcpConnection> {
    TcpConnectionAssert(TcpConnection actual) {
        super(actual, TcpConnectionAssert.class);
    }

    /** The downstream bytes, as the filter left them, are this UTF-8 text. */
    public TcpConnectionAssert hasDownstreamData(String text) {
        isNotNull();
        var found = new String(actual.downstreamData(), StandardCharsets.UTF_8);
        if (!found.equals(text)) {
            failWithMessage("expected downstream data <%s> but was <%s>", text, found);
        }
        return this;
    }

    /** The upstream bytes, as the filter left them, are this UTF-8 text. */
    public TcpConnectionAssert hasUpstreamData(String text) {
        isNotNull();
        var found = new String(actual.upstreamData(), StandardCharsets.UTF_8);
        if (!found.equals(text)) {
            failWithMessage("expected upstream data <%s> but was <%s>", text, found);
        }
        return this;
    }

    /** The filter (or a fail-closed policy) closed the connection. */
    public TcpConnectionAssert wasClosedByFilter() {
        isNotNull();
        if (!actual.isClosedByFilter()) {
            failWithMessage("expected the connection to be closed by the filter, but it is open");
        }
        return this;
    }

    /** The connection is open and not paused. */
    public TcpConnectionAssert isFlowing() {
        isNotNull();
        if (actual.isClosedByFilter() || actual.isPaused()) {
            failWithMessage(
                    "expected the connection to flow, but closed=%s paused=%s",
                    actual.isClosedByFilter(), actual.isPaused());
        }
        return this;
    }
}
