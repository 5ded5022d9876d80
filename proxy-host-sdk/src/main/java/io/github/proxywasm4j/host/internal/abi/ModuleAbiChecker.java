package io.github.proxywasm4j.host.internal.abi;

import com.dylibso.chicory.wasm.WasmModule;
import com.dylibso.chicory.wasm.types.ExternalType;
import com.dylibso.chicory.wasm.types.FunctionImport;
import com.dylibso.chicory.wasm.types.FunctionType;
import com.dylibso.chicory.wasm.types.GlobalImport;
import com.dylibso.chicory.wasm.types.Import;
import com.dylibso.chicory.wasm.types.MutabilityType;
import com.dylibso.chicory.wasm.types.ValType;
import io.github.proxywasm4j.host.abi.AbiProblem;
import io.github.proxywasm4j.host.abi.AbiReport;
import io.github.proxywasm4j.host.abi.AbiReport.StartMode;
import io.github.proxywasm4j.host.abi.AbiVersion;
import io.github.proxywasm4j.host.abi.FunctionSignature;
import io.github.proxywasm4j.host.abi.ModuleExports;
import io.github.proxywasm4j.host.abi.ValueType;
import io.github.proxywasm4j.host.abi.WasiFunctions;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * Checks a decoded module against the Proxy-Wasm ABI the way Envoy (proxy-wasm-cpp-host) loads and
 * links it, collecting every problem instead of stopping at the first.
 *
 * <p>The host's loader calls this on the module it has already decoded, so the module is parsed
 * once; {@link io.github.proxywasm4j.host.AbiValidator} calls it for bytes and files.
 */
public final class ModuleAbiChecker {
    private static final String MARKER_PREFIX = "proxy_abi_version_";

    private ModuleAbiChecker() {}

    /** Checks a decoded module; never throws for a problem of the module. */
    public static AbiReport check(WasmModule module) {
        Objects.requireNonNull(module, "module");
        return new Check(module).run();
    }

    /** The state of one check; problems are appended in the order a reader would fix them. */
    private static final class Check {
        private final WasmModule module;
        private final List<AbiProblem> problems = new ArrayList<>();
        private final List<FunctionSignature> imports = new ArrayList<>();
        private final List<String> exports = new ArrayList<>();
        private final List<FunctionImport> functionImports = new ArrayList<>();
        private final Map<String, FunctionType> functionExports = new LinkedHashMap<>();
        private boolean memoryImported;
        private boolean memoryExported;

        Check(WasmModule module) {
            this.module = module;
        }

        AbiReport run() {
            readImportsAndExports();
            var version = detectVersion();
            checkMemory();
            var allocator = checkAllocator();
            checkImports(version);
            checkExports(version);
            var startMode = checkStartMode();
            if (version.isPresent() && !functionExports.containsKey("proxy_on_context_create")) {
                problems.add(Messages.missingContextCreate());
            }
            return new AbiReport(version, problems, imports, exports, allocator, startMode);
        }

        private void readImportsAndExports() {
            var importSection = module.importSection();
            for (var i = 0; i < importSection.importCount(); i++) {
                var imported = importSection.getImport(i);
                if (imported instanceof FunctionImport function) {
                    functionImports.add(function);
                } else if (imported.importType() == ExternalType.MEMORY) {
                    memoryImported = true;
                }
            }
            var exportSection = module.exportSection();
            for (var i = 0; i < exportSection.exportCount(); i++) {
                var export = exportSection.getExport(i);
                exports.add(export.name());
                if (export.exportType() == ExternalType.FUNCTION) {
                    // Chicory's parser does not check export indices; a corrupt one must not throw.
                    var type = functionType(export.index());
                    if (type.isPresent()) {
                        functionExports.put(export.name(), type.get());
                    } else {
                        problems.add(
                                Messages.invalid(
                                        "export "
                                                + export.name()
                                                + " refers to function "
                                                + export.index()
                                                + ", which does not exist"));
                    }
                } else if (export.exportType() == ExternalType.MEMORY) {
                    memoryExported = true;
                }
            }
        }

        // ---- ABI marker ---------------------------------------------------------------------

