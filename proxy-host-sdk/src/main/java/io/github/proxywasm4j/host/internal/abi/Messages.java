package io.github.proxywasm4j.host.internal.abi;

import io.github.proxywasm4j.host.abi.AbiProblem;
import io.github.proxywasm4j.host.abi.AbiVersion;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * Every text the validator shows a user, in one place. Each problem says what is wrong, what was
 * found, what Envoy expects and how to fix it; quotes of Envoy's own log lines help users match
 * a failed Envoy load to these messages.
 */
final class Messages {
    /** The line that makes proxy-runtime export its entry points (malloc, marker, callbacks). */
    static final String EXPORT_SDK_ENTRY_POINTS =
            "export the SDK entry points from the filter's main file (AssemblyScript with"
                    + " proxy-runtime: `export * from \"@solo-io/proxy-runtime/proxy\";` in"
                    + " assembly/index.ts)";

    private static final String REBUILD =
            "rebuild the module with asc, or check where it came from with `wasm-validate`";

    private Messages() {}

    // ---- Unreadable input -------------------------------------------------------------------

    static AbiProblem notWasm(String found, boolean looksLikeText) {
        return AbiProblem.error(
                "not a WebAssembly module",
                found,
                "magic bytes 0061736d (\"\\0asm\") at the start of a binary .wasm file",
                looksLikeText
                        ? "this looks like WebAssembly text (.wat); pass the binary .wasm that asc"
                                + " writes with -o (or convert the text with `wat2wasm`)"
                        : "pass the binary .wasm that asc writes with -o (e.g."
                                + " build/optimized.wasm)");
    }

    static AbiProblem truncated(String found) {
        return AbiProblem.error(
                "truncated module",
                found,
                "a complete module",
                "the file was cut short while being written or copied; rebuild it or copy it"
                        + " again");
    }

    static AbiProblem unsupportedVersion(long version) {
        return AbiProblem.error(
                "unsupported WebAssembly binary version",
                "version " + version,
                "version 1 (WebAssembly 1.0, the only one Envoy loads)",
                REBUILD);
    }

    static AbiProblem malformed(String detail) {
        return AbiProblem.error(
                "malformed module",
                detail,
                "a module that decodes as WebAssembly 1.0 binary format",
                REBUILD);
    }

    static AbiProblem invalid(String detail) {
        return AbiProblem.error(
                "invalid module", detail, "a module that passes WebAssembly validation", REBUILD);
    }

    static AbiProblem unreadableFile(String path, String reason) {
        return AbiProblem.error(
                "cannot read the module file",
                path + " (" + reason + ")",
                "a readable .wasm file",
                "check the path and the file permissions");
    }

    // ---- ABI marker ---------------------------------------------------------------------------

    static AbiProblem missingMarker() {
        return AbiProblem.error(
                "no Proxy-Wasm ABI version marker",
                "no function export named proxy_abi_version_*",
                "one function export named "
                        + orList(AbiVersion.markerExports())
                        + " (Envoy: \"Missing or unknown Proxy-Wasm ABI version\")",
                EXPORT_SDK_ENTRY_POINTS);
    }

    static AbiProblem unknownMarker(String name) {
        return AbiProblem.error(
                "unknown Proxy-Wasm ABI version marker " + name,
                "export " + name,
                "one of "
                        + orList(AbiVersion.markerExports())
                        + " (Envoy recognises no other version)",
                "build with an SDK release that targets ABI 0.2.1, 0.2.0 or 0.1.0");
    }

    static AbiProblem severalMarkers(List<String> names, String used) {
        return AbiProblem.warning(
                "several ABI version markers",
                "exports " + String.join(", ", names),
                "exactly one; Envoy uses the first in export order, " + used,
                "export only the marker of the ABI version the SDK implements");
    }

    static AbiProblem markerType(String found) {
        return AbiProblem.warning(
                "the ABI version marker has an unusual type",
                found,
                "a function without parameters and results (Envoy checks only the name and"
                        + " never calls it)",
                "export the marker as `() -> ()`");
    }

    // ---- Memory and allocator -----------------------------------------------------------------

