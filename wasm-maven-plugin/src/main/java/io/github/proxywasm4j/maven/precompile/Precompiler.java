package io.github.proxywasm4j.maven.precompile;

import com.dylibso.chicory.build.time.compiler.Config;
import com.dylibso.chicory.build.time.compiler.Generator;
import com.dylibso.chicory.compiler.InterpreterFallback;
import com.dylibso.chicory.runtime.Instance;
import com.dylibso.chicory.wasm.WasmModule;
import io.github.proxywasm4j.maven.BuildLog;
import io.github.proxywasm4j.maven.WasmBuildException;
import io.github.proxywasm4j.maven.fingerprint.Fingerprint;
import io.github.proxywasm4j.maven.fingerprint.FingerprintStore;
import io.github.proxywasm4j.maven.fs.AtomicFiles;
import java.io.ByteArrayOutputStream;
import java.io.File;
import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Locale;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import javax.lang.model.SourceVersion;
import javax.tools.ToolProvider;

/**
 * Compiles a module to JVM classes with Chicory's build-time compiler: the class {@code name} (with
 * static {@code load()} and {@code create(Instance)}, for {@code ProxyWasmModule.precompiled}), its
 * machine classes and the stripped {@code .meta} module next to them.
 */
public final class Precompiler {
    private static final Pattern NON_IDENTIFIER = Pattern.compile("[^A-Za-z0-9]+");
    private static final byte[] WASM_HEADER = {0, 'a', 's', 'm', 1, 0, 0, 0};

    private Precompiler() {}

    /**
     * The default class name: the group id as package (made a valid one) and the artifact id in
     * upper camel case plus {@code Module}, e.g. {@code com.example.MyFilterModule}.
     */
    public static String defaultClassName(String groupId, String artifactId) {
        var packageName = new StringBuilder();
        for (var part : groupId.split("\\.")) {
            var clean = NON_IDENTIFIER.matcher(part).replaceAll("_").toLowerCase(Locale.ROOT);
            if (clean.isEmpty()) {
                continue;
            }
            if (packageName.length() > 0) {
                packageName.append('.');
            }
            packageName.append(
                    Character.isJavaIdentifierStart(clean.charAt(0))
                                    && !SourceVersion.isKeyword(clean)
                            ? clean
                            : "_" + clean);
        }
        var simple = new StringBuilder();
        for (var word : NON_IDENTIFIER.split(artifactId)) {
            if (!word.isEmpty()) {
                simple.append(Character.toUpperCase(word.charAt(0))).append(word.substring(1));
            }
        }
        if (simple.length() == 0 || !Character.isJavaIdentifierStart(simple.charAt(0))) {
            simple.insert(0, "Wasm");
        }
        simple.append("Module");
        return packageName.length() == 0 ? "wasm." + simple : packageName + "." + simple;
    }

    /**
     * Writes the classes of {@code request} into its classes directory, unless they were made from
     * the same module (by content) already.
     */
    public static void run(PrecompileRequest request, BuildLog log) {
        var wasm = request.wasmFile();
        var className = request.className();
        requireClassName(className);
        var relative = className.replace('.', '/');
        var mainClass = request.classesDirectory().resolve(relative + ".class");
        try {
            requireModule(wasm);
            // By content, not time: a prebuilt module copied in may be older than the classes.
            var fingerprint =
                    Fingerprint.builder()
                            .withFile("module", wasm)
                            .withValue("class", className)
                            .withValue("compiler", jarOf(Generator.class).getFileName().toString())
                            .build();
            var stamp =
                    FingerprintStore.at(
                            request.workDirectory().resolve("precompile-" + className + ".sha256"));
            var meta = request.classesDirectory().resolve(relative + ".meta");
            if (Files.isRegularFile(mainClass)
                    && Files.isRegularFile(meta)
                    && stamp.matches(fingerprint)) {
                log.info(
                        "precompiled "
                                + className
                                + " is up to date (module unchanged, fingerprint "
                                + fingerprint.substring(0, 12)
                                + ")");
                return;
            }
            stamp.clear();
            var started = System.nanoTime();
            var work = request.workDirectory().resolve("precompile");
            deleteTree(work);
            var classes = work.resolve("classes");
            var sources = work.resolve("sources");
            var generator =
                    new Generator(
                            Config.builder()
                                    .withWasmFile(wasm)
                                    .withName(className)
                                    .withTargetClassFolder(classes)
                                    .withTargetSourceFolder(sources)
                                    .withTargetWasmFolder(classes)
                                    // Functions too big for one JVM method stay interpreted.
                                    .withInterpreterFallback(InterpreterFallback.SILENT)
                                    .build());
            generator.generateMetaWasm(generator.generateResources());
            generator.generateSources();
            compile(sources.resolve(relative + ".java"), classes);
            var count =
                    copyInto(
                            classes,
                            request.classesDirectory(),
                            classes.resolve(relative + ".class"));
            deleteTree(work);
            stamp.write(fingerprint);
            log.info(
                    "precompiled "
                            + wasm.getFileName()
                            + " to "
                            + className
                            + " ("
                            + count
                            + " files, "
                            + (System.nanoTime() - started) / 1_000_000
                            + " ms)");
        } catch (IOException | RuntimeException e) {
            if (e instanceof WasmBuildException) {
                throw (WasmBuildException) e;
            }
            throw new WasmBuildException(
                    "Could not precompile "
                            + wasm
                            + " to "
                            + className
                            + " ("
                            + e
                            + "); fix: check the module with wasm:check, or load it with"
                            + " ProxyWasmModule.load (runtime compiler) instead of precompiling it",
                    e);
        }
    }