        /** Like cpp-host: the first function export with a recognised marker name wins. */
        private Optional<AbiVersion> detectVersion() {
            var known = new ArrayList<String>();
            var unknown = false;
            for (var name : functionExports.keySet()) {
                if (!name.startsWith(MARKER_PREFIX)) {
                    continue;
                }
                if (AbiVersion.fromMarker(name).isPresent()) {
                    known.add(name);
                } else {
                    unknown = true;
                    problems.add(Messages.unknownMarker(name));
                }
            }
            if (known.isEmpty()) {
                if (!unknown) {
                    problems.add(Messages.missingMarker());
                }
                return Optional.empty();
            }
            if (known.size() > 1) {
                problems.add(Messages.severalMarkers(known, known.get(0)));
            }
            for (var name : known) {
                var type = exportType(name);
                if (!type.params().isEmpty() || !type.returns().isEmpty()) {
                    problems.add(Messages.markerType(name + typeText(type)));
                }
            }
            return AbiVersion.fromMarker(known.get(0));
        }

        // ---- Memory and allocator -----------------------------------------------------------

        private void checkMemory() {
            if (memoryImported || memoryExported) {
                return;
            }
            var defined = module.memorySection().map(s -> s.memoryCount() > 0).orElse(false);
            problems.add(Messages.missingMemory(defined));
        }

        /** cpp-host looks up {@code malloc} first and only then {@code proxy_on_memory_allocate}. */
        private Optional<String> checkAllocator() {
            if (functionExports.containsKey(ModuleExports.MALLOC.name())) {
                var found = exportSignatureText(ModuleExports.MALLOC.name());
                if (matches(exportType(ModuleExports.MALLOC.name()), ModuleExports.MALLOC)) {
                    return Optional.of(ModuleExports.MALLOC.name());
                }
                problems.add(
                        Messages.wrongExportType(
                                found,
                                ModuleExports.MALLOC.describe(),
                                "the allocator Envoy looks up first"));
                return Optional.empty();
            }
            var fallback = ModuleExports.PROXY_ON_MEMORY_ALLOCATE;
            if (functionExports.containsKey(fallback.name())) {
                // A wrong type is reported with the other callbacks.
                return matches(exportType(fallback.name()), fallback)
                        ? Optional.of(fallback.name())
                        : Optional.empty();
            }
            problems.add(Messages.missingAllocator());
            return Optional.empty();
        }

        // ---- Imports ------------------------------------------------------------------------

        private void checkImports(Optional<AbiVersion> version) {
            var seenTypes = new HashMap<String, String>();
            var importSection = module.importSection();
            for (var i = 0; i < importSection.importCount(); i++) {
                var imported = importSection.getImport(i);
                var qualifiedName = imported.module() + "." + imported.name();
                if (imported instanceof GlobalImport global) {
                    problems.add(Messages.globalImport(qualifiedName, globalText(global)));
                    continue;
                }
                if (imported.importType() == ExternalType.TAG) {
                    problems.add(Messages.tagImport(qualifiedName));
                    continue;
                }
                if (!(imported instanceof FunctionImport function)) {
                    continue; // memory and table imports are fine
                }
                var resolved = typeAt(function.typeIndex());
                if (resolved.isEmpty()) {
                    problems.add(
                            Messages.invalid(
                                    "import "
                                            + qualifiedName
                                            + " refers to type "
                                            + function.typeIndex()
                                            + ", which does not exist"));
                    continue;
                }
                var type = resolved.get();
                var found = qualifiedName + typeText(type);
                var previous = seenTypes.putIfAbsent(qualifiedName, found);
                if (previous != null) {
                    if (!previous.equals(found)) {
                        problems.add(Messages.duplicateImport(previous, found, qualifiedName));
                    } else {
                        continue; // the same declaration twice links like once
                    }
                }
                var signature = toSignature(imported, type);
                if (signature.isEmpty()) {
                    problems.add(Messages.unsupportedImportType(found));
                    continue;
                }
                imports.add(signature.get());
                checkFunctionImport(signature.get(), found, version);
            }
        }

        private void checkFunctionImport(
                FunctionSignature imported, String found, Optional<AbiVersion> version) {
            var module = imported.module();
            if (module.equals("env")) {
                checkEnvImport(imported, found, version);
            } else if (WasiFunctions.isWasiModule(module)) {
                checkWasiImport(imported, found);
            } else {
                problems.add(Messages.unknownModule(found, module));
            }
        }

