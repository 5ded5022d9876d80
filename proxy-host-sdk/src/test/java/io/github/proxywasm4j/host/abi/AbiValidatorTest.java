package io.github.proxywasm4j.host.abi;

import static io.github.proxywasm4j.host.abi.TestModules.env;
import static io.github.proxywasm4j.host.abi.TestModules.exported;
import static io.github.proxywasm4j.host.abi.TestModules.i32s;
import static io.github.proxywasm4j.host.abi.ValueType.I32;
import static io.github.proxywasm4j.host.abi.ValueType.I64;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import io.github.proxywasm4j.host.AbiValidator;
import io.github.proxywasm4j.host.abi.AbiProblem.Severity;
import io.github.proxywasm4j.host.abi.AbiReport.StartMode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class AbiValidatorTest {

    private static AbiReport validate(WasmBinary module) {
        return AbiValidator.validate(module.build());
    }

    private static List<String> messages(AbiReport report) {
        return report.problems().stream().map(p -> p.severity() + " " + p.message()).toList();
    }

    @Nested
    class ValidModules {
        @Test
        @DisplayName("the add_header filter of proxy-runtime 0.1.8 is valid, with one warning")
        void proxyRuntime018ModuleIsValidWithTheMisspeltGrpcCallbackWarning() {
            var report = validate(TestModules.proxyRuntime018());

            assertThat(report.isValid()).isTrue();
            assertThat(report.abiVersion()).contains(AbiVersion.V0_2_0);
            assertThat(report.allocator()).contains("malloc");
            assertThat(report.startMode()).isEqualTo(StartMode.START_SECTION);
            assertThat(report.imports()).hasSize(6);
            assertThat(report.exports()).hasSize(32).startsWith("memory", "__alloc");
            assertThat(report.errors()).isEmpty();
            assertThat(report.warnings())
                    .extracting(AbiProblem::subject)
                    .containsExactly(
                            "export proxy_on_grpc_trailing_metadata is never called by Envoy");
        }

        @Test
        void importsAreListedInModuleOrderWithTheirTypes() {
            var report = validate(TestModules.proxyRuntime018());

            assertThat(report.imports().stream().map(FunctionSignature::describe))
                    .containsExactly(
                            "env.proxy_log(i32, i32, i32) -> i32",
                            "wasi_unstable.proc_exit(i32) -> ()",
                            "env.proxy_get_buffer_bytes(i32, i32, i32, i32, i32) -> i32",
                            "env.proxy_get_property(i32, i32, i32, i32) -> i32",
                            "env.proxy_set_effective_context(i32) -> i32",
                            "env.proxy_add_header_map_value(i32, i32, i32, i32, i32) -> i32");
        }

        @Test
        void abi021ModuleMayImportTheLogLevelAndUseTheSpecAllocator() {
            var report =
                    validate(
                            TestModules.minimal(AbiVersion.V0_2_1)
                                    .importFunction(env("proxy_get_log_level", 1))
                                    .importFunction(env("proxy_continue_stream", 1)));

            assertThat(report.problems()).isEmpty();
            assertThat(report.abiVersion()).contains(AbiVersion.V0_2_1);
            assertThat(report.allocator()).contains("proxy_on_memory_allocate");
            assertThat(report.startMode()).isEqualTo(StartMode.NONE);
        }

        @Test
        void abi010ModuleUsesTheOldStreamFunctionsAndTwoParameterHeaderCallbacks() {
            var report =
                    validate(
                            TestModules.minimal(AbiVersion.V0_1_0)
                                    .importFunction(env("proxy_continue_request", 0))
                                    .importFunction(env("proxy_clear_route_cache", 0))
                                    .importFunction(env("proxy_get_configuration", 2))
                                    .exportFunction(
                                            exported("proxy_on_response_headers", 2, true)));

            assertThat(report.problems()).isEmpty();
            assertThat(report.abiVersion()).contains(AbiVersion.V0_1_0);
        }

        @ParameterizedTest
        @EnumSource(AbiVersion.class)
        void everyHostFunctionOfAVersionIsAcceptedWithItsOwnType(AbiVersion version) {
            var module = TestModules.minimal(version);
            version.hostFunctions().stream()
                    .filter(f -> !f.name().equals("proxy_log"))
                    .forEach(module::importFunction);
            WasiFunctions.preview1("wasi_snapshot_preview1").stream()
                    .filter(f -> !f.name().equals("path_link") && !f.name().equals("path_symlink"))
                    .forEach(module::importFunction);
            AbiVersion.emscriptenFunctions().forEach(module::importFunction);
            version.callbacks().stream()
                    .filter(
                            f ->
                                    !f.name().equals("proxy_on_memory_allocate")
                                            && !f.name().equals("proxy_on_context_create")
                                            && !f.name().equals("proxy_on_request_headers"))
                    .forEach(module::exportFunction);

            var report = validate(module);

            assertThat(report.problems()).isEmpty();
            assertThat(report.imports()).hasSize(version.hostFunctions().size() + 43 + 2);
        }

        @Test
        void memoryAndTableImportsAreAccepted() {
            var module =
                    WasmBinary.builder()
                            .importMemory("env", "memory")
                            .importTable("env", "table")
                            .exportFunction("proxy_abi_version_0_2_0", List.of(), List.of())
                            .exportFunction(ModuleExports.MALLOC)
                            .exportFunction(exported("proxy_on_context_create", 2, false));

            assertThat(validate(module).problems()).isEmpty();
        }
    }

    @Nested
    class AbiMarker {
        @Test
        void missingMarkerIsAnErrorNamingTheThreeAcceptedMarkers() {
            var module =
                    WasmBinary.builder()
                            .exportMemory("memory")
                            .exportFunction(ModuleExports.MALLOC)
                            .exportFunction(exported("proxy_on_context_create", 2, false));

            var report = validate(module);

            assertThat(report.abiVersion()).isEmpty();
            assertThat(messages(report))
                    .containsExactly(
                            "ERROR no Proxy-Wasm ABI version marker: found no function export"
                                    + " named proxy_abi_version_*, expected one function export"
                                    + " named proxy_abi_version_0_1_0, proxy_abi_version_0_2_0 or"
                                    + " proxy_abi_version_0_2_1 (Envoy: \"Missing or unknown"
                                    + " Proxy-Wasm ABI version\"); fix: export the SDK entry"
                                    + " points from the filter's main file (AssemblyScript with"
                                    + " proxy-runtime: `export * from"
                                    + " \"@solo-io/proxy-runtime/proxy\";` in assembly/index.ts)");
        }

        @Test
        void unknownMarkerIsAnErrorInsteadOfAMissingOne() {
            var module =
                    TestModules.minimal(AbiVersion.V0_2_1)
                            .exportFunction("proxy_abi_version_0_x_x", List.of(), List.of());
            var onlyUnknown =
                    WasmBinary.builder()
                            .exportMemory("memory")
                            .exportFunction(ModuleExports.MALLOC)
                            .exportFunction("proxy_abi_version_0_x_x", List.of(), List.of());

            assertThat(messages(validate(module)))
                    .containsExactly(
                            "ERROR unknown Proxy-Wasm ABI version marker proxy_abi_version_0_x_x:"
                                    + " found export proxy_abi_version_0_x_x, expected one of"
                                    + " proxy_abi_version_0_1_0, proxy_abi_version_0_2_0 or"
                                    + " proxy_abi_version_0_2_1 (Envoy recognises no other"
                                    + " version); fix: build with an SDK release that targets ABI"
                                    + " 0.2.1, 0.2.0 or 0.1.0");
            var report = validate(onlyUnknown);
            assertThat(report.abiVersion()).isEmpty();
            assertThat(report.errors())
                    .extracting(AbiProblem::subject)
                    .containsExactly(
                            "unknown Proxy-Wasm ABI version marker proxy_abi_version_0_x_x");
        }

        @Test
        void twoMarkersAreAWarningAndTheFirstInExportOrderWins() {
            var module =
                    TestModules.minimal(AbiVersion.V0_2_1)
                            .exportFunction("proxy_abi_version_0_2_0", List.of(), List.of());

            var report = validate(module);

            assertThat(report.isValid()).isTrue();
            assertThat(report.abiVersion()).contains(AbiVersion.V0_2_1);
            assertThat(messages(report))
                    .containsExactly(
                            "WARNING several ABI version markers: found exports"
                                    + " proxy_abi_version_0_2_1, proxy_abi_version_0_2_0, expected"
                                    + " exactly one; Envoy uses the first in export order,"
                                    + " proxy_abi_version_0_2_1; fix: export only the marker of"
                                    + " the ABI version the SDK implements");
        }

        @Test
        void markerWithParametersIsOnlyAWarningBecauseEnvoyChecksTheName() {
            var module =
                    WasmBinary.builder()
                            .exportMemory("memory")
                            .exportFunction(ModuleExports.MALLOC)
                            .exportFunction(exported("proxy_on_context_create", 2, false))
                            .exportFunction("proxy_abi_version_0_2_0", List.of(I32), List.of());

            var report = validate(module);

            assertThat(report.isValid()).isTrue();
            assertThat(report.warnings())
                    .extracting(AbiProblem::found)
                    .containsExactly("proxy_abi_version_0_2_0(i32) -> ()");
        }
    }

    @Nested
    class MemoryAndAllocator {
        @Test
        void missingMemoryIsAnError() {
            var module =
                    WasmBinary.builder()
                            .exportFunction("proxy_abi_version_0_2_0", List.of(), List.of())
                            .exportFunction(ModuleExports.MALLOC)
                            .exportFunction(exported("proxy_on_context_create", 2, false));

            assertThat(messages(validate(module)))
                    .containsExactly(
                            "ERROR no linear memory Envoy can use: found no memory export and no"
                                    + " memory import, expected an exported memory"
                                    + " (conventionally named `memory`) or an imported one; fix:"
                                    + " export the memory; asc exports `memory` unless"
                                    + " --noExportMemory is given");
        }

        @Test
        void memoryThatIsNotExportedIsReportedAsSuch() {
            var module = TestModules.minimal(AbiVersion.V0_2_0);
            var withoutExport =
                    WasmBinary.builder()
                            .memory()
                            .exportFunction("proxy_abi_version_0_2_0", List.of(), List.of())
                            .exportFunction(ModuleExports.MALLOC)
                            .exportFunction(exported("proxy_on_context_create", 2, false));

            assertThat(validate(module).isValid()).isTrue();
            assertThat(validate(withoutExport).errors())
                    .extracting(AbiProblem::found)
                    .containsExactly("a memory that is neither exported nor imported");
        }

        @Test
        void missingAllocatorIsAnErrorNamingBothAllocators() {
            var module =
                    WasmBinary.builder()
                            .exportMemory("memory")
                            .exportFunction("proxy_abi_version_0_2_0", List.of(), List.of())
                            .exportFunction(exported("proxy_on_context_create", 2, false));

            var report = validate(module);

            assertThat(report.allocator()).isEmpty();
            assertThat(messages(report))
                    .containsExactly(
                            "ERROR no allocator export: found neither malloc nor"
                                    + " proxy_on_memory_allocate is exported, expected a function"
                                    + " export malloc(i32) -> i32 or proxy_on_memory_allocate(i32)"
                                    + " -> i32 (Envoy: \"Wasm module is missing malloc"
                                    + " function.\"); fix: export the SDK entry points from the"
                                    + " filter's main file (AssemblyScript with proxy-runtime:"
                                    + " `export * from \"@solo-io/proxy-runtime/proxy\";` in"
                                    + " assembly/index.ts)");
        }

        @Test
        void mallocWithTheWrongTypeIsAnErrorEvenWhenTheOtherAllocatorExists() {
            var module =
                    TestModules.minimal(AbiVersion.V0_2_0)
                            .exportFunction("malloc", List.of(I32, I32), List.of(I32));

            var report = validate(module);

            assertThat(report.allocator()).isEmpty();
            assertThat(messages(report))
                    .containsExactly(
                            "ERROR export malloc has the wrong type: found malloc(i32, i32) ->"
                                    + " i32, expected malloc(i32) -> i32 (the allocator Envoy"
                                    + " looks up first; Envoy: \"Bad function signature for:"
                                    + " malloc\"); fix: change the export to the expected type; an"
                                    + " SDK written for another ABI version must match the marker"
                                    + " the module exports");
        }

        @Test
        void mallocIsPreferredOverProxyOnMemoryAllocateLikeEnvoy() {
            var module =
                    TestModules.minimal(AbiVersion.V0_2_0).exportFunction(ModuleExports.MALLOC);

            assertThat(validate(module).allocator()).contains("malloc");
        }

        @Test
        void proxyOnMemoryAllocateWithTheWrongTypeIsAnError() {
            var module =
                    WasmBinary.builder()
                            .exportMemory("memory")
                            .exportFunction("proxy_abi_version_0_2_0", List.of(), List.of())
                            .exportFunction(exported("proxy_on_context_create", 2, false))
                            .exportFunction("proxy_on_memory_allocate", List.of(I64), List.of(I32));

            var report = validate(module);

            assertThat(report.allocator()).isEmpty();
            assertThat(report.errors())
                    .extracting(AbiProblem::subject, AbiProblem::found)
                    .containsExactly(
                            tuple(
                                    "export proxy_on_memory_allocate has the wrong type",
                                    "proxy_on_memory_allocate(i64) -> i32"));
        }
    }

    @Nested
    class Imports {
        @Test
        @DisplayName("env.abort (asc without abort_proc_exit) names the asc flag that fixes it")
        void envAbortIsAnErrorWhoseFixIsTheAscFlag() {
            var module =
                    TestModules.minimal(AbiVersion.V0_2_0)
                            .importFunction("env", "abort", i32s(4), List.of());

            assertThat(messages(validate(module)))
                    .containsExactly(
                            "ERROR import env.abort is not provided by Envoy: found"
                                    + " env.abort(i32, i32, i32, i32) -> (), expected only the 38"
                                    + " env.proxy_* functions of ABI 0.2.0, env.pthread_equal and"
                                    + " env.emscripten_notify_memory_growth from module env; fix:"
                                    + " compile with `--use abort=abort_proc_exit` (asc), which"
                                    + " routes aborts to proxy_log and wasi_unstable.proc_exit");
        }

        @Test
        void wrongImportTypeNamesBothTypes() {
            // proxy-runtime 0.1.8 declares proxy_grpc_call without the initial metadata.
            var module =
                    TestModules.minimal(AbiVersion.V0_2_0)
                            .importFunction(env("proxy_grpc_call", 10));

            assertThat(messages(validate(module)))
                    .containsExactly(
                            "ERROR import env.proxy_grpc_call has the wrong type: found"
                                    + " env.proxy_grpc_call(i32, i32, i32, i32, i32, i32, i32, i32,"
                                    + " i32, i32) -> i32, expected env.proxy_grpc_call(i32, i32,"
                                    + " i32, i32, i32, i32, i32, i32, i32, i32, i32, i32) -> i32"
                                    + " (ABI 0.2.0; Envoy refuses a type mismatch when linking);"
                                    + " fix: declare the import with exactly the expected type;"
                                    + " with an SDK, avoid the call or use a release whose"
                                    + " declaration matches");
        }

        @Test
        void metricValueDeclaredAsI32IsAWrongType() {
            var module =
                    TestModules.minimal(AbiVersion.V0_2_1)
                            .importFunction(env("proxy_record_metric", 2));

            assertThat(validate(module).errors())
                    .extracting(AbiProblem::expected)
                    .containsExactly(
                            "env.proxy_record_metric(i32, i64) -> i32 (ABI 0.2.1; Envoy refuses a"
                                    + " type mismatch when linking)");
        }

        @Test
        void functionOfANewerVersionNamesTheVersionThatHasIt() {
            var module =
                    TestModules.minimal(AbiVersion.V0_2_0)
                            .importFunction(env("proxy_get_log_level", 1));

            assertThat(messages(validate(module)))
                    .containsExactly(
                            "ERROR import env.proxy_get_log_level is not available in ABI 0.2.0:"
                                    + " found env.proxy_get_log_level(i32) -> i32, expected only"
                                    + " the 38 env.proxy_* functions of ABI 0.2.0"
                                    + " (proxy_get_log_level exists in ABI 0.2.1 only; Envoy links"
                                    + " just the functions of the declared version); fix: do not"
                                    + " call proxy_get_log_level, or declare ABI 0.2.1 (export"
                                    + " proxy_abi_version_0_2_1) if the SDK implements it");
        }

        @Test
        void functionRemovedIn020IsAnErrorInA02xModule() {
            // proxy-runtime 0.1.8 declares proxy_clear_route_cache although it marks ABI 0.2.0.
            var module =
                    TestModules.minimal(AbiVersion.V0_2_1)
                            .importFunction(env("proxy_clear_route_cache", 0));

            assertThat(validate(module).errors())
                    .extracting(AbiProblem::subject)
                    .containsExactly(
                            "import env.proxy_clear_route_cache is not available in ABI 0.2.1");
        }

        @Test
        void functionAddedIn020IsAnErrorInA010Module() {
            var module =
                    TestModules.minimal(AbiVersion.V0_1_0)
                            .importFunction(env("proxy_continue_stream", 1));

            assertThat(validate(module).errors())
                    .extracting(AbiProblem::expected)
                    .containsExactly(
                            "only the 40 env.proxy_* functions of ABI 0.1.0"
                                    + " (proxy_continue_stream exists in ABI 0.2.0 and 0.2.1 only;"
                                    + " Envoy links just the functions of the declared version)");
        }

        @Test
        void unknownEnvImportIsNotProvidedByEnvoy() {
            var module =
                    TestModules.minimal(AbiVersion.V0_2_0)
                            .importFunction("env", "trace", i32s(2), List.of())
                            .importFunction("env", "seed", List.of(), List.of(ValueType.F64))
                            .importFunction("env", "getenv", i32s(1), List.of(I32));

            assertThat(validate(module).errors())
                    .extracting(AbiProblem::subject, AbiProblem::fix)
                    .containsExactly(
                            tuple(
                                    "import env.trace is not provided by Envoy",
                                    "remove calls to trace(); asc imports env.trace for them"),
                            tuple(
                                    "import env.seed is not provided by Envoy",
                                    "do not use Math.random(); asc imports env.seed to seed it"),
                            tuple(
                                    "import env.getenv is not provided by Envoy",
                                    "remove the import; Envoy links no other env function"));
        }

        @Test
        void misspeltProxyFunctionIsNotAHostFunction() {
            var module =
                    TestModules.minimal(AbiVersion.V0_2_0)
                            .importFunction(env("proxy_set_buffer", 5));

            assertThat(messages(validate(module)))
                    .containsExactly(
                            "ERROR import env.proxy_set_buffer is not a Proxy-Wasm host function:"
                                    + " found env.proxy_set_buffer(i32, i32, i32, i32, i32) ->"
                                    + " i32, expected only the 38 env.proxy_* functions of ABI"
                                    + " 0.2.0, env.pthread_equal and"
                                    + " env.emscripten_notify_memory_growth from module env; fix:"
                                    + " check the spelling against the ABI, or remove the import");
        }

        @Test
        void globalImportIsAnError() {
            var module =
                    TestModules.minimal(AbiVersion.V0_2_0)
                            .importGlobal("env", "__memory_base", I32, false);

            assertThat(messages(validate(module)))
                    .containsExactly(
                            "ERROR global import env.__memory_base is not provided by Envoy:"
                                    + " found global env.__memory_base (i32), expected function,"
                                    + " memory or table imports only; fix: define the global"
                                    + " inside the module instead of importing it");
        }

        @Test
        void unknownWasiFunctionIsAnError() {
            var module =
                    TestModules.minimal(AbiVersion.V0_2_0)
                            .importFunction(
                                    "wasi_snapshot_preview1", "sock_open", i32s(3), List.of(I32));

            assertThat(messages(validate(module)))
                    .containsExactly(
                            "ERROR import wasi_snapshot_preview1.sock_open is not a WASI function"
                                    + " Envoy provides: found wasi_snapshot_preview1.sock_open(i32,"
                                    + " i32, i32) -> i32, expected one of the 45 WASI preview1"
                                    + " functions Envoy serves under wasi_snapshot_preview1 and"
                                    + " wasi_unstable; fix: remove the import; make sure the"
                                    + " toolchain targets WASI preview1");
        }

        @Test
        void wasiFunctionWithTheWrongTypeIsAnError() {
            var module =
                    TestModules.minimal(AbiVersion.V0_2_0)
                            .importFunction(
                                    "wasi_unstable", "clock_time_get", i32s(3), List.of(I32));

            assertThat(validate(module).errors())
                    .extracting(AbiProblem::expected)
                    .containsExactly(
                            "wasi_unstable.clock_time_get(i32, i64, i32) -> i32 (WASI preview1;"
                                    + " Envoy refuses a type mismatch when linking)");
        }

        @Test
        void pathLinkIsAnErrorBecauseEnvoyRegistersItWithTheWrongArity() {
            var module =
                    TestModules.minimal(AbiVersion.V0_2_0)
                            .importFunction(
                                    WasiFunctions.find("wasi_snapshot_preview1", "path_link")
                                            .orElseThrow());

            assertThat(validate(module).errors())
                    .extracting(AbiProblem::subject)
                    .containsExactly(
                            "import wasi_snapshot_preview1.path_link does not link in Envoy");
        }

        @Test
        void importFromAnotherModuleIsAnError() {
            var module =
                    TestModules.minimal(AbiVersion.V0_2_0)
                            .importFunction("console", "log", i32s(1), List.of());

            assertThat(messages(validate(module)))
                    .containsExactly(
                            "ERROR import console.log is from module 'console', which Envoy does"
                                    + " not provide: found console.log(i32) -> (), expected imports"
                                    + " from env, wasi_snapshot_preview1 or wasi_unstable only;"
                                    + " fix: remove the import, or implement the function inside"
                                    + " the module");
        }

        @Test
        void sameImportWithTwoTypesIsAnError() {
            // proxy-runtime 0.1.8 binds set_buffer_status to proxy_get_buffer_status (5 params).
            var module =
                    TestModules.minimal(AbiVersion.V0_2_0)
                            .importFunction(env("proxy_get_buffer_status", 3))
                            .importFunction(env("proxy_get_buffer_status", 5));

            var subjects = validate(module).errors().stream().map(AbiProblem::subject).toList();

            assertThat(subjects)
                    .containsExactly(
                            "env.proxy_get_buffer_status is imported twice with different types",
                            "import env.proxy_get_buffer_status has the wrong type");
        }

        @Test
        void sameImportTwiceWithTheSameTypeIsFine() {
            var module = TestModules.minimal(AbiVersion.V0_2_0).importFunction(env("proxy_log", 3));

            assertThat(validate(module).problems()).isEmpty();
        }
    }

    @Nested
    class Exports {
        @Test
        void callbackWithTheWrongTypeIsAnError() {
            // The two-parameter header callback of ABI 0.1.0 in a module that declares 0.2.0.
            var module =
                    TestModules.minimal(AbiVersion.V0_2_0)
                            .exportFunction(exported("proxy_on_response_headers", 2, true));

            assertThat(messages(validate(module)))
                    .containsExactly(
                            "ERROR export proxy_on_response_headers has the wrong type: found"
                                    + " proxy_on_response_headers(i32, i32) -> i32, expected"
                                    + " proxy_on_response_headers(i32, i32, i32) -> i32 (callback"
                                    + " of ABI 0.2.0; Envoy: \"Bad function signature for:"
                                    + " proxy_on_response_headers\"); fix: change the export to the"
                                    + " expected type; an SDK written for another ABI version must"
                                    + " match the marker the module exports");
        }

        @Test
        void callbackReturningAValueWhereEnvoyExpectsNoneIsAnError() {
            var module =
                    TestModules.minimal(AbiVersion.V0_2_0)
                            .exportFunction(exported("proxy_on_tick", 1, true));

            assertThat(validate(module).errors())
                    .extracting(AbiProblem::found)
                    .containsExactly("proxy_on_tick(i32) -> i32");
        }

        @Test
        void unknownProxyOnExportIsAWarningThatEnvoyNeverCallsIt() {
            var module =
                    TestModules.minimal(AbiVersion.V0_2_0)
                            .exportFunction(exported("proxy_on_request_header", 3, true));

            var report = validate(module);

            assertThat(report.isValid()).isTrue();
            assertThat(messages(report))
                    .containsExactly(
                            "WARNING export proxy_on_request_header is never called by Envoy:"
                                    + " found proxy_on_request_header(i32, i32, i32) -> i32,"
                                    + " expected proxy_on_* exports that are callbacks of ABI"
                                    + " 0.2.0; fix: rename it to a callback of the ABI, or remove"
                                    + " it");
        }

        @Test
        void foreignFunctionCallbackInA010ModuleIsAWarning() {
            var module =
                    TestModules.minimal(AbiVersion.V0_1_0)
                            .exportFunction(exported("proxy_on_foreign_function", 3, false));

            assertThat(validate(module).warnings())
                    .extracting(AbiProblem::subject)
                    .containsExactly(
                            "export proxy_on_foreign_function is never called in ABI 0.1.0");
        }

        @Test
        void withoutAMarkerCallbacksOfTheSameTypeInEveryVersionAreStillChecked() {
            var module =
                    WasmBinary.builder()
                            .exportMemory("memory")
                            .exportFunction(ModuleExports.MALLOC)
                            .exportFunction(exported("proxy_on_tick", 1, true))
                            .exportFunction(exported("proxy_on_request_headers", 2, true))
                            .exportFunction(exported("proxy_on_response_headers", 3, true))
                            .exportFunction(exported("proxy_on_requests", 1, false));

            var report = validate(module);

            assertThat(report.problems())
                    .extracting(AbiProblem::subject, AbiProblem::expected)
                    .containsExactly(
                            tuple(
                                    "no Proxy-Wasm ABI version marker",
                                    "one function export named proxy_abi_version_0_1_0,"
                                            + " proxy_abi_version_0_2_0 or proxy_abi_version_0_2_1"
                                            + " (Envoy: \"Missing or unknown Proxy-Wasm ABI"
                                            + " version\")"),
                            tuple(
                                    "export proxy_on_tick has the wrong type",
                                    "proxy_on_tick(i32) -> () (callback of every ABI version;"
                                            + " Envoy: \"Bad function signature for:"
                                            + " proxy_on_tick\")"),
                            tuple(
                                    "export proxy_on_requests is never called by Envoy",
                                    "proxy_on_* exports that are callbacks of ABI 0.1.0, 0.2.0 or"
                                            + " 0.2.1"));
        }

        @Test
        void missingContextCreateIsAWarning() {
            var module =
                    WasmBinary.builder()
                            .exportMemory("memory")
                            .exportFunction("proxy_abi_version_0_2_0", List.of(), List.of())
                            .exportFunction(ModuleExports.MALLOC);

            var report = validate(module);

            assertThat(report.isValid()).isTrue();
            assertThat(report.warnings())
                    .extracting(AbiProblem::subject)
                    .containsExactly("export proxy_on_context_create is missing");
        }

        @Test
        void otherExportsAreIgnored() {
            var module =
                    TestModules.minimal(AbiVersion.V0_2_0)
                            .exportFunction("free", i32s(1), List.of())
                            .exportFunction("__alloc", i32s(2), List.of(I32))
                            .exportGlobal("__rtti_base", I32);

            assertThat(validate(module).problems()).isEmpty();
        }
    }

    @Nested
    class StartModes {
        @Test
        void initializeMakesAReactorAndMainIsChecked() {
            var module =
                    TestModules.minimal(AbiVersion.V0_2_1)
                            .exportFunction(ModuleExports.INITIALIZE)
                            .exportFunction("main", i32s(2), List.of());

            var report = validate(module);

            assertThat(report.startMode()).isEqualTo(StartMode.INITIALIZE);
            assertThat(report.errors())
                    .extracting(AbiProblem::subject)
                    .containsExactly("export main has the wrong type");
        }

        @Test
        void startMakesACommand() {
            var report =
                    validate(
                            TestModules.minimal(AbiVersion.V0_2_0)
                                    .exportFunction(ModuleExports.START));

            assertThat(report.startMode()).isEqualTo(StartMode.START);
            assertThat(report.problems()).isEmpty();
        }

        @Test
        void initializeAndStartTogetherIsAWarningBecauseStartNeverRuns() {
            var report =
                    validate(
                            TestModules.minimal(AbiVersion.V0_2_0)
                                    .exportFunction(ModuleExports.START)
                                    .exportFunction(ModuleExports.INITIALIZE));

            assertThat(report.startMode()).isEqualTo(StartMode.INITIALIZE);
            assertThat(messages(report))
                    .containsExactly(
                            "WARNING both _initialize and _start are exported: found exports"
                                    + " _initialize and _start, expected one of them; Envoy calls"
                                    + " _initialize and never _start; fix: build the module either"
                                    + " as a WASI reactor (_initialize) or as a command (_start)");
        }

        @Test
        void startSectionIsReportedWhenNoStartFunctionIsExported() {
            var report = validate(TestModules.minimal(AbiVersion.V0_2_0).startSection());

            assertThat(report.startMode()).isEqualTo(StartMode.START_SECTION);
        }
    }

    @Nested
    class UnreadableInput {
        @Test
        void elfFileIsNotAWebAssemblyModule() {
            var elf = new byte[] {0x7f, 'E', 'L', 'F', 2, 1, 1, 0, 0, 0, 0, 0};

            var report = AbiValidator.validate(elf);

            assertThat(report.isValid()).isFalse();
            assertThat(report.abiVersion()).isEmpty();
            assertThat(messages(report))
                    .containsExactly(
                            "ERROR not a WebAssembly module: found magic bytes 7f454c46, expected"
                                    + " magic bytes 0061736d (\"\\0asm\") at the start of a binary"
                                    + " .wasm file; fix: pass the binary .wasm that asc writes with"
                                    + " -o (e.g. build/optimized.wasm)");
        }

        @Test
        void textFormatGetsAHintToPassTheBinary() {
            var wat = "(module (memory 1))".getBytes(StandardCharsets.UTF_8);

            assertThat(AbiValidator.validate(wat).errors())
                    .extracting(AbiProblem::fix)
                    .containsExactly(
                            "this looks like WebAssembly text (.wat); pass the binary .wasm that"
                                    + " asc writes with -o (or convert the text with `wat2wasm`)");
        }

        @Test
        void emptyFileIsNotAWebAssemblyModule() {
            assertThat(AbiValidator.validate(new byte[0]).errors())
                    .extracting(AbiProblem::subject, AbiProblem::found)
                    .containsExactly(tuple("not a WebAssembly module", "an empty file (0 bytes)"));
        }

        @Test
        void truncatedModuleSaysWhichSectionIsCutShort() {
            var bytes = TestModules.proxyRuntime018().build();
            var truncated = Arrays.copyOf(bytes, bytes.length - 10);

            var report = AbiValidator.validate(truncated);

            assertThat(report.problems()).hasSize(1);
            assertThat(report.problems().get(0).message())
                    .matches(
                            "truncated module: found the code section at offset \\d+ declares \\d+"
                                    + " bytes, but only \\d+ remain in the file \\("
                                    + (bytes.length - 10)
                                    + " bytes\\), expected a complete module; fix: the file was"
                                    + " cut short while being written or copied; rebuild it or"
                                    + " copy it again");
        }

        @Test
        void headerCutShortIsTruncated() {
            var report = AbiValidator.validate(new byte[] {0x00, 0x61, 0x73, 0x6d, 0x01});

            assertThat(report.errors())
                    .extracting(AbiProblem::subject, AbiProblem::found)
                    .containsExactly(
                            tuple("truncated module", "the 8-byte header ends after 5 bytes"));
        }

        @Test
        void otherBinaryVersionIsUnsupported() {
            var report = AbiValidator.validate(new byte[] {0x00, 0x61, 0x73, 0x6d, 0x0d, 0, 1, 0});

            assertThat(report.errors())
                    .extracting(AbiProblem::subject, AbiProblem::found)
                    .containsExactly(
                            tuple("unsupported WebAssembly binary version", "version 65549"));
        }

        @Test
        void malformedSectionContentIsOneErrorWithTheDecoderDetail() {
            // A well-framed type section whose single entry is not a function type (0x60).
            var bytes =
                    new byte[] {
                        0x00, 0x61, 0x73, 0x6d, 0x01, 0, 0, 0, 0x01, 0x04, 0x01, 0x55, 0x00, 0x00
                    };

            var report = AbiValidator.validate(bytes);

            assertThat(report.problems()).hasSize(1);
            assertThat(report.problems().get(0).subject()).isEqualTo("malformed module");
            assertThat(report.problems().get(0).found()).doesNotStartWith("section size mismatch");
        }

        @Test
        void randomCorruptionsNeverThrowAndAlwaysGiveAnError() {
            var valid = TestModules.proxyRuntime018().build();
            var random = new Random(42);
            for (var i = 0; i < 2000; i++) {
                var bytes = valid.clone();
                if (i % 2 == 0) {
                    bytes = Arrays.copyOf(bytes, random.nextInt(bytes.length));
                } else {
                    for (var flips = 0; flips < 1 + random.nextInt(4); flips++) {
                        bytes[8 + random.nextInt(bytes.length - 8)] = (byte) random.nextInt(256);
                    }
                }

                var report = AbiValidator.validate(bytes);

                assertThat(report).isNotNull();
                if (i % 2 == 0) {
                    assertThat(report.isValid()).as("truncation %d", i).isFalse();
                }
            }
        }

        @Test
        void missingFileIsOneErrorNamingThePath(@TempDir Path dir) {
            var missing = dir.resolve("nope.wasm");

            var report = AbiValidator.validate(missing);

            assertThat(messages(report))
                    .containsExactly(
                            "ERROR cannot read the module file: found "
                                    + missing
                                    + " (no such file), expected a readable .wasm file; fix: check"
                                    + " the path and the file permissions");
        }

        @Test
        void directoryIsOneErrorNotAnException(@TempDir Path dir) {
            var report = AbiValidator.validate(dir);

            assertThat(report.errors())
                    .extracting(AbiProblem::subject, AbiProblem::found)
                    .containsExactly(
                            tuple("cannot read the module file", dir + " (Is a directory)"));
        }

        @Test
        void fileIsReadAndValidated(@TempDir Path dir) throws IOException {
            var file =
                    Files.write(dir.resolve("filter.wasm"), TestModules.proxyRuntime018().build());

            var report = AbiValidator.validate(file);

            assertThat(report.isValid()).isTrue();
            assertThat(report.abiVersion()).contains(AbiVersion.V0_2_0);
        }
    }

    @Nested
    class AllProblemsAtOnce {
        @Test
        void everyProblemIsReportedInOneReport() {
            var module =
                    WasmBinary.builder()
                            .importFunction("env", "abort", i32s(4), List.of())
                            .importGlobal("env", "g", I32, true)
                            .importFunction(env("proxy_get_log_level", 1))
                            .exportFunction("proxy_abi_version_0_2_0", List.of(), List.of())
                            .exportFunction(exported("proxy_on_request_headers", 2, true))
                            .exportFunction(exported("proxy_on_grpc_trailing_metadata", 3, false));

            var report = validate(module);

            assertThat(report.problems())
                    .extracting(AbiProblem::severity, AbiProblem::subject)
                    .containsExactly(
                            tuple(Severity.ERROR, "no linear memory Envoy can use"),
                            tuple(Severity.ERROR, "no allocator export"),
                            tuple(Severity.ERROR, "import env.abort is not provided by Envoy"),
                            tuple(Severity.ERROR, "global import env.g is not provided by Envoy"),
                            tuple(
                                    Severity.ERROR,
                                    "import env.proxy_get_log_level is not available in ABI 0.2.0"),
                            tuple(
                                    Severity.ERROR,
                                    "export proxy_on_request_headers has the wrong type"),
                            tuple(
                                    Severity.WARNING,
                                    "export proxy_on_grpc_trailing_metadata is never called by"
                                            + " Envoy"),
                            tuple(Severity.WARNING, "export proxy_on_context_create is missing"));
            assertThat(report.errors()).hasSize(6);
            assertThat(report.warnings()).hasSize(2);
        }
    }
}
