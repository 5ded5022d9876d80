package io.github.proxywasm4j.host.internal.sourcemap;

import com.dylibso.chicory.wasm.WasmModule;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.WeakHashMap;
import java.util.regex.Pattern;

/**
 * Finds the author's source line of a trap or abort (issue 13): the JVM stack of the failure names
 * the compiled wasm functions ({@code func_<index>}); the source map asc writes beside the module
 * ({@code optimized.wasm.map}, or the file its {@code sourceMappingURL} names, or the file given
 * with {@code -Dproxywasm4j.sourceMap}) maps their code to sources. The result is the first frame,
 * from the innermost outwards, that lies in the author's sources rather than in the AssemblyScript
 * library or the SDK.
 *
 * <p>The compiled code does not record the exact instruction that was running, so the position in
 * each frame is found from its call to the next inner frame ({@code call <index>}), and the abort's
 * own library location ({@code at: ~lib/array.ts(104:42)}) picks among several such calls; where
 * Binaryen inlined library code into the author's function, the author's position just before the
 * inlined code is taken.
 */
public final class SourceLocator {
    /** Overrides the map beside the module, for modules loaded from bytes or maps kept elsewhere. */
    public static final String SOURCE_MAP_PROPERTY = "proxywasm4j.sourceMap";

    private static final Pattern COMPILED_FUNCTION = Pattern.compile("func_(\\d+)");
    private static final Pattern ABORT_LOCATION =
            Pattern.compile("at: (\\S+)\\((\\d+):(\\d+)\\)\\s*$");

    private static final Map<Object, Located> MODULES =
            Collections.synchronizedMap(new WeakHashMap<>());

    private SourceLocator() {}

    /** Remembers where a module was loaded from; its map is read only when a failure needs it. */
    public static void register(WasmModule module, Path wasmFile) {
        MODULES.put(module, new Located(module, wasmFile));
    }

    /**
     * A suffix for a failure message, e.g. {@code " at assembly/index.ts:38:20 (wasm function 57,
     * offset 0x1a2b)"}, or {@code ""} when the module has no source map or no frame of the
     * failure is in the author's sources. Never throws.
     */
    public static String describe(WasmModule module, Throwable failure, String lastGuestLog) {
        try {
            var located = MODULES.get(module);
            if (located == null || failure == null) {
                return "";
            }
            return located.locate(failure, lastGuestLog)
                    .map(
                            f ->
                                    " at "
                                            + f.position()
                                            + " (wasm function "
                                            + f.function()
                                            + ", offset 0x"
                                            + Integer.toHexString(f.position().offset())
                                            + ")")
                    .orElse("");
        } catch (RuntimeException e) {
            return ""; // a broken map must not hide the failure itself
        }
    }

    /** A frame of the failure in the author's sources. */
    record Frame(int function, SourceMap.Position position) {}

    /** The wasm function indices of a failure's JVM stack, innermost first. */
    static List<Integer> wasmFrames(Throwable failure) {
        var frames = new ArrayList<Integer>();
        for (var t = failure; t != null; t = t.getCause()) {
            for (var element : t.getStackTrace()) {
                var m = COMPILED_FUNCTION.matcher(element.getMethodName());
                if (m.matches()) {
                    frames.add(Integer.parseInt(m.group(1)));
                }
            }
            if (!frames.isEmpty()) {
                break;
            }
        }
        return frames;
    }

    private static final class Located {
        private final WasmModule module;
        private final Path wasmFile;
        private volatile Optional<Mapped> mapped;

        Located(WasmModule module, Path wasmFile) {
            this.module = module;
            this.wasmFile = wasmFile;
        }

        Optional<Frame> locate(Throwable failure, String lastGuestLog) {
            var frames = wasmFrames(failure);
            if (frames.isEmpty()) {
                return Optional.empty();
            }
            return mapped().flatMap(
                            m -> m.locate(frames, exitedThroughHost(failure), lastGuestLog));
        }

        private Optional<Mapped> mapped() {
            var m = mapped;
            if (m == null) {
                m = load();
                mapped = m;
            }
            return m;
        }

