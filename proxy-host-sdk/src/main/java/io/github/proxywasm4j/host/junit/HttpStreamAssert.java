package io.github.proxywasm4j.host.junit;

import io.github.proxywasm4j.host.Headers;
import io.github.proxywasm4j.host.HttpStream;
import io.github.proxywasm4j.host.LocalResponse;
import org.assertj.core.api.AbstractAssert;

/** Assertions on an {@link HttpStream}; failures print the stream's headers and local reply. */
public final class HttpStreamAssert extends AbstractAssert<HttpStreamAssert, HttpStream> {
    HttpStreamAssert(HttpStream actual) {
        super(actual, HttpStreamAssert.class);
    }

    @Override
    protected void failWithMessage(String errorMessage, Object... arguments) {
        // Issue 13: a stream that failed because the filter crashed says so.
        super.failWithMessage(
                errorMessage + "%s",
                Diagnosis.append(
                        arguments,
                        Diagnosis.of(actual == null ? null : actual.pluginFailure().orElse(null))));
    }

    /** The request went on: not paused, not answered locally, not closed by the filter. */
    public HttpStreamAssert continued() {
        isNotNull();
        if (actual.isRequestPaused()
                || actual.isResponsePaused()
                || actual.localResponse().isPresent()
                || actual.isClosedByFilter()) {
            failWithMessage(
                    "expected the stream to continue, but it was %s",
                    actual.localResponse().map(r -> "answered locally: " + r).orElse(state()));
        }
        return this;
    }

    /** The filter holds the request (it returned a stop status and has not resumed it). */
    public HttpStreamAssert hasRequestPaused() {
        isNotNull();
        if (!actual.isRequestPaused()) {
            failWithMessage("expected the request to be paused, but it was %s", state());
        }
        return this;
    }

    /** The filter holds the response. */
    public HttpStreamAssert hasResponsePaused() {
        isNotNull();
        if (!actual.isResponsePaused()) {
            failWithMessage("expected the response to be paused, but it was %s", state());
        }
        return this;
    }

    /** The request header {@code name} has {@code value} among its values. */
    public HttpStreamAssert hasRequestHeader(String name, String value) {
        return hasHeader("request", actual == null ? null : actual.requestHeaders(), name, value);
    }

    /** The response header {@code name} has {@code value} among its values. */
    public HttpStreamAssert hasResponseHeader(String name, String value) {
        return hasHeader("response", actual == null ? null : actual.responseHeaders(), name, value);
    }

    /** There is no request header {@code name}. */
    public HttpStreamAssert doesNotHaveRequestHeader(String name) {
        return lacksHeader("request", actual == null ? null : actual.requestHeaders(), name);
    }

    /** There is no response header {@code name}. */
    public HttpStreamAssert doesNotHaveResponseHeader(String name) {
        return lacksHeader("response", actual == null ? null : actual.responseHeaders(), name);
    }

    /** The request body, as the filter left it, is this UTF-8 text. */
    public HttpStreamAssert hasRequestBody(String text) {
        isNotNull();
        if (!actual.requestBodyText().equals(text)) {
            failWithMessage(
                    "expected request body <%s> but was <%s>", text, actual.requestBodyText());
        }
        return this;
    }

    /** The response body, as the filter left it, is this UTF-8 text. */
    public HttpStreamAssert hasResponseBody(String text) {
        isNotNull();
        if (!actual.responseBodyText().equals(text)) {
            failWithMessage(
                    "expected response body <%s> but was <%s>", text, actual.responseBodyText());
        }
        return this;
    }

    /** The filter (or the host under FAIL_CLOSED) answered with this status. */
    public HttpStreamAssert sentLocalResponse(int status) {
        var reply = localResponse();
        if (reply.status() != status) {
            failWithMessage("expected a local response %s but the reply was %s", status, reply);
        }
        return this;
    }

    /** The filter answered with this status and UTF-8 body. */
    public HttpStreamAssert sentLocalResponse(int status, String body) {
        sentLocalResponse(status);
        var reply = actual.localResponse().orElseThrow();
        if (!reply.bodyText().equals(body)) {
            failWithMessage(
                    "expected local response body <%s> but was <%s>", body, reply.bodyText());
        }
        return this;
    }

    /** No local response was sent. */
    public HttpStreamAssert sentNoLocalResponse() {
        isNotNull();
        actual.localResponse()
                .ifPresent(r -> failWithMessage("expected no local response but got %s", r));
        return this;
    }

    /** The filter reset the stream ({@code proxy_close_stream}). */
    public HttpStreamAssert wasClosedByFilter() {
        isNotNull();
        if (!actual.isClosedByFilter()) {
            failWithMessage("expected the filter to close the stream, but it was %s", state());
        }
        return this;
    }

    private LocalResponse localResponse() {
        isNotNull();
        var reply = actual.localResponse();
        if (reply.isEmpty()) {
            failWithMessage(
                    "expected a local response, but none was sent; the stream was %s", state());
        }
        return reply.orElseThrow();
    }

    private HttpStreamAssert hasHeader(String side, Headers headers, String name, String value) {
        isNotNull();
        if (!headers.getAll(name).contains(value)) {
            failWithMessage(
                    "expected %s header <%s: %s> but the %s headers were %s",
                    side, name, value, side, headers);
        }
        return this;
    }

    private HttpStreamAssert lacksHeader(String side, Headers headers, String name) {
        isNotNull();
        if (headers.contains(name)) {
            failWithMessage(
                    "expected no %s header <%s> but the %s headers were %s",
                    side, name, side, headers);
        }
        return this;
    }

    private String state() {
        return "request paused="
                + actual.isRequestPaused()
                + ", response paused="
                + actual.isResponsePaused()
                + ", closed by filter="
                + actual.isClosedByFilter()
                + ", request headers="
                + actual.requestHeaders()
                + ", response headers="
                + actual.responseHeaders();
    }
}