        private void checkEnvImport(
                FunctionSignature imported, String found, Optional<AbiVersion> version) {
            var name = imported.name();
            var versionsWithIt =
                    Arrays.stream(AbiVersion.values())
                            .filter(v -> v.hostFunction(name).isPresent())
                            .toList();
            if (!versionsWithIt.isEmpty()) {
                if (version.isPresent() && !versionsWithIt.contains(version.get())) {
                    problems.add(
                            Messages.importNotInVersion(
                                    found, name, version.get(), versionsWithIt));
                    return;
                }
                // Without a marker, accept the type of any version that has the function.
                var candidates = version.map(List::of).orElse(versionsWithIt);
                var expected =
                        candidates.get(candidates.size() - 1).hostFunction(name).orElseThrow();
                var typeOk =
                        candidates.stream()
                                .map(v -> v.hostFunction(name).orElseThrow())
                                .anyMatch(imported::hasSameType);
                if (!typeOk) {
                    problems.add(
                            Messages.wrongImportType(
                                    found, expected.describe(), where(candidates)));
                }
                return;
            }
            var helper =
                    AbiVersion.emscriptenFunctions().stream()
                            .filter(f -> f.name().equals(name))
                            .findFirst();
            if (helper.isPresent()) {
                if (!helper.get().hasSameType(imported)) {
                    problems.add(
                            Messages.wrongImportType(
                                    found,
                                    helper.get().describe(),
                                    "provided by Envoy for Emscripten modules"));
                }
                return;
            }
            var expectedSet = envImportsText(version);
            if (name.equals("abort")) {
                problems.add(Messages.envAbort(found, expectedSet));
            } else if (name.startsWith("proxy_")) {
                problems.add(Messages.unknownProxyFunction(found, name, expectedSet));
            } else {
                problems.add(Messages.envNotProvided(found, name, expectedSet));
            }
        }

        private void checkWasiImport(FunctionSignature imported, String found) {
            var module = imported.module();
            var expected = WasiFunctions.find(module, imported.name());
            if (expected.isEmpty()) {
                problems.add(Messages.unknownWasiFunction(found, module, imported.name()));
                return;
            }
            // cpp-host registers these two with fewer parameters than WASI preview1, so no
            // declaration of them links both in Envoy and in a correct WASI host.
            switch (imported.name()) {
                case "path_link" -> {
                    problems.add(Messages.wasiLinkFunction(found, module, "path_link", 6));
                    return;
                }
                case "path_symlink" -> {
                    problems.add(Messages.wasiLinkFunction(found, module, "path_symlink", 4));
                    return;
                }
                default -> {}
            }
            if (!expected.get().hasSameType(imported)) {
                problems.add(
                        Messages.wrongImportType(
                                found, expected.get().describe(), "WASI preview1"));
            }
        }

        private static String envImportsText(Optional<AbiVersion> version) {
            return version.map(
                            v ->
                                    Messages.envImportsText(
                                            "the " + v.hostFunctions().size(), v.version()))
                    .orElse(
                            Messages.envImportsText(
                                    "the",
                                    "0.1.0, 0.2.0 or 0.2.1 (whichever the module declares)"));
        }

        // ---- Exports ------------------------------------------------------------------------

        private void checkExports(Optional<AbiVersion> version) {
            for (var name : functionExports.keySet()) {
                if (name.startsWith(MARKER_PREFIX) || name.equals(ModuleExports.MALLOC.name())) {
                    continue; // checked above
                }
                var type = exportType(name);
                var found = name + typeText(type);
                var expected = expectedCallback(name, version);
                if (expected.isPresent()) {
                    if (!matches(type, expected.get())) {
                        problems.add(
                                Messages.wrongExportType(
                                        found,
                                        expected.get().describe(),
                                        version.map(v -> "callback of ABI " + v.version())
                                                .orElse("callback of every ABI version")));
                    }
                } else if (name.equals("proxy_on_foreign_function")
                        && version.equals(Optional.of(AbiVersion.V0_1_0))) {
                    problems.add(Messages.foreignFunctionIn010(found));
                } else if (name.startsWith("proxy_on_") && isUnknownCallback(name)) {
                    problems.add(Messages.unknownCallback(found, name, version));
                }
            }
        }

        /**
         * The callback type for this module's version; without a version only the callbacks whose
         * type is the same in every version (not the header callbacks) are known.
         */
        private static Optional<FunctionSignature> expectedCallback(
                String name, Optional<AbiVersion> version) {
            if (version.isPresent()) {
                return version.get().callback(name);
            }
            var types =
                    Arrays.stream(AbiVersion.values())
                            .map(v -> v.callback(name))
                            .collect(Collectors.toList());
            var first = types.get(0);
            return first.isPresent() && types.stream().allMatch(first::equals)
                    ? first
                    : Optional.empty();
        }

        private static boolean isUnknownCallback(String name) {
            return Arrays.stream(AbiVersion.values()).allMatch(v -> v.callback(name).isEmpty());
        }

        // ---- Start --------------------------------------------------------------------------