    static AbiProblem missingMemory(boolean definedButNotExported) {
        return AbiProblem.error(
                "no linear memory Envoy can use",
                definedButNotExported
                        ? "a memory that is neither exported nor imported"
                        : "no memory export and no memory import",
                "an exported memory (conventionally named `memory`) or an imported one",
                "export the memory; asc exports `memory` unless --noExportMemory is given");
    }

    static AbiProblem missingAllocator() {
        return AbiProblem.error(
                "no allocator export",
                "neither malloc nor proxy_on_memory_allocate is exported",
                "a function export malloc(i32) -> i32 or proxy_on_memory_allocate(i32) -> i32"
                        + " (Envoy: \"Wasm module is missing malloc function.\")",
                EXPORT_SDK_ENTRY_POINTS);
    }

    // ---- Imports ------------------------------------------------------------------------------

    static AbiProblem wrongImportType(String found, String expected, String where) {
        return AbiProblem.error(
                "import " + nameOf(expected) + " has the wrong type",
                found,
                expected + " (" + where + "; Envoy refuses a type mismatch when linking)",
                "declare the import with exactly the expected type; with an SDK, avoid the call"
                        + " or use a release whose declaration matches");
    }

    static AbiProblem importNotInVersion(
            String found, String name, AbiVersion declared, List<AbiVersion> versionsWithIt) {
        var versions = versionsText(versionsWithIt);
        return AbiProblem.error(
                "import env." + name + " is not available in ABI " + declared.version(),
                found,
                "only the "
                        + declared.hostFunctions().size()
                        + " env.proxy_* functions of ABI "
                        + declared.version()
                        + " ("
                        + name
                        + " exists in ABI "
                        + versions
                        + " only; Envoy links just the functions of the declared version)",
                "do not call "
                        + name
                        + ", or declare ABI "
                        + versionsWithIt.get(versionsWithIt.size() - 1).version()
                        + " (export "
                        + versionsWithIt.get(versionsWithIt.size() - 1).markerExport()
                        + ") if the SDK implements it");
    }

    static AbiProblem unknownProxyFunction(String found, String name, String expectedSet) {
        return AbiProblem.error(
                "import env." + name + " is not a Proxy-Wasm host function",
                found,
                expectedSet,
                "check the spelling against the ABI, or remove the import");
    }

    static AbiProblem envAbort(String found, String expectedSet) {
        return AbiProblem.error(
                "import env.abort is not provided by Envoy",
                found,
                expectedSet,
                "compile with `--use abort=abort_proc_exit` (asc), which routes aborts to"
                        + " proxy_log and wasi_unstable.proc_exit");
    }

    static AbiProblem envNotProvided(String found, String name, String expectedSet) {
        var fix =
                switch (name) {
                    case "trace" -> "remove calls to trace(); asc imports env.trace for them";
                    case "seed" -> "do not use Math.random(); asc imports env.seed to seed it";
                    default -> "remove the import; Envoy links no other env function";
                };
        return AbiProblem.error(
                "import env." + name + " is not provided by Envoy", found, expectedSet, fix);
    }

    static AbiProblem unknownWasiFunction(String found, String module, String name) {
        return AbiProblem.error(
                "import " + module + "." + name + " is not a WASI function Envoy provides",
                found,
                "one of the 45 WASI preview1 functions Envoy serves under wasi_snapshot_preview1"
                        + " and wasi_unstable",
                "remove the import; make sure the toolchain targets WASI preview1");
    }

    static AbiProblem wasiLinkFunction(String found, String module, String name, int envoyArity) {
        return AbiProblem.error(
                "import " + module + "." + name + " does not link in Envoy",
                found,
                "no "
                        + name
                        + " import: Envoy registers it with "
                        + envoyArity
                        + " parameters instead of the WASI preview1 signature",
                "do not create filesystem links (Envoy answers them with NOTSUP anyway)");
    }

    static AbiProblem unknownModule(String found, String module) {
        return AbiProblem.error(
                "import "
                        + found.substring(0, found.indexOf('('))
                        + " is from module '"
                        + module
                        + "', which Envoy does not provide",
                found,
                "imports from env, wasi_snapshot_preview1 or wasi_unstable only",
                "remove the import, or implement the function inside the module");
    }

    static AbiProblem globalImport(String qualifiedName, String found) {
        return AbiProblem.error(
                "global import " + qualifiedName + " is not provided by Envoy",
                found,
                "function, memory or table imports only",
                "define the global inside the module instead of importing it");
    }