        private Optional<Mapped> load() {
            try {
                var code = new WasmCode(module);
                var mapFile = mapFile(code);
                if (!Files.isRegularFile(mapFile)) {
                    return Optional.empty();
                }
                var map = SourceMap.parse(Files.readString(mapFile, StandardCharsets.UTF_8));
                return Optional.of(new Mapped(code, map));
            } catch (IOException | RuntimeException e) {
                return Optional.empty();
            }
        }

        private Path mapFile(WasmCode code) {
            var given = System.getProperty(SOURCE_MAP_PROPERTY);
            if (given != null && !given.isBlank()) {
                return Path.of(given);
            }
            var dir = wasmFile.toAbsolutePath().getParent();
            var url = code.sourceMappingUrl();
            if (url.isPresent() && !url.get().contains(":") && dir != null) {
                return dir.resolve(url.get()).normalize();
            }
            return Path.of(wasmFile + ".map");
        }
    }

    /** Whether the guest left through a host call (WASI proc_exit), not a trap of its own. */
    private static boolean exitedThroughHost(Throwable failure) {
        for (var t = failure; t != null; t = t.getCause()) {
            if (t.getClass().getSimpleName().equals("ProcExit")) {
                return true;
            }
        }
        return false;
    }

    private record Mapped(WasmCode code, SourceMap map) {
        Optional<Frame> locate(List<Integer> frames, boolean viaProcExit, String lastGuestLog) {
            var hint = hint(lastGuestLog);
            List<Integer> callees = viaProcExit ? code.importsNamed("proc_exit") : List.of();
            for (int function : frames) {
                var instructions = code.instructions(function);
                if (instructions.isEmpty()) {
                    continue; // an import: the host function itself
                }
                int start = instructions.get(0).address();
                int site = callSite(code.callSites(function, callees), hint);
                if (site < 0 && callees.isEmpty() && hint != null) {
                    // The innermost frame trapped by itself: look for the abort's own location.
                    for (var in : instructions) {
                        var p = positionAtOrBefore(in.address(), start);
                        if (p.isPresent() && hint.matches(p.get())) {
                            site = in.address();
                            break;
                        }
                    }
                }
                if (site >= 0) {
                    var found = authorAtOrBefore(site, start);
                    if (found.isPresent()) {
                        return Optional.of(new Frame(function, found.get()));
                    }
                }
                callees = List.of(function);
            }
            return Optional.empty();
        }

        /** Of the calls to the next inner frame, the one at the abort's location, else the first. */
        private int callSite(List<Integer> sites, Hint hint) {
            if (sites.isEmpty()) {
                return -1;
            }
            if (hint != null) {
                for (int site : sites) {
                    var p = positionAtOrBefore(site, 0);
                    if (p.isPresent() && hint.matches(p.get())) {
                        return site;
                    }
                }
            }
            return sites.get(0);
        }

        private Optional<SourceMap.Position> positionAtOrBefore(int offset, int start) {
            int s = map.firstAtOrAfter(offset + 1) - 1;
            return s >= 0 && map.offset(s) >= start ? Optional.of(map.at(s)) : Optional.empty();
        }

        /** The author's position at {@code offset}, or the nearest one before it in the function. */
        private Optional<SourceMap.Position> authorAtOrBefore(int offset, int start) {
            int s = map.firstAtOrAfter(offset + 1) - 1;
            for (; s >= 0 && map.offset(s) >= start; s--) {
                if (map.isAuthorSource(s)) {
                    return Optional.of(map.at(s));
                }
            }
            return Optional.empty();
        }
    }

    /** The library location AssemblyScript's abort message names, e.g. ~lib/array.ts(104:42). */
    private record Hint(String source, int line) {
        boolean matches(SourceMap.Position p) {
            return p.source().equals(source) && p.line() == line;
        }
    }

    private static Hint hint(String lastGuestLog) {
        if (lastGuestLog == null) {
            return null;
        }
        var m = ABORT_LOCATION.matcher(lastGuestLog);
        return m.find() ? new Hint(m.group(1), Integer.parseInt(m.group(2))) : null;
    }
}
