package io.github.proxywasm4j.benchmarks.peer;

import java.util.List;

/** The same inputs as the main benchmarks' Workloads (copied: the classpaths must not meet). */
final class PeerWorkloads {

    private PeerWorkloads() {}

    static final List<String[]> SMALL_REQUEST =
            List.of(
                    new String[] {":method", "GET"},
                    new String[] {":path", "/"},
                    new String[] {":authority", "localhost"});

    static final List<String[]> BROWSER_REQUEST =
            List.of(
                    new String[] {":method", "POST"},
                    new String[] {":path", "/api/v1/orders?page=2"},
                    new String[] {":authority", "shop.example.com"},
                    new String[] {":scheme", "https"},
                    new String[] {"user-agent", "Mozilla/5.0 (X11; Linux x86_64) Firefox/128.0"},
                    new String[] {"accept", "application/json"},
                    new String[] {"accept-language", "en-GB,en;q=0.8"},
                    new String[] {"content-type", "application/json"},
                    new String[] {"cookie", "session=4f6c2a9e1b; theme=dark"},
                    new String[] {"x-request-id", "0d3c2f7e-5a4b-4c1d-9e8f-7a6b5c4d3e2f"});

    static final String BODY = body();

    private static String body() {
        var sb = new StringBuilder();
        while (sb.length() < 1024) {
            sb.append("{\"item\":\"widget\",\"qty\":").append(sb.length() % 97).append("},");
        }
        return sb.substring(0, 1024);
    }
}
