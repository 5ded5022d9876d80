package io.github.proxywasm4j.host.upstream;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.function.Function;

/**
 * A test upstream for {@code proxy_http_call}: records every request, and replies, fails or holds
 * the call until the test decides (a held call that is never answered times out on the plugin
 * clock).
 *
 * <pre>{@code
 * var upstream = StubHttpUpstream.replying(HttpCallResponse.of(200, "ok"));
 * ... withHttpUpstream(upstream) ...
 * assertThat(upstream.requests()).singleElement().extracting(HttpCallRequest::path).isEqualTo("/auth");
 * }</pre>
 */
public final class StubHttpUpstream implements HttpUpstream {
    private enum Mode {
        REPLY,
        FAIL,
        HOLD
    }

    private final Mode mode;
    private final Function<HttpCallRequest, HttpCallResponse> responder;
    private final Set<String> upstreams;
    private final List<HttpCallRequest> requests = new ArrayList<>();
    private final List<CompletableFuture<HttpCallResponse>> calls = new ArrayList<>();

    private StubHttpUpstream(
            Mode mode,
            Function<HttpCallRequest, HttpCallResponse> responder,
            Set<String> upstreams) {
        this.mode = mode;
        this.responder = responder;
        this.upstreams = upstreams;
    }

    /** Answers every call at once with the responder's reply. */
    public static StubHttpUpstream replying(Function<HttpCallRequest, HttpCallResponse> responder) {
        return new StubHttpUpstream(Mode.REPLY, Objects.requireNonNull(responder), null);
    }

    /** Answers every call at once with the same reply. */
    public static StubHttpUpstream replying(HttpCallResponse response) {
        Objects.requireNonNull(response, "response");
        return replying(r -> response);
    }

    /** Fails every call at once (connection reset). */
    public static StubHttpUpstream failing() {
        return new StubHttpUpstream(Mode.FAIL, null, null);
    }

    /**
     * Holds every call until {@link #reply(int, HttpCallResponse)} or {@link #fail(int)}; an
     * unanswered call times out after the timeout the filter gave.
     */
    public static StubHttpUpstream holding() {
        return new StubHttpUpstream(Mode.HOLD, null, null);
    }

    /** A copy that knows only these upstream names; calls to others return BAD_ARGUMENT. */
    public StubHttpUpstream withUpstreams(String... names) {
        return new StubHttpUpstream(mode, responder, Set.of(names));
    }

    @Override
    public boolean hasUpstream(String upstream) {
        return upstreams == null || upstreams.contains(upstream);
    }

    @Override
    public synchronized CompletionStage<HttpCallResponse> send(HttpCallRequest request) {
        requests.add(request);
        var future = new CompletableFuture<HttpCallResponse>();
        calls.add(future);
        switch (mode) {
            case REPLY -> {
                try {
                    future.complete(responder.apply(request));
                } catch (RuntimeException e) {
                    future.completeExceptionally(e);
                }
            }
            case FAIL ->
                    future.completeExceptionally(new IllegalStateException("connection reset"));
            case HOLD -> {}
        }
        return future;
    }

    /** Every request dispatched so far, in order. */
    public synchronized List<HttpCallRequest> requests() {
        return List.copyOf(requests);
    }

    /** The last request dispatched. */
    public synchronized HttpCallRequest lastRequest() {
        if (requests.isEmpty()) {
            throw new IllegalStateException(
                    "the filter dispatched no HTTP call; fix: check that the filter reached"
                            + " proxy_http_call (see plugin.logs())");
        }
        return requests.get(requests.size() - 1);
    }

    /** Answers held call number {@code index} (0-based, in dispatch order). */
    public void reply(int index, HttpCallResponse response) {
        call(index).complete(response);
    }

    /** Fails held call number {@code index}. */
    public void fail(int index) {
        call(index).completeExceptionally(new IllegalStateException("connection reset"));
    }

    private synchronized CompletableFuture<HttpCallResponse> call(int index) {
        if (index < 0 || index >= calls.size()) {
            throw new IndexOutOfBoundsException(
                    "no HTTP call number " + index + "; the filter dispatched " + calls.size());
        }
        return calls.get(index);
    }
}
