package io.github.proxywasm4j.maven.image;

import java.io.IOException;
import java.net.HttpURLConnection;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * A real OCI registry (Debian's {@code docker-registry}, distribution 2.8) on 127.0.0.1 with a
 * temporary config and storage, and {@code skopeo} as an independent client. Missing packages are
 * installed with apt-get when the tests run as root (as CI does), so a fresh machine needs no
 * manual step.
 */
final class LocalRegistry implements AutoCloseable {

    private final Process process;
    private final int port;

    private LocalRegistry(Process process, int port) {
        this.process = process;
        this.port = port;
    }

    static LocalRegistry start(Path workDir) throws IOException, InterruptedException {
        return start(workDir, "");
    }

    /**
     * A registry that wants {@code user}'s password (htpasswd, bcrypt), as the deploy-push case
     * sets it up: python3's crypt makes the entry.
     */
    static LocalRegistry startWithPassword(Path workDir, String user, String password)
            throws IOException, InterruptedException {
        var p =
                new ProcessBuilder(
                                "python3",
                                "-W",
                                "ignore",
                                "-c",
                                "import crypt, sys; print(crypt.crypt(sys.argv[1],"
                                        + " crypt.mksalt(crypt.METHOD_BLOWFISH)))",
                                password)
                        .redirectErrorStream(true)
                        .start();
        var hash = new String(p.getInputStream().readAllBytes()).strip();
        if (p.waitFor() != 0 || !hash.startsWith("$2")) {
            throw new IllegalStateException("python3 could not make a bcrypt hash: " + hash);
        }
        var htpasswd = workDir.resolve("htpasswd");
        Files.writeString(htpasswd, user + ":" + hash + "\n");
        return start(workDir, "auth:\n  htpasswd:\n    realm: test\n    path: " + htpasswd + "\n");
    }

    private static LocalRegistry start(Path workDir, String auth)
            throws IOException, InterruptedException {
        ensureInstalled();
        int port;
        try (var socket = new ServerSocket(0)) {
            port = socket.getLocalPort();
        }
        var storage = Files.createDirectories(workDir.resolve("registry-storage"));
        var config = workDir.resolve("registry.yml");
        Files.writeString(
                config,
                "version: 0.1\n"
                        + "log:\n  level: warn\n"
                        + "storage:\n  filesystem:\n    rootdirectory: "
                        + storage
                        + "\n  delete:\n    enabled: true\n"
                        + "http:\n  addr: 127.0.0.1:"
                        + port
                        + "\n"
                        + auth);
        var process =
                new ProcessBuilder("docker-registry", "serve", config.toString())
                        .redirectErrorStream(true)
                        .redirectOutput(workDir.resolve("registry.log").toFile())
                        .start();
        var registry = new LocalRegistry(process, port);
        registry.awaitReady(workDir.resolve("registry.log"));
        return registry;
    }

    String address() {
        return "127.0.0.1:" + port;
    }

    /** Runs skopeo with the given arguments and returns its standard output. */
    static String skopeo(String... args) throws IOException, InterruptedException {
        ensureInstalled();
        var command = new ArrayList<String>();
        command.add("skopeo");
        command.addAll(List.of(args));
        var p = new ProcessBuilder(command).redirectErrorStream(true).start();
        var out = new String(p.getInputStream().readAllBytes());
        if (p.waitFor() != 0) {
            throw new IllegalStateException(String.join(" ", command) + " failed:\n" + out);
        }
        return out;
    }

    private void awaitReady(Path log) throws IOException, InterruptedException {
        var deadline = Instant.now().plus(Duration.ofSeconds(20));
        while (Instant.now().isBefore(deadline)) {
            if (!process.isAlive()) {
                throw new IllegalStateException(
                        "docker-registry exited at start:\n" + Files.readString(log));
            }
            try {
                var c =
                        (HttpURLConnection)
                                URI.create("http://" + address() + "/v2/").toURL().openConnection();
                c.setConnectTimeout(500);
                // 401: up, and wants a password
                if (c.getResponseCode() == 200 || c.getResponseCode() == 401) {
                    return;
                }
            } catch (IOException e) {
                // not listening yet
            }
            Thread.sleep(100);
        }
        close();
        throw new IllegalStateException("docker-registry did not answer /v2/ within 20 s");
    }

    private static synchronized void ensureInstalled() throws IOException, InterruptedException {
        if (onPath("docker-registry") && onPath("skopeo")) {
            return;
        }
        if (!onPath("apt-get")) {
            throw new IllegalStateException(
                    "docker-registry and skopeo are needed by this test; install them (Debian:"
                            + " apt-get install docker-registry skopeo)");
        }
        run("apt-get", "update", "-qq");
        run("apt-get", "install", "-y", "-qq", "docker-registry", "skopeo");
    }

    private static void run(String... command) throws IOException, InterruptedException {
        var p = new ProcessBuilder(command).redirectErrorStream(true).start();
        var out = new String(p.getInputStream().readAllBytes());
        if (p.waitFor() != 0) {
            throw new IllegalStateException(
                    String.join(" ", command)
                            + " failed (run the tests as root, or install docker-registry and"
                            + " skopeo yourself):\n"
                            + out);
        }
    }

    private static boolean onPath(String tool) {
        for (var dir : System.getenv().getOrDefault("PATH", "").split(":")) {
            if (Files.isExecutable(Path.of(dir, tool))) {
                return true;
            }
        }
        return false;
    }

    @Override
    public void close() {
        process.destroy();
        try {
            if (!process.waitFor(10, java.util.concurrent.TimeUnit.SECONDS)) {
                process.destroyForcibly();
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
    }
}
