package io.github.proxywasm4j.host.abi;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * What the validator found in a module: its ABI version, its imports and exports, and every
 * problem at once.
 *
 * @param abiVersion the version declared by the marker export; empty when there is none
 * @param problems all errors and warnings, in the order they were found
 * @param imports the imported functions, in module order
 * @param exports the names of all exports, in module order
 * @param allocator the allocator export the host will use ({@code malloc} first, as in Envoy)
 * @param startMode how the module initialises itself
 */
public record AbiReport(
        Optional<AbiVersion> abiVersion,
        List<AbiProblem> problems,
        List<FunctionSignature> imports,
        List<String> exports,
        Optional<String> allocator,
        StartMode startMode) {

    /** How a module runs its start-up code before the first callback. */
    public enum StartMode {
        /** A WASI reactor: the host calls {@code _initialize} (then {@code main} if exported). */
        INITIALIZE,
        /** A WASI command: the host calls {@code _start}. */
        START,
        /** A Wasm start section runs during instantiation (AssemblyScript). */
        START_SECTION,
        /** Nothing runs before the first callback. */
        NONE
    }

    public AbiReport {
        Objects.requireNonNull(abiVersion, "abiVersion");
        problems = List.copyOf(problems);
        imports = List.copyOf(imports);
        exports = List.copyOf(exports);
        Objects.requireNonNull(allocator, "allocator");
        Objects.requireNonNull(startMode, "startMode");
    }

    /** A report for input that is not a readable WebAssembly module at all. */
    public static AbiReport unreadable(AbiProblem problem) {
        return new AbiReport(
                Optional.empty(),
                List.of(problem),
                List.of(),
                List.of(),
                Optional.empty(),
                StartMode.NONE);
    }

    /** Whether Envoy would load the module: there is no error (warnings are allowed). */
    public boolean isValid() {
        return problems.stream().noneMatch(AbiProblem::isError);
    }

    /** The problems that make Envoy refuse the module. */
    public List<AbiProblem> errors() {
        return problems.stream().filter(AbiProblem::isError).toList();
    }

    /** The problems Envoy tolerates. */
    public List<AbiProblem> warnings() {
        return problems.stream().filter(p -> !p.isError()).toList();
    }

    /** A readable multi-line report, ending with a line break. */
    public String render() {
        var out = new StringBuilder();
        out.append("Proxy-Wasm ABI check: ").append(verdict()).append('\n');
        out.append("  ABI version: ")
                .append(
                        abiVersion
                                .map(v -> v.version() + " (" + v.markerExport() + ")")
                                .orElse("none"))
                .append('\n');
        out.append("  allocator:   ").append(allocator.orElse("none")).append('\n');
        out.append("  start:       ").append(startModeText()).append('\n');
        out.append("  callbacks:   ").append(callbackFamiliesText()).append('\n');
        out.append("  imports (").append(imports.size()).append("):\n");
        for (var function : imports) {
            out.append("    ").append(function.describe()).append('\n');
        }
        out.append("  exports (").append(exports.size()).append("):\n");
        for (var line : wrap(exports, 96)) {
            out.append("    ").append(line).append('\n');
        }
        if (!problems.isEmpty()) {
            out.append("  problems (").append(problems.size()).append("):\n");
            for (var problem : problems) {
                out.append("    ").append(problem.severity()).append(' ').append(problem.subject());
                out.append("\n      found:    ").append(problem.found());
                out.append("\n      expected: ").append(problem.expected());
                out.append("\n      fix:      ").append(problem.fix()).append('\n');
            }
        }
        return out.toString();
    }

    private String verdict() {
        var errors = errors().size();
        var warnings = warnings().size();
        var counts = new ArrayList<String>();
        if (errors > 0) {
            counts.add(plural(errors, "error"));
        }
        if (warnings > 0) {
            counts.add(plural(warnings, "warning"));
        }
        var head = errors == 0 ? "valid" : "INVALID, Envoy would refuse this module";
        return counts.isEmpty() ? head : head + " (" + String.join(", ", counts) + ")";
    }

    private String startModeText() {
        return switch (startMode) {
            case INITIALIZE -> "_initialize (WASI reactor)";
            case START -> "_start (WASI command)";
            case START_SECTION -> "Wasm start section";
            case NONE -> "none";
        };
    }

    /** Which kinds of events the module exports callbacks for (checklist: report families). */
    private String callbackFamiliesText() {
        var families = new ArrayList<String>();
        addFamily(families, "HTTP", "proxy_on_request_", "proxy_on_response_");
        addFamily(
                families,
                "TCP",
                "proxy_on_new_connection",
                "proxy_on_downstream_",
                "proxy_on_upstream_");
        addFamily(families, "timer", "proxy_on_tick");
        addFamily(families, "shared queue", "proxy_on_queue_ready");
        addFamily(families, "HTTP callout", "proxy_on_http_call_response");
        addFamily(families, "gRPC callout", "proxy_on_grpc_");
        addFamily(families, "foreign function", "proxy_on_foreign_function");
        return families.isEmpty() ? "none" : String.join(", ", families);
    }

    private void addFamily(List<String> families, String family, String... prefixes) {
        for (var name : exports) {
            for (var prefix : prefixes) {
                if (name.startsWith(prefix)) {
                    families.add(family);
                    return;
                }
            }
        }
    }

    private static String plural(int count, String noun) {
        return count + " " + noun + (count == 1 ? "" : "s");
    }

    private static List<String> wrap(List<String> words, int width) {
        var lines = new ArrayList<String>();
        var line = new StringBuilder();
        for (var word : words) {
            if (line.length() > 0 && line.length() + 2 + word.length() > width) {
                lines.add(line.append(',').toString());
                line = new StringBuilder();
            } else if (line.length() > 0) {
                line.append(", ");
            }
            line.append(word);
        }
        if (line.length() > 0) {
            lines.add(line.toString());
        }
        return lines;
    }
}
