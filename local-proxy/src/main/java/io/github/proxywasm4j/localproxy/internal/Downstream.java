package io.github.proxywasm4j.localproxy.internal;

import io.github.proxywasm4j.host.Headers;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import org.eclipse.jetty.io.Content;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;

/**
 * The client's side of one exchange: the request as the filters see it, its body read in chunks,
 * and the response written back, each byte and the status counted in the access log entry.
 */
final class Downstream {

    static final int CHUNK = 16 * 1024;

    private final Request request;
    private final Response response;
    private final AccessLogEntry log;
    private final InputStream body;
    // Made on the first read: most requests have no body.
    private byte[] buffer;

    Downstream(Request request, Response response, AccessLogEntry log) {
        this.request = request;
        this.response = response;
        this.log = log;
        this.body = Content.Source.asInputStream(request);
    }

    AccessLogEntry log() {
        return log;
    }

    /**
     * The request headers as Envoy's HTTP connection manager hands them to the filters: pseudo
     * headers first, hop-by-hop headers dropped, {@code x-forwarded-proto} and {@code
     * x-request-id} added when absent.
     */
    Headers requestHeaders() {
        var uri = request.getHttpURI();
        var authority = request.getHeaders().get("host");
        if (authority == null) {
            authority = uri.getAuthority() == null ? "" : uri.getAuthority();
        }
        log.authority(authority);
        var path = uri.getPathQuery() == null ? "/" : uri.getPathQuery();
        var entries = new ArrayList<Map.Entry<String, String>>();
        entries.add(Map.entry(":authority", authority));
        entries.add(Map.entry(":path", path));
        entries.add(Map.entry(":method", request.getMethod()));
        entries.add(Map.entry(":scheme", "http"));
        var forwardedProto = false;
        var requestId = false;
        for (var f : request.getHeaders()) {
            var name = f.getName().toLowerCase(Locale.ROOT);
            if (name.equals("host") || Upstreams.HOP_BY_HOP.contains(name)) {
                continue;
            }
            forwardedProto |= name.equals("x-forwarded-proto");
            requestId |= name.equals("x-request-id");
            entries.add(Map.entry(name, f.getValue()));
        }
        if (!forwardedProto) {
            entries.add(Map.entry("x-forwarded-proto", "http"));
        }
        if (!requestId) {
            // Envoy's generate_request_id; ThreadLocalRandom because SecureRandom (behind
            // UUID.randomUUID) is a point of contention under load.
            var random = ThreadLocalRandom.current();
            var msb = (random.nextLong() & ~0xF000L) | 0x4000L;
            var lsb = (random.nextLong() & 0x3FFFFFFFFFFFFFFFL) | 0x8000000000000000L;
            entries.add(Map.entry("x-request-id", new UUID(msb, lsb).toString()));
        }
        var h = Headers.copyOf(entries);
        log.userAgent(h.get("user-agent").orElse("-"));
        return h;
    }

    boolean hasBody() {
        var length = request.getLength();
        if (length > 0) {
            return true;
        }
        return length < 0 && request.getHeaders().contains("transfer-encoding");
    }

    /** The next chunk of the request body, or empty at its end. */
    Optional<byte[]> read() throws IOException {
        var buffer = buffer();
        var n = body.read(buffer);
        if (n < 0) {
            return Optional.empty();
        }
        log.received(n);
        return Optional.of(Arrays.copyOf(buffer, n));
    }

    /** The rest of the request body. */
    List<byte[]> readAll() throws IOException {
        return readAll(body, log);
    }

    /** Reads the rest of the request body and drops it. */
    void drain() throws IOException {
        var buffer = buffer();
        int n;
        while ((n = body.read(buffer)) > 0) {
            log.received(n);
        }
    }

    private byte[] buffer() {
        if (buffer == null) {
            buffer = new byte[CHUNK];
        }
        return buffer;
    }

    /** All of a stream in chunks, counting them as received when {@code log} is given. */
    static List<byte[]> readAll(InputStream in, AccessLogEntry log) throws IOException {
        var chunks = new ArrayList<byte[]>();
        var buffer = new byte[CHUNK];
        int n;
        while ((n = in.read(buffer)) > 0) {
            if (log != null) {
                log.received(n);
            }
            chunks.add(Arrays.copyOf(buffer, n));
        }
        return chunks;
    }

    /** Starts the response: its status and headers, less pseudo and hop-by-hop headers. */
    void writeHeaders(Headers headers) {
        var status = Integer.parseInt(headers.get(":status").orElse("200"));
        log.status(status);
        response.setStatus(status);
        var fields = response.getHeaders();
        for (int i = 0; i < headers.size(); i++) {
            var name = headers.name(i);
            if (name.startsWith(":") || Upstreams.HOP_BY_HOP.contains(name)) {
                continue;
            }
            fields.add(name, headers.value(i));
        }
    }

    /** The response body as a stream; closing it ends the response. */
    OutputStream bodySink() {
        return Content.Sink.asOutputStream(response);
    }

    /** Counts bytes written to {@link #bodySink()}. */
    void sent(long bytes) {
        log.sent(bytes);
    }

    /** Writes the whole body and ends the response. */
    void writeLast(byte[] bytes) throws IOException {
        Content.Sink.write(response, true, ByteBuffer.wrap(bytes));
        log.sent(bytes.length);
    }

    /** A filter's local reply, in place of anything not yet sent. */
    void writeLocal(Stop.LocalReply reply) throws IOException {
        if (response.isCommitted()) {
            // Headers already went out: the only way left to fail the stream is to reset it.
            throw new IOException("the filter replied locally after the response started");
        }
        response.getHeaders().clear();
        var body = reply.body();
        writeHeaders(withBodyHeaders(reply.headers(), body));
        writeLast(body);
    }

    /** A reply made here that no filter sees (a filter that did not continue in time). */
    void writeRaw(int status, String text) throws IOException {
        if (response.isCommitted()) {
            throw new IOException(text);
        }
        var body = bytes(text);
        log.status(status);
        response.setStatus(status);
        response.getHeaders().put("content-type", "text/plain");
        response.getHeaders().put("content-length", Integer.toString(body.length));
        writeLast(body);
    }

    /** Adds {@code content-length} and, for a body, {@code content-type} when missing. */
    static Headers withBodyHeaders(Headers headers, byte[] body) {
        var h = headers;
        if (!h.contains("content-length")) {
            h = h.with("content-length", Integer.toString(body.length));
        }
        if (body.length > 0 && !h.contains("content-type")) {
            h = h.with("content-type", "text/plain");
        }
        return h;
    }

    static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }
}