        /** cpp-host: _initialize (then main) if exported, else _start; a start section always runs. */
        private StartMode checkStartMode() {
            var hasInitialize = functionExports.containsKey(ModuleExports.INITIALIZE.name());
            var hasStart = functionExports.containsKey(ModuleExports.START.name());
            checkStartFunction(ModuleExports.INITIALIZE);
            if (hasInitialize) {
                checkStartFunction(ModuleExports.MAIN);
                checkStartFunction(ModuleExports.MAIN_VOID);
                if (hasStart) {
                    problems.add(Messages.initializeAndStart());
                }
                return StartMode.INITIALIZE;
            }
            if (hasStart) {
                checkStartFunction(ModuleExports.START);
                return StartMode.START;
            }
            return module.startSection().isPresent() ? StartMode.START_SECTION : StartMode.NONE;
        }

        private void checkStartFunction(FunctionSignature expected) {
            if (!functionExports.containsKey(expected.name())) {
                return;
            }
            var type = exportType(expected.name());
            if (!matches(type, expected)) {
                problems.add(
                        Messages.wrongExportType(
                                expected.name() + typeText(type),
                                expected.describe(),
                                "a start function Envoy calls"));
            }
        }

        // ---- Types --------------------------------------------------------------------------

        private FunctionType exportType(String name) {
            return functionExports.get(name);
        }

        private Optional<FunctionType> functionType(int functionIndex) {
            if (functionIndex < 0) {
                return Optional.empty();
            }
            if (functionIndex < functionImports.size()) {
                return typeAt(functionImports.get(functionIndex).typeIndex());
            }
            var defined = functionIndex - functionImports.size();
            if (defined >= module.functionSection().functionCount()) {
                return Optional.empty();
            }
            return typeAt(module.functionSection().getFunctionType(defined));
        }

        private Optional<FunctionType> typeAt(int typeIndex) {
            var types = module.typeSection();
            return typeIndex >= 0 && typeIndex < types.typeCount()
                    ? Optional.of(types.getType(typeIndex))
                    : Optional.empty();
        }

        private String exportSignatureText(String name) {
            return name + typeText(exportType(name));
        }

        private static String where(List<AbiVersion> versions) {
            return "ABI "
                    + versions.stream().map(AbiVersion::version).collect(Collectors.joining(", "));
        }

        private static String globalText(GlobalImport global) {
            return "global "
                    + global.module()
                    + "."
                    + global.name()
                    + " ("
                    + valTypeText(global.type())
                    + (global.mutabilityType() == MutabilityType.Var ? ", mutable" : "")
                    + ")";
        }
    }

    static boolean matches(FunctionType type, FunctionSignature expected) {
        return toValueTypes(type.params()).equals(Optional.of(expected.params()))
                && toValueTypes(type.returns()).equals(Optional.of(expected.results()));
    }

    static Optional<FunctionSignature> toSignature(Import imported, FunctionType type) {
        var params = toValueTypes(type.params());
        var results = toValueTypes(type.returns());
        if (params.isEmpty() || results.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(
                FunctionSignature.imported(
                        imported.module(), imported.name(), params.get(), results.get()));
    }

    /** Like {@link FunctionSignature#typeText()}, also for types outside the ABI (v128, refs). */
    static String typeText(FunctionType type) {
        return "("
                + type.params().stream()
                        .map(ModuleAbiChecker::valTypeText)
                        .collect(Collectors.joining(", "))
                + ") -> "
                + (type.returns().size() == 1
                        ? valTypeText(type.returns().get(0))
                        : type.returns().stream()
                                .map(ModuleAbiChecker::valTypeText)
                                .collect(Collectors.joining(", ", "(", ")")));
    }

    private static Optional<List<ValueType>> toValueTypes(List<ValType> types) {
        var result = new ArrayList<ValueType>(types.size());
        for (var type : types) {
            var valueType = toValueType(type);
            if (valueType.isEmpty()) {
                return Optional.empty();
            }
            result.add(valueType.get());
        }
        return Optional.of(List.copyOf(result));
    }

    private static Optional<ValueType> toValueType(ValType type) {
        if (type.equals(ValType.I32)) {
            return Optional.of(ValueType.I32);
        } else if (type.equals(ValType.I64)) {
            return Optional.of(ValueType.I64);
        } else if (type.equals(ValType.F32)) {
            return Optional.of(ValueType.F32);
        } else if (type.equals(ValType.F64)) {
            return Optional.of(ValueType.F64);
        }
        return Optional.empty();
    }

    private static String valTypeText(ValType type) {
        return toValueType(type)
                .map(ValueType::wasmName)
                .orElse(type.name().toLowerCase(Locale.ROOT));
    }
}
