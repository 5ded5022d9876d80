package io.github.proxywasm4j.host.abi;

import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * The Proxy-Wasm ABI versions Envoy recognises, detected from the module's marker export.
 *
 * <p>Each version has its own set of {@code env.proxy_*} host functions: Envoy (proxy-wasm-cpp-host)
 * links only the functions of the declared version, so a 0.2.0 module importing {@code
 * proxy_get_log_level} does not load.
 */
public enum AbiVersion {
    V0_1_0(
            "0.1.0",
            AbiTables.concat(AbiTables.COMMON_HOST_FUNCTIONS, AbiTables.V0_1_0_ONLY),
            AbiTables.concat(AbiTables.COMMON_CALLBACKS, AbiTables.V0_1_0_CALLBACKS)),
    V0_2_0(
            "0.2.0",
            AbiTables.concat(AbiTables.COMMON_HOST_FUNCTIONS, AbiTables.FROM_V0_2_0),
            AbiTables.concat(AbiTables.COMMON_CALLBACKS, AbiTables.V0_2_X_CALLBACKS)),
    V0_2_1(
            "0.2.1",
            AbiTables.concat(
                    AbiTables.COMMON_HOST_FUNCTIONS, AbiTables.FROM_V0_2_0, AbiTables.FROM_V0_2_1),
            AbiTables.concat(AbiTables.COMMON_CALLBACKS, AbiTables.V0_2_X_CALLBACKS));

    private final String version;
    private final List<FunctionSignature> hostFunctions;
    private final List<FunctionSignature> callbacks;
    private final Map<String, FunctionSignature> hostFunctionsByName;
    private final Map<String, FunctionSignature> callbacksByName;

    AbiVersion(
            String version,
            List<FunctionSignature> hostFunctions,
            List<FunctionSignature> callbacks) {
        this.version = version;
        this.hostFunctions = hostFunctions;
        this.callbacks = callbacks;
        this.hostFunctionsByName = byName(hostFunctions);
        this.callbacksByName = byName(callbacks);
    }

    /** The dotted version, e.g. {@code 0.2.0}. */
    public String version() {
        return version;
    }

    /** The export that declares this version, e.g. {@code proxy_abi_version_0_2_0}. */
    public String markerExport() {
        return "proxy_abi_version_" + version.replace('.', '_');
    }

    /** The version a marker export declares; empty for any other name. */
    public static Optional<AbiVersion> fromMarker(String exportName) {
        return Arrays.stream(values()).filter(v -> v.markerExport().equals(exportName)).findFirst();
    }

    /** The three marker export names, in version order. */
    public static List<String> markerExports() {
        return Arrays.stream(values()).map(AbiVersion::markerExport).toList();
    }

    /** The {@code env.proxy_*} functions of this version (40, 38 or 39), with exact types. */
    public List<FunctionSignature> hostFunctions() {
        return hostFunctions;
    }

    /** The host function of this version with that name, if it has one. */
    public Optional<FunctionSignature> hostFunction(String name) {
        return Optional.ofNullable(hostFunctionsByName.get(name));
    }

    /**
     * The exports the host calls by name in this version (all {@code proxy_on_*} callbacks,
     * {@code proxy_validate_configuration} and {@code proxy_on_memory_allocate}), with exact types.
     */
    public List<FunctionSignature> callbacks() {
        return callbacks;
    }

    /** The callback of this version with that name, if it has one. */
    public Optional<FunctionSignature> callback(String name) {
        return Optional.ofNullable(callbacksByName.get(name));
    }

    /**
     * The two {@code env} functions Envoy provides to Emscripten-built modules in every version:
     * {@code pthread_equal} and {@code emscripten_notify_memory_growth}.
     */
    public static List<FunctionSignature> emscriptenFunctions() {
        return AbiTables.EMSCRIPTEN_HELPERS;
    }

    private static Map<String, FunctionSignature> byName(List<FunctionSignature> functions) {
        return functions.stream()
                .collect(Collectors.toUnmodifiableMap(FunctionSignature::name, f -> f));
    }
}
