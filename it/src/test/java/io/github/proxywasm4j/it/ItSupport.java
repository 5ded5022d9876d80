package io.github.proxywasm4j.it;

import com.dylibso.chicory.wasm.Parser;
import com.dylibso.chicory.wasm.types.Export;
import java.io.File;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;

/** Called from the cases' setup.groovy and test.groovy (the scripts see the test classpath). */
public final class ItSupport {
    private static final Set<String> NODE_TOOLS =
            Set.of("node", "nodejs", "npm", "npx", "corepack");

    private ItSupport() {}

    /**
     * Copies the seed's add_header filter project into a case's cloned folder, keeping any file
     * the case brings itself: {@code package.json} and {@code package-lock.json} from {@code
     * src/filters/add-header}, and {@code assembly/index.ts} from the filter's one source, the
     * archetype's template, with root id {@code add_header}. The cases run in {@code
     * target/it/<case>}.
     */
    public static void copySeedFilter(Path caseDir) throws IOException {
        var it = caseDir.toAbsolutePath().getParent().getParent().getParent();
        var seed = it.resolve("src/filters/add-header");
        for (var file : List.of("package.json", "package-lock.json")) {
            var target = caseDir.resolve(file);
            if (!Files.exists(target)) {
                Files.copy(seed.resolve(file), target);
            }
        }
        var index = caseDir.resolve("assembly/index.ts");
        if (!Files.exists(index)) {
            // The whole template folder: index.ts imports its helpers and the example callout
            // filter.
            var templates =
                    it.resolveSibling("archetype/src/main/resources/archetype-resources/assembly");
            Files.createDirectories(index.getParent());
            try (var files = Files.list(templates)) {
                for (var template : files.filter(f -> f.toString().endsWith(".ts")).toList()) {
                    Files.writeString(
                            index.resolveSibling(template.getFileName().toString()),
                            Files.readString(template).replace("${rootId}", "add_header"));
                }
            }
        }
    }

    /**
     * Starts Debian's {@code docker-registry} on a free loopback port, with one htpasswd user
     * ({@code pusher} / {@code s3cret}), and points the case's Maven build at it: {@code
     * -Dwasm.image=127.0.0.1:PORT/filters/<repository>:1.0} and a settings.xml {@code <server>}
     * whose id is the registry, with {@code serverPassword}. The image goes to {@code image.txt};
     * the registry process is left in the system property {@code proxywasm4j.it.registry} for
     * test.groovy (same JVM) to stop.
     */
    public static String startPasswordRegistry(
            Path caseDir, String repository, String serverPassword) throws Exception {
        int port;
        try (var socket = new ServerSocket(0)) {
            port = socket.getLocalPort();
        }
        var hash =
                run(
                                List.of(
                                        "python3",
                                        "-W",
                                        "ignore",
                                        "-c",
                                        "import crypt; print(crypt.crypt('s3cret',"
                                                + " crypt.mksalt(crypt.METHOD_BLOWFISH)))"),
                                caseDir)
                        .trim();
        Files.writeString(caseDir.resolve("htpasswd"), "pusher:" + hash + "\n");
        var config = caseDir.resolve("registry.yml");
        Files.writeString(
                config,
                String.join(
                        "\n",
                        "version: 0.1",
                        "log:",
                        "  level: warn",
                        "storage:",
                        "  filesystem:",
                        "    rootdirectory: " + caseDir.resolve("registry-storage"),
                        "http:",
                        "  addr: 127.0.0.1:" + port,
                        "auth:",
                        "  htpasswd:",
                        "    realm: it",
                        "    path: " + caseDir.resolve("htpasswd"),
                        ""));
        var log = caseDir.resolve("registry.log");
        var registry =
                new ProcessBuilder("docker-registry", "serve", config.toString())
                        .redirectErrorStream(true)
                        .redirectOutput(log.toFile())
                        .start();
        System.getProperties().put("proxywasm4j.it.registry", registry);
        var client = HttpClient.newHttpClient();
        var probe = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/v2/")).build();
        var status = 0;
        for (var i = 0; i < 100 && status != 401; i++) {
            try {
                status = client.send(probe, HttpResponse.BodyHandlers.discarding()).statusCode();
            } catch (IOException e) {
                Thread.sleep(100);
            }
        }
        if (status != 401) {
            throw new IllegalStateException(
                    "the registry did not come up: " + Files.readString(log));
        }
        var image = "127.0.0.1:" + port + "/filters/" + repository + ":1.0";
        Files.writeString(
                caseDir.resolve("servers.xml"),
                "<settings><servers><server>\n  <id>127.0.0.1:"
                        + port
                        + "</id><username>pusher</username><password>"
                        + serverPassword
                        + "</password>\n</server></servers></settings>\n");
        Files.writeString(caseDir.resolve("image.txt"), image);
        var mvn = Files.createDirectories(caseDir.resolve(".mvn"));
        Files.writeString(
                mvn.resolve("maven.config"), "-Dwasm.image=" + image + "\n-gs\nservers.xml\n");
        return image;
    }