    static AbiProblem tagImport(String qualifiedName) {
        return AbiProblem.error(
                "exception tag import " + qualifiedName + " is not provided by Envoy",
                "tag " + qualifiedName,
                "function, memory or table imports only",
                "build without the exception-handling proposal");
    }

    static AbiProblem unsupportedImportType(String found) {
        return AbiProblem.error(
                "import "
                        + found.substring(0, found.indexOf('('))
                        + " has a type no host function has",
                found,
                "a function of i32/i64 parameters and results",
                "remove the import");
    }

    static AbiProblem duplicateImport(String first, String second, String qualifiedName) {
        var fix =
                qualifiedName.equals("env.proxy_get_buffer_status")
                        ? "declare it once; proxy-runtime 0.1.8 binds its proxy_set_buffer_status"
                                + " to this name with five parameters, so do not call"
                                + " set_buffer_status"
                        : "declare the import once, with the type of the ABI";
        return AbiProblem.error(
                qualifiedName + " is imported twice with different types",
                first + " and " + second,
                "one type per imported name (a host function has exactly one type)",
                fix);
    }

    // ---- Exports ------------------------------------------------------------------------------

    static AbiProblem wrongExportType(String found, String expected, String where) {
        return AbiProblem.error(
                "export " + nameOf(expected) + " has the wrong type",
                found,
                expected
                        + " ("
                        + where
                        + "; Envoy: \"Bad function signature for: "
                        + nameOf(expected)
                        + "\")",
                "change the export to the expected type; an SDK written for another ABI version"
                        + " must match the marker the module exports");
    }

    static AbiProblem unknownCallback(String found, String name, Optional<AbiVersion> version) {
        var fix =
                name.equals("proxy_on_grpc_trailing_metadata")
                        ? "the callback Envoy calls is proxy_on_grpc_receive_trailing_metadata;"
                                + " proxy-runtime 0.1.8 exports this misspelt name, so gRPC"
                                + " trailing metadata never reaches the filter (harmless without"
                                + " gRPC calls)"
                        : "rename it to a callback of the ABI, or remove it";
        return AbiProblem.warning(
                "export " + name + " is never called by Envoy",
                found,
                "proxy_on_* exports that are callbacks of ABI "
                        + version.map(AbiVersion::version).orElse("0.1.0, 0.2.0 or 0.2.1"),
                fix);
    }

    static AbiProblem foreignFunctionIn010(String found) {
        return AbiProblem.warning(
                "export proxy_on_foreign_function is never called in ABI 0.1.0",
                found,
                "no proxy_on_foreign_function in a 0.1.0 module (Envoy looks it up from ABI"
                        + " 0.2.0 on)",
                "declare ABI 0.2.0 or later to receive foreign function calls");
    }

    static AbiProblem missingContextCreate() {
        return AbiProblem.warning(
                "export proxy_on_context_create is missing",
                "no proxy_on_context_create export",
                "proxy_on_context_create(i32, i32) -> (), through which SDKs create their root"
                        + " and stream contexts",
                EXPORT_SDK_ENTRY_POINTS);
    }

    static AbiProblem initializeAndStart() {
        return AbiProblem.warning(
                "both _initialize and _start are exported",
                "exports _initialize and _start",
                "one of them; Envoy calls _initialize and never _start",
                "build the module either as a WASI reactor (_initialize) or as a command"
                        + " (_start)");
    }

    // ---- Helpers ------------------------------------------------------------------------------

    static String envImportsText(String countText, String versionText) {
        return "only "
                + countText
                + " env.proxy_* functions of ABI "
                + versionText
                + ", env.pthread_equal and env.emscripten_notify_memory_growth from module env";
    }

    private static String nameOf(String describedSignature) {
        return describedSignature.substring(0, describedSignature.indexOf('('));
    }

    private static String orList(List<String> items) {
        return String.join(", ", items.subList(0, items.size() - 1))
                + " or "
                + items.get(items.size() - 1);
    }

    private static String versionsText(List<AbiVersion> versions) {
        var names = versions.stream().map(AbiVersion::version).collect(Collectors.toList());
        return names.size() == 1
                ? names.get(0)
                : String.join(", ", names.subList(0, names.size() - 1))
                        + " and "
                        + names.get(names.size() - 1);
    }
}
