package io.github.proxywasm4j.host.internal.sourcemap;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * A decoded source map (version 3) of a WebAssembly module: each mapping segment maps a byte offset
 * of the module file (the "generated column" of line 1, as asc and Binaryen write it) to a source
 * file, line and column. Segments are sorted by offset.
 */
final class SourceMap {
    private final List<String> sources;
    private final int[] offsets;
    private final int[] sourceIndex;
    private final int[] lines;
    private final int[] columns;

    private SourceMap(
            List<String> sources, int[] offsets, int[] sourceIndex, int[] lines, int[] columns) {
        this.sources = sources;
        this.offsets = offsets;
        this.sourceIndex = sourceIndex;
        this.lines = lines;
        this.columns = columns;
    }

    /** One mapped position; line and column are 1-based, as editors count. */
    record Position(int offset, String source, int line, int column) {
        @Override
        public String toString() {
            return source + ":" + line + ":" + column;
        }
    }

    /** Parses the JSON text of a source map. */
    static SourceMap parse(String json) {
        var root = Json.parseObject(json);
        var sources = new ArrayList<String>();
        // "sourceRoot" is ignored: asc writes the module's own name there ("./optimized.wasm"),
        // while "sources" are already relative to the project ("assembly/index.ts").
        if (root.get("sources") instanceof List<?> list) {
            for (var s : list) {
                sources.add(s == null ? "?" : s.toString());
            }
        }
        var mappings = root.get("mappings") instanceof String m ? m : "";
        return decode(sources, mappings);
    }

    /** Decodes the "mappings" field: Base64 VLQ segments, each field relative to the previous one. */
    static SourceMap decode(List<String> sources, String mappings) {
        var n = 0;
        var offsets = new int[64];
        var sourceIndex = new int[64];
        var lines = new int[64];
        var columns = new int[64];
        var fields = new int[5];
        int column = 0;
        int source = 0;
        int line = 0;
        int sourceColumn = 0;
        int pos = 0;
        int length = mappings.length();
        while (pos < length) {
            char c = mappings.charAt(pos);
            if (c == ';') {
                // A new generated line: wasm maps have one, but the format allows more.
                column = 0;
                pos++;
                continue;
            }
            if (c == ',') {
                pos++;
                continue;
            }
            int count = 0;
            while (pos < length && mappings.charAt(pos) != ',' && mappings.charAt(pos) != ';') {
                int value = 0;
                int shift = 0;
                int digit;
                do {
                    digit = Vlq.digit(mappings.charAt(pos++));
                    value |= (digit & 31) << shift;
                    shift += 5;
                } while ((digit & 32) != 0 && pos < length);
                int decoded = (value & 1) == 0 ? value >>> 1 : -(value >>> 1);
                if (count < fields.length) {
                    fields[count] = decoded;
                }
                count++;
            }
            column += fields[0];
            if (count < 4) {
                continue; // a segment without a source position
            }
            source += fields[1];
            line += fields[2];
            sourceColumn += fields[3];
            if (n == offsets.length) {
                offsets = Arrays.copyOf(offsets, n * 2);
                sourceIndex = Arrays.copyOf(sourceIndex, n * 2);
                lines = Arrays.copyOf(lines, n * 2);
                columns = Arrays.copyOf(columns, n * 2);
            }
            offsets[n] = column;
            sourceIndex[n] = source;
            lines[n] = line;
            columns[n] = sourceColumn;
            n++;
        }
        // Binaryen writes them in offset order; sort anyway, keeping equal offsets in order.
        var order = new Integer[n];
        for (int i = 0; i < n; i++) {
            order[i] = i;
        }
        final var o = offsets;
        Arrays.sort(order, (a, b) -> Integer.compare(o[a], o[b]));
        var so = new int[n];
        var ss = new int[n];
        var sl = new int[n];
        var sc = new int[n];
        for (int i = 0; i < n; i++) {
            so[i] = offsets[order[i]];
            ss[i] = sourceIndex[order[i]];
            sl[i] = lines[order[i]];
            sc[i] = columns[order[i]];
        }
        return new SourceMap(List.copyOf(sources), so, ss, sl, sc);
    }

    int size() {
        return offsets.length;
    }

    Position at(int segment) {
        int s = sourceIndex[segment];
        var source = s >= 0 && s < sources.size() ? sources.get(s) : "?";
        return new Position(offsets[segment], source, lines[segment] + 1, columns[segment] + 1);
    }

    /** The index of the first segment at or after {@code offset}. */
    int firstAtOrAfter(int offset) {
        int lo = 0;
        int hi = offsets.length;
        while (lo < hi) {
            int mid = (lo + hi) >>> 1;
            if (offsets[mid] < offset) {
                lo = mid + 1;
            } else {
                hi = mid;
            }
        }
        return lo;
    }

    int offset(int segment) {
        return offsets[segment];
    }

    boolean isAuthorSource(int segment) {
        return isAuthorSource(at(segment).source());
    }

    /** The filter's own sources: not the AssemblyScript library ({@code ~lib/}) or a dependency. */
    static boolean isAuthorSource(String source) {
        return !source.startsWith("~lib/")
                && !source.contains("node_modules/")
                && !source.equals("?");
    }
}
