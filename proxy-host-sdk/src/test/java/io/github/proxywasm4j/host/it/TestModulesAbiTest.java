package io.github.proxywasm4j.host.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.proxywasm4j.host.AbiValidator;
import io.github.proxywasm4j.host.abi.AbiReport;
import io.github.proxywasm4j.host.abi.AbiReport.StartMode;
import io.github.proxywasm4j.host.abi.AbiVersion;
import io.github.proxywasm4j.host.abi.FunctionSignature;
import java.util.List;
import java.util.Optional;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The test modules are what the tests claim they are: real, valid, and together complete. */
class TestModulesAbiTest {

    @Test
    @DisplayName("the build produced every test module")
    void everyModuleWasBuilt() {
        assertThat(TestModules.names())
                .contains(
                        TestModules.ADD_HEADER,
                        TestModules.HTTP,
                        TestModules.CALLOUT,
                        TestModules.SERVICES,
                        TestModules.FAULTS,
                        TestModules.RUST_SDK_LIKE,
                        TestModules.GO_SDK_LIKE_TCP,
                        TestModules.CPP_SDK_LIKE_V010,
                        TestModules.WASI_EXIT,
                        TestModules.BAD_POINTERS,
                        TestModules.FIDELITY,
                        TestModules.FIDELITY_RUST,
                        TestModules.FIDELITY_CPP,
                        TestModules.SINGLETON);
    }

    @ParameterizedTest(name = "{0}: ABI {1}, allocator {2}, start {3}")
    @CsvSource({
        "add_header, V0_2_0, malloc, START_SECTION",
        "http, V0_2_0, malloc, START_SECTION",
        "callout, V0_2_0, malloc, START_SECTION",
        "services, V0_2_0, malloc, START_SECTION",
        "faults, V0_2_0, malloc, START_SECTION",
        "rust_sdk_like, V0_2_1, proxy_on_memory_allocate, INITIALIZE",
        "go_sdk_like_tcp, V0_2_0, proxy_on_memory_allocate, START",
        "cpp_sdk_like_v010, V0_1_0, malloc, INITIALIZE",
        "wasi_exit, V0_2_1, proxy_on_memory_allocate, NONE",
        "bad_pointers, V0_2_1, proxy_on_memory_allocate, NONE",
        "hostile_rust_like, V0_2_1, malloc, INITIALIZE",
        "hostile_cpp_like, V0_2_1, proxy_on_memory_allocate, INITIALIZE",
        "fidelity, V0_2_0, malloc, START_SECTION",
        "fidelity_rust, V0_2_1, malloc, INITIALIZE",
        "fidelity_cpp, V0_2_1, proxy_on_memory_allocate, INITIALIZE",
        "singleton, V0_2_0, malloc, START_SECTION",
    })
    void moduleIsValidWithTheShapeOfItsSdk(
            String name, AbiVersion version, String allocator, StartMode startMode) {
        AbiReport report = AbiValidator.validate(TestModules.path(name));

        assertThat(report.errors()).as(report.render()).isEmpty();
        assertThat(report.abiVersion()).contains(version);
        assertThat(report.allocator()).isEqualTo(Optional.of(allocator));
        assertThat(report.startMode()).isEqualTo(startMode);
    }

    @Test
    @DisplayName(
            "together the modules import all 39 host functions of ABI 0.2.1, with their exact"
                    + " types")
    void modulesImportEveryHostFunctionOfAbi021() {
        var imported =
                TestModules.names().stream()
                        .flatMap(n -> AbiValidator.validate(TestModules.path(n)).imports().stream())
                        .filter(f -> f.module().equals("env"))
                        .toList();
        List<FunctionSignature> hostFunctions = AbiVersion.V0_2_1.hostFunctions();

        assertThat(hostFunctions).hasSize(39);
        var missing = new TreeSet<String>();
        for (var expected : hostFunctions) {
            if (imported.stream().noneMatch(i -> i.name().equals(expected.name()))) {
                missing.add(expected.name());
            }
        }
        assertThat(missing).as("host functions no test module imports").isEmpty();
        var mistyped =
                imported.stream()
                        .filter(
                                i ->
                                        AbiVersion.V0_2_1
                                                .hostFunction(i.name())
                                                .filter(e -> !e.hasSameType(i))
                                                .isPresent())
                        .map(FunctionSignature::describe)
                        .collect(Collectors.toCollection(TreeSet::new));
        assertThat(mistyped).as("imports whose type differs from ABI 0.2.1").isEmpty();
    }

    @Test
    @DisplayName("the AssemblyScript filters route abort to WASI proc_exit, never env.abort")
    void assemblyScriptFiltersUseAbortProcExit() {
        for (var name :
                List.of(
                        TestModules.ADD_HEADER,
                        TestModules.HTTP,
                        TestModules.CALLOUT,
                        TestModules.SERVICES,
                        TestModules.FAULTS,
                        TestModules.FIDELITY,
                        TestModules.SINGLETON)) {
            var imports = AbiValidator.validate(TestModules.path(name)).imports();
            assertThat(imports)
                    .as(name)
                    .extracting(FunctionSignature::qualifiedName)
                    .contains("wasi_unstable.proc_exit")
                    .doesNotContain("env.abort");
        }
    }
}
