package io.github.proxywasm4j.benchmarks;

import java.util.List;

/** What each benchmark module is fed: root id, plugin configuration, one request. */
record Workloads(
        String rootId, String configuration, List<String[]> requestHeaders, String requestBody) {

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

    /** A 1 KiB JSON-ish request body chunk. */
    static final String BODY = body();

    static Workloads forModule(String name) {
        if (name.startsWith("heavy")) {
            return new Workloads("heavy", "", BROWSER_REQUEST, BODY);
        }
        return new Workloads("add_header", "what ever you want", SMALL_REQUEST, "");
    }

    private static String body() {
        var sb = new StringBuilder();
        while (sb.length() < 1024) {
            sb.append("{\"item\":\"widget\",\"qty\":").append(sb.length() % 97).append("},");
        }
        return sb.substring(0, 1024);
    }
}
