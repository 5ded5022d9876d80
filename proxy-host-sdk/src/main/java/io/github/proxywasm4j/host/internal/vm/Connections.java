package io.github.proxywasm4j.host.internal.vm;

/** Defaults for the connection attributes of a stream that a test did not set. */
final class Connections {
    private Connections() {}

    static byte[] property(String key) {
        return switch (key) {
            case "source.address" -> HttpContext.utf8("127.0.0.1:40000");
            case "source.port" -> HttpContext.int64(40000);
            case "destination.address" -> HttpContext.utf8("127.0.0.1:10000");
            case "destination.port" -> HttpContext.int64(10000);
            case "connection.mtls" -> new byte[] {0};
            case "connection.requested_server_name" -> new byte[0];
            default -> null;
        };
    }
}
