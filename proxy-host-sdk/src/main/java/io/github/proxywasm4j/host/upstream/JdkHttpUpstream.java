package io.github.proxywasm4j.host.upstream;

import io.github.proxywasm4j.host.Headers;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.CompletionStage;

/**
 * Sends {@code proxy_http_call} requests over real HTTP with the JDK {@link HttpClient}, mapping
 * upstream (cluster) names to base URIs.
 *
 * <pre>{@code
 * var upstream = JdkHttpUpstream.builder()
 *     .withUpstream("auth_cluster", URI.create("http://127.0.0.1:8081"))
 *     .build();
 * }</pre>
 */
public final class JdkHttpUpstream implements HttpUpstream {
    /** Headers the JDK client sets itself and refuses from callers. */
    private static final Set<String> RESTRICTED =
            Set.of(
                    "connection",
                    "content-length",
                    "expect",
                    "host",
                    "upgrade",
                    "te",
                    "transfer-encoding",
                    "keep-alive");

    private final Map<String, URI> upstreams;
    private final HttpClient client;

    private JdkHttpUpstream(Map<String, URI> upstreams, HttpClient client) {
        this.upstreams = Map.copyOf(upstreams);
        this.client = client;
    }

    /** A builder with no upstreams. */
    public static Builder builder() {
        return new Builder();
    }

    @Override
    public boolean hasUpstream(String upstream) {
        return upstreams.containsKey(upstream);
    }

    @Override
    public CompletionStage<HttpCallResponse> send(HttpCallRequest request) {
        var base = upstreams.get(request.upstream());
        var path = request.path().isEmpty() ? "/" : request.path();
        var uri = URI.create(stripSlash(base.toString()) + path);
        var builder =
                HttpRequest.newBuilder(uri)
                        .method(
                                request.method().isEmpty() ? "GET" : request.method(),
                                HttpRequest.BodyPublishers.ofByteArray(request.body()));
        if (!request.timeout().isZero()) {
            builder.timeout(request.timeout());
        }
        var headers = request.headers();
        for (int i = 0; i < headers.size(); i++) {
            var name = headers.name(i);
            if (!name.startsWith(":") && !RESTRICTED.contains(name)) {
                builder.header(name, headers.value(i));
            }
        }
        return client.sendAsync(builder.build(), HttpResponse.BodyHandlers.ofByteArray())
                .thenApply(JdkHttpUpstream::toResponse);
    }

    private static HttpCallResponse toResponse(HttpResponse<byte[]> response) {
        var list = new ArrayList<String>();
        list.add(":status");
        list.add(Integer.toString(response.statusCode()));
        for (var e : response.headers().map().entrySet()) {
            if (e.getKey().startsWith(":")) {
                continue;
            }
            for (var v : e.getValue()) {
                list.add(e.getKey().toLowerCase(Locale.ROOT));
                list.add(v);
            }
        }
        return new HttpCallResponse(
                Headers.of(list.toArray(new String[0])), response.body(), Headers.empty());
    }

    private static String stripSlash(String s) {
        return s.endsWith("/") ? s.substring(0, s.length() - 1) : s;
    }

    /** Builds a {@link JdkHttpUpstream}. */
    public static final class Builder {
        private final Map<String, URI> upstreams = new LinkedHashMap<>();
        private Duration connectTimeout = Duration.ofSeconds(5);
        private HttpClient client;

        private Builder() {}

        /** Maps an upstream (cluster) name to a base URI such as {@code http://127.0.0.1:8081}. */
        public Builder withUpstream(String name, URI baseUri) {
            Objects.requireNonNull(name, "name");
            Objects.requireNonNull(baseUri, "baseUri");
            if (baseUri.getScheme() == null || baseUri.getHost() == null) {
                throw new IllegalArgumentException(
                        "upstream '"
                                + name
                                + "' needs an absolute http(s) URI, got '"
                                + baseUri
                                + "'; fix: pass e.g. URI.create(\"http://127.0.0.1:8081\")");
            }
            upstreams.put(name, baseUri);
            return this;
        }

        /** The connect timeout of the default client (5 s). */
        public Builder withConnectTimeout(Duration timeout) {
            this.connectTimeout = Objects.requireNonNull(timeout, "timeout");
            return this;
        }

        /** Uses this client instead of a new one. */
        public Builder withHttpClient(HttpClient client) {
            this.client = Objects.requireNonNull(client, "client");
            return this;
        }

        public JdkHttpUpstream build() {
            var c =
                    client != null
                            ? client
                            : HttpClient.newBuilder()
                                    .connectTimeout(connectTimeout)
                                    .followRedirects(HttpClient.Redirect.NEVER)
                                    .build();
            return new JdkHttpUpstream(upstreams, c);
        }
    }

    /** The configured upstream names. */
    public List<String> upstreamNames() {
        return List.copyOf(upstreams.keySet());
    }
}
