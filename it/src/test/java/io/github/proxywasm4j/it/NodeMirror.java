package io.github.proxywasm4j.it;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A download root in the nodejs.org layout, served over HTTP on 127.0.0.1 from a folder. It
 * records every requested path so a test can tell whether the plugin downloaded.
 */
public final class NodeMirror implements AutoCloseable {
    private final HttpServer server;
    private final List<String> requests = new CopyOnWriteArrayList<>();

    private NodeMirror(Path root) throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext(
                "/",
                exchange -> {
                    var path = exchange.getRequestURI().getPath();
                    requests.add(path);
                    var file = root.resolve(path.substring(1)).normalize();
                    if (!file.startsWith(root) || !Files.isRegularFile(file)) {
                        exchange.sendResponseHeaders(404, -1);
                        exchange.close();
                        return;
                    }
                    exchange.getResponseHeaders().add("Content-Type", "application/gzip");
                    exchange.sendResponseHeaders(200, Files.size(file));
                    try (var out = exchange.getResponseBody()) {
                        Files.copy(file, out);
                    }
                });
        server.start();
    }

    public static NodeMirror serve(Path root) throws IOException {
        return new NodeMirror(root.toAbsolutePath().normalize());
    }

    /** The download root, e.g. {@code http://127.0.0.1:43123/}. */
    public String url() {
        return "http://127.0.0.1:" + server.getAddress().getPort() + "/";
    }

    public List<String> requests() {
        return List.copyOf(requests);
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
