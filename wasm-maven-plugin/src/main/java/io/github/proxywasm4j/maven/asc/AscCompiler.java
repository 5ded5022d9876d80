package io.github.proxywasm4j.maven.asc;

import com.dylibso.chicory.wasm.Parser;
import io.github.proxywasm4j.maven.BuildLog;
import io.github.proxywasm4j.maven.WasmBuildException;
import io.github.proxywasm4j.maven.fs.AtomicFiles;
import io.github.proxywasm4j.maven.process.ProcessRunner;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * Compiles a filter with the asc of the project's {@code node_modules}, with the recipe of
 * proxy-runtime's {@code asbuild:optimized} script: {@code --optimize}, source map and always
 * {@code --use abort=abort_proc_exit} (Envoy has no {@code env.abort}).
 */
public final class AscCompiler {
    /** Aliases AssemblyScript's abort to proxy-runtime's, which logs and calls proc_exit. */
    public static final String ABORT_FLAG = "abort=abort_proc_exit";

    /**
     * The WASI shim's asc configuration ({@code @assemblyscript/wasi-shim}), which asc 0.20+ SDKs
     * such as {@code @gcoredev/proxy-wasm-sdk-as} build with; passed with {@code --config} when the
     * project has it installed (issue 13).
     */
    public static final String WASI_SHIM_CONFIG =
            "node_modules/@assemblyscript/wasi-shim/asconfig.json";

    private static final Pattern VERSION = Pattern.compile("\"version\"\\s*:\\s*\"([^\"]+)\"");
    private static final int MAX_CRASH_LINES = 12;

    /**
     * A small module with every section an asc module has: parsing it loads most of the parser's
     * classes.
     */
    static final byte[] WARM_UP_MODULE =
            HexFormat.of()
                    .parseHex(
                            "0061736d01000000"
                                    + "01060160017f017f" // type: (i32) -> i32
                                    + "02090103656e7601660000" // import env.f
                                    + "03020100" // function
                                    + "0503010001" // memory, 1 page
                                    + "0606017f0041000b" // global i32 = 0
                                    + "070e02066d656d6f7279020001660001" // export memory, f
                                    + "0a09010700200041016a0b" // code: f(x) = x + 1
                                    + "0b08010041100b026869"); // data "hi" at 16

    private AscCompiler() {}

    public static void compile(AscRequest request, BuildLog log) {
        checkExtraArguments(request.extraArguments());
        var dir = request.projectDirectory();
        if (!Files.isRegularFile(dir.resolve(request.entry()))) {
            throw new WasmBuildException(
                    "The entry file "
                            + dir.resolve(request.entry())
                            + " does not exist; fix: put the filter in assembly/index.ts or set"
                            + " <entry> (-Dwasm.entry) to its path relative to "
                            + dir);
        }
        var asc = ascScript(dir);
        run(request, asc, request.outputFile(), false, log);
        if (request.debugOutputFile() != null) {
            run(request, asc, request.debugOutputFile(), true, log);
        }
    }

    /**
     * Loads the module parser's classes on a background thread, while npm and asc run: checking
     * asc's output then takes about 20 ms instead of about 200 ms on the critical path.
     */
    public static void warmUpVerifier() {
        var thread =
                new Thread(
                        () -> {
                            try {
                                Parser.parse(WARM_UP_MODULE);
                            } catch (RuntimeException e) {
                                // only a warm-up: verifyModule reports real problems
                            }
                        },
                        "wasm-verify-warm-up");
        thread.setDaemon(true);
        thread.start();
    }

    /** The version of the assemblyscript package in {@code node_modules}, when installed. */
    public static Optional<String> ascVersion(Path projectDirectory) {
        var pkg = projectDirectory.resolve("node_modules/assemblyscript/package.json");
        if (!Files.isRegularFile(pkg)) {
            return Optional.empty();
        }
        try {
            var m = VERSION.matcher(Files.readString(pkg, StandardCharsets.UTF_8));
            return m.find() ? Optional.of(m.group(1)) : Optional.empty();
        } catch (IOException e) {
            return Optional.empty();
        }
    }

    static Path ascScript(Path projectDirectory) {
        var bin = projectDirectory.resolve("node_modules/assemblyscript/bin");
        // asc.js from 0.20 on; a bare "asc" script in 0.17 and older.
        for (var name : List.of("asc.js", "asc")) {
            if (Files.isRegularFile(bin.resolve(name))) {
                return bin.resolve(name);
            }
        }
        throw new WasmBuildException(
                "assemblyscript is not installed in "
                        + projectDirectory.resolve("node_modules")
                        + "; fix: add \"assemblyscript\": \"0.17.14\" (exact version) to the"
                        + " dependencies in package.json");
    }

    static List<String> arguments(AscRequest request, Path tmpWasm, boolean debug) {
        var args = new ArrayList<String>();
        args.add(request.entry());
        // -o, never -b: from asc 0.20 on -b means --bindings and no .wasm is written.
        args.add("-o");
        args.add(tmpWasm.toString());
        args.add(debug ? "--debug" : "--optimize");
        args.add("--use");
        args.add(ABORT_FLAG);
        if (request.sourceMap()) {
            args.add("--sourceMap");
        }
        if (Files.isRegularFile(request.projectDirectory().resolve(WASI_SHIM_CONFIG))) {
            args.add("--config");
            args.add(WASI_SHIM_CONFIG);
        }
        if (request.textFormat()) {
            args.add("--textFile");
            args.add(textFile(tmpWasm).toString());
        }
        args.addAll(request.extraArguments());
        return args;
    }