    /** A binary module: present, a regular file, starting with the magic bytes and version 1. */
    private static void requireModule(Path wasm) throws IOException {
        if (!Files.exists(wasm)) {
            throw new WasmBuildException(
                    "No module at "
                            + wasm
                            + " to precompile; fix: build it first, or point wasmFile"
                            + " (-Dwasm.file) at an existing .wasm file");
        }
        if (!Files.isRegularFile(wasm)) {
            throw new WasmBuildException(
                    wasm
                            + " is not a file, so there is no module to precompile; fix: point"
                            + " wasmFile (-Dwasm.file) at a .wasm file");
        }
        var head = new byte[8];
        var read = 0;
        try (var in = Files.newInputStream(wasm)) {
            read = in.readNBytes(head, 0, head.length);
        }
        if (read < head.length || !Arrays.equals(head, WASM_HEADER)) {
            throw new WasmBuildException(
                    wasm
                            + " is not a binary WebAssembly module (it starts with "
                            + hex(head, read)
                            + "; a module starts with 00 61 73 6d 01 00 00 00); fix: point wasmFile"
                            + " (-Dwasm.file) at a .wasm file (a .wat text module needs wat2wasm"
                            + " first)");
        }
    }

    private static String hex(byte[] bytes, int length) {
        if (length == 0) {
            return "nothing: it is empty";
        }
        var out = new StringBuilder();
        for (var i = 0; i < length; i++) {
            out.append(i == 0 ? "" : " ").append(String.format("%02x", bytes[i] & 0xff));
        }
        return out.toString();
    }

    private static void requireClassName(String className) {
        if (className == null || !SourceVersion.isName(className) || className.indexOf('.') < 0) {
            throw new WasmBuildException(
                    "wasm.precompileClass '"
                            + className
                            + "' is not a fully qualified Java class name; fix: use one like"
                            + " com.example.MyFilterModule");
        }
    }

    // The generator writes the module class as Java source; compile it against Chicory's runtime.
    private static void compile(Path source, Path classes) {
        var javac = ToolProvider.getSystemJavaCompiler();
        if (javac == null) {
            throw new WasmBuildException(
                    "wasm.precompile needs a JDK (javax.tools has no compiler in this Java runtime:"
                            + " "
                            + System.getProperty("java.home")
                            + "); fix: run Maven on a JDK");
        }
        var classpath =
                Stream.of(classes, jarOf(Instance.class), jarOf(WasmModule.class))
                        .map(Path::toString)
                        .collect(Collectors.joining(File.pathSeparator));
        var out = new ByteArrayOutputStream();
        var status =
                javac.run(
                        null,
                        out,
                        out,
                        "--release",
                        "11",
                        "-classpath",
                        classpath,
                        "-d",
                        classes.toString(),
                        source.toString());
        if (status != 0) {
            throw new WasmBuildException(
                    "javac failed on the generated "
                            + source.getFileName()
                            + ": "
                            + out.toString(StandardCharsets.UTF_8).strip());
        }
    }

    private static Path jarOf(Class<?> type) {
        try {
            return Path.of(type.getProtectionDomain().getCodeSource().getLocation().toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException("cannot locate " + type.getName(), e);
        }
    }

    /** Copies every generated file into place, each atomically; returns how many. */
    private static int copyInto(Path from, Path to, Path mainClass) throws IOException {
        var ordered = new ArrayList<Path>();
        try (var walk = Files.walk(from)) {
            walk.filter(Files::isRegularFile)
                    .filter(f -> !f.equals(mainClass))
                    .forEach(ordered::add);
        }
        // The main class last: with the stamp, its presence marks the whole set as made.
        ordered.add(mainClass);
        for (var f : ordered) {
            AtomicFiles.copy(f, to.resolve(from.relativize(f).toString()));
        }
        return ordered.size();
    }

    private static void deleteTree(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return;
        }
        try (var walk = Files.walk(dir)) {
            var all = walk.sorted((a, b) -> b.getNameCount() - a.getNameCount()).toList();
            for (var p : all) {
                Files.delete(p);
            }
        }
    }
}