    /**
     * Fills {@code dir} with links to every tool on this JVM's PATH except Node and npm, so a build
     * with {@code PATH=dir} has a working shell and Java but no Node.
     */
    /**
     * Compiles a case's {@code assembly/index.ts} with the project's own asc after {@code npm ci},
     * outside the plugin, so a case can check a module the plugin did not build.
     */
    public static Path compileWithAsc(Path caseDir, String output, String... ascFlags)
            throws Exception {
        var node = nodeOnPath().toString();
        var npmCli =
                nodeOnPath()
                        .toRealPath()
                        .getParent()
                        .getParent()
                        .resolve("lib/node_modules/npm/bin/npm-cli.js")
                        .toString();
        run(List.of(node, npmCli, "ci", "--no-audit", "--no-fund", "--prefer-offline"), caseDir);
        var command =
                new ArrayList<>(
                        List.of(
                                node,
                                "node_modules/assemblyscript/bin/asc",
                                "assembly/index.ts",
                                "-o",
                                output));
        command.addAll(List.of(ascFlags));
        run(command, caseDir);
        return caseDir.resolve(output);
    }

    public static Path pathWithoutNode(Path dir) throws IOException {
        Files.createDirectories(dir);
        for (var entry : System.getenv("PATH").split(File.pathSeparator)) {
            var d = Path.of(entry);
            if (entry.isBlank() || !Files.isDirectory(d)) {
                continue;
            }
            try (var list = Files.list(d)) {
                for (var tool : list.toList()) {
                    var name = tool.getFileName().toString();
                    var link = dir.resolve(name);
                    if (NODE_TOOLS.contains(name)
                            || Files.exists(link, LinkOption.NOFOLLOW_LINKS)) {
                        continue;
                    }
                    if (Files.isExecutable(tool) && !Files.isDirectory(tool)) {
                        Files.createSymbolicLink(link, tool.toAbsolutePath());
                    }
                }
            }
        }
        return dir;
    }

    /** The node executable on this JVM's PATH. */
    public static Path nodeOnPath() {
        for (var entry : System.getenv("PATH").split(File.pathSeparator)) {
            var node = Path.of(entry, "node");
            if (Files.isExecutable(node)) {
                return node;
            }
        }
        throw new IllegalStateException("the ITs need Node.js on PATH");
    }

    /** {@code node --version} of the Node on PATH, e.g. {@code v20.20.2}. */
    public static String nodeVersion() throws Exception {
        return run(List.of(nodeOnPath().toString(), "--version"), Path.of(".")).trim();
    }

    /**
     * Writes {@code root/vX/node-vX-linux-x64.tar.gz} in the nodejs.org layout from the local Node
     * binary and its npm ({@code node-vX-linux-x64/bin/node}, {@code lib/node_modules/npm}).
     */
    public static Path nodeArchive(Path root, String version) throws Exception {
        var node = nodeOnPath().toRealPath();
        var npm = node.getParent().getParent().resolve("lib/node_modules/npm");
        if (!Files.isDirectory(npm)) {
            throw new IllegalStateException("npm not found at " + npm);
        }
        var name = "node-" + version + "-linux-x64";
        var stage = Files.createDirectories(root.resolve("stage"));
        var top = stage.resolve(name);
        Files.createDirectories(top.resolve("bin"));
        Files.createDirectories(top.resolve("lib/node_modules"));
        Files.createSymbolicLink(top.resolve("bin/node"), node);
        Files.createSymbolicLink(top.resolve("lib/node_modules/npm"), npm);
        var archive = Files.createDirectories(root.resolve(version)).resolve(name + ".tar.gz");
        // -h stores the files the links point at; gzip -1 because speed matters more than size here
        run(
                List.of(
                        "tar",
                        "-I",
                        "gzip -1",
                        "-chf",
                        archive.toString(),
                        "-C",
                        stage.toString(),
                        name),
                root);
        deleteTree(stage);
        return archive;
    }

    /** The names of a module's exports, read with Chicory's parser. */
    public static List<String> exports(Path wasm) throws IOException {
        var module = Parser.parse(Files.readAllBytes(wasm));
        var section = module.exportSection();
        var names = new ArrayList<String>();
        for (int i = 0; i < section.exportCount(); i++) {
            Export e = section.getExport(i);
            names.add(e.name());
        }
        return names;
    }

    /** The names a module imports, as {@code module.name}. */
    public static List<String> imports(Path wasm) throws IOException {
        var module = Parser.parse(Files.readAllBytes(wasm));
        var section = module.importSection();
        var names = new ArrayList<String>();
        for (int i = 0; i < section.importCount(); i++) {
            var imp = section.getImport(i);
            names.add(imp.module() + "." + imp.name());
        }
        return names;
    }

    /** Runs a command to completion; fails with its output when it exits non-zero. */
    public static String run(List<String> command, Path dir) throws Exception {
        var p =
                new ProcessBuilder(command)
                        .directory(dir.toFile())
                        .redirectErrorStream(true)
                        .start();
        var out = new String(p.getInputStream().readAllBytes());
        if (!p.waitFor(300, TimeUnit.SECONDS) || p.exitValue() != 0) {
            throw new IllegalStateException(String.join(" ", command) + " failed:\n" + out);
        }
        return out;
    }

    public static void deleteTree(Path dir) throws IOException {
        if (!Files.exists(dir, LinkOption.NOFOLLOW_LINKS)) {
            return;
        }
        try (var walk = Files.walk(dir)) {
            for (var p : walk.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        }
    }
}