    static Path textFile(Path wasm) {
        var name = wasm.getFileName().toString();
        var base = name.endsWith(".wasm") ? name.substring(0, name.length() - 5) : name;
        return wasm.resolveSibling(base + ".wat");
    }

    static void checkExtraArguments(List<String> extra) {
        for (var a : extra) {
            if (a.equals("-b") || a.startsWith("--binaryFile") || a.startsWith("--bindings")) {
                throw new WasmBuildException(
                        "asc argument '"
                                + a
                                + "' is not allowed: from asc 0.20 on -b means --bindings and no"
                                + " .wasm is written; fix: remove it, the plugin always passes -o"
                                + " <outputFile>");
            }
            if (a.equals("--validate")) {
                throw new WasmBuildException(
                        "asc argument '--validate' is unknown since asc 0.14 (validation is on by"
                                + " default); fix: remove it from <ascArguments>");
            }
            if (a.equals("-o") || a.startsWith("--outFile")) {
                throw new WasmBuildException(
                        "asc argument '"
                                + a
                                + "' is not allowed: the plugin sets the output itself; fix: set"
                                + " <outputFile> (-Dwasm.outputFile) instead");
            }
        }
    }

    private static void run(AscRequest request, Path asc, Path wasm, boolean debug, BuildLog log) {
        var dir = request.projectDirectory();
        var outDir = wasm.toAbsolutePath().getParent();
        Path tmpDir;
        try {
            Files.createDirectories(outDir);
            // Same directory as the outputs, so the final moves are atomic renames.
            tmpDir = Files.createTempDirectory(outDir, ".asc-");
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create " + outDir, e);
        }
        try {
            var tmpWasm = tmpDir.resolve(wasm.getFileName());
            var command = new ArrayList<String>();
            command.add(request.node().node().toString());
            command.add(asc.toString());
            command.addAll(arguments(request, tmpWasm, debug));
            log.info(
                    "Compiling "
                            + request.entry()
                            + " with asc "
                            + ascVersion(dir).orElse("?")
                            + (debug ? " (debug)" : " (optimized)")
                            + " to "
                            + wasm);
            log.debug("asc command: " + String.join(" ", command));
            var started = System.nanoTime();
            var result = ProcessRunner.run(command, dir, Map.of(), line -> {});
            var ran = System.nanoTime();
            var all = new ArrayList<String>(result.stderr());
            all.addAll(result.stdout());
            var diagnostics = DiagnosticParser.parse(all);
            var errors =
                    diagnostics.stream()
                            .filter(d -> d.severity() == Diagnostic.Severity.ERROR)
                            .toList();
            for (var d : diagnostics) {
                if (d.severity() == Diagnostic.Severity.WARNING) {
                    log.warn(d.format());
                } else if (d.severity() != Diagnostic.Severity.ERROR) {
                    log.info(d.format());
                }
            }
            errors.forEach(d -> log.error(d.format()));
            if (!errors.isEmpty()) {
                throw WasmBuildException.reported(
                        "asc found "
                                + errors.size()
                                + " error(s) in "
                                + request.entry()
                                + ":\n"
                                + errors.stream()
                                        .map(d -> "  " + d.format())
                                        .collect(Collectors.joining("\n")));
            }
            if (!result.succeeded()) {
                var tail =
                        all.stream()
                                .filter(l -> !l.isBlank())
                                .limit(MAX_CRASH_LINES)
                                .collect(Collectors.joining("\n  "));
                tail.lines().forEach(log::error);
                throw WasmBuildException.reported(
                        "asc failed with exit code "
                                + result.exitCode()
                                + " and no diagnostic; its output:\n  "
                                + tail
                                + "\nfix: check that assemblyscript 0.17.14 matches"
                                + " @solo-io/proxy-runtime 0.1.8 in package.json");
            }
            verifyModule(tmpWasm);
            log.debug(
                    "asc ran "
                            + (ran - started) / 1_000_000
                            + " ms; its module was verified in "
                            + (System.nanoTime() - ran) / 1_000_000
                            + " ms");
            for (var out : request.outputs()) {
                var produced = tmpDir.resolve(out.getFileName());
                if (out.getParent() != null
                        && out.toAbsolutePath().getParent().equals(outDir)
                        && Files.exists(produced)) {
                    AtomicFiles.move(produced, out);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot move asc output into " + outDir, e);
        } finally {
            deleteTree(tmpDir);
        }
    }

    /** asc can exit 0 without writing a module (P6: -b); and what it wrote must parse. */
    static void verifyModule(Path wasm) {
        if (!Files.isRegularFile(wasm)) {
            throw new WasmBuildException(
                    "asc exited successfully but wrote no module at "
                            + wasm.getFileName()
                            + "; fix: remove any output option from <ascArguments>");
        }
        try {
            Parser.parse(Files.readAllBytes(wasm));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + wasm, e);
        } catch (RuntimeException e) {
            throw new WasmBuildException(
                    "asc wrote "
                            + wasm.getFileName()
                            + " but it is not a valid wasm module ("
                            + e.getMessage()
                            + "); fix: check the asc version in package.json (0.17.14)",
                    e);
        }
    }

    private static void deleteTree(Path dir) {
        try (var walk = Files.walk(dir)) {
            for (var p : walk.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        } catch (IOException e) {
            // leftovers of a temp dir named .asc-* are harmless
        }
    }
}
