package io.github.proxywasm4j.host.abi;

import static io.github.proxywasm4j.host.abi.ValueType.I32;
import static io.github.proxywasm4j.host.abi.ValueType.I64;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class AbiVersionTest {

    private static List<String> names(List<FunctionSignature> functions) {
        return functions.stream().map(FunctionSignature::name).toList();
    }

    @Test
    @DisplayName("the tables match the reviewed listing in abi/abi-tables.txt, line by line")
    void tablesMatchTheReviewedListing() throws IOException {
        var listing = new StringBuilder();
        for (var version : AbiVersion.values()) {
            listing.append("# ABI ")
                    .append(version.version())
                    .append(" host functions (")
                    .append(version.hostFunctions().size())
                    .append(")\n");
            version.hostFunctions().forEach(f -> listing.append(f.describe()).append('\n'));
            listing.append("# ABI ")
                    .append(version.version())
                    .append(" callbacks (")
                    .append(version.callbacks().size())
                    .append(")\n");
            version.callbacks().forEach(f -> listing.append(f.describe()).append('\n'));
        }
        listing.append("# emscripten helpers\n");
        AbiVersion.emscriptenFunctions().forEach(f -> listing.append(f.describe()).append('\n'));
        listing.append("# WASI preview1 (also under wasi_unstable)\n");
        WasiFunctions.preview1(WasiFunctions.SNAPSHOT_PREVIEW1)
                .forEach(f -> listing.append(f.describe()).append('\n'));
        listing.append("# module exports\n");
        ModuleExports.allocators().forEach(f -> listing.append(f.describe()).append('\n'));
        ModuleExports.startFunctions().forEach(f -> listing.append(f.describe()).append('\n'));

        Golden.assertMatches(listing.toString(), "abi-tables.txt");
    }

    @Nested
    class Markers {
        @Test
        void markerExportIsDerivedFromTheDottedVersion() {
            assertThat(AbiVersion.V0_1_0.markerExport()).isEqualTo("proxy_abi_version_0_1_0");
            assertThat(AbiVersion.V0_2_0.markerExport()).isEqualTo("proxy_abi_version_0_2_0");
            assertThat(AbiVersion.V0_2_1.markerExport()).isEqualTo("proxy_abi_version_0_2_1");
            assertThat(AbiVersion.V0_2_1.version()).isEqualTo("0.2.1");
        }

        @Test
        void fromMarkerKnowsOnlyTheThreeMarkersEnvoyRecognises() {
            assertThat(AbiVersion.fromMarker("proxy_abi_version_0_2_0"))
                    .contains(AbiVersion.V0_2_0);
            assertThat(AbiVersion.fromMarker("proxy_abi_version_0_x_x")).isEmpty();
            assertThat(AbiVersion.fromMarker("malloc")).isEqualTo(Optional.empty());
        }
    }

    @Nested
    class HostFunctions {
        @Test
        void eachVersionHasTheCountOfCppHost() {
            assertThat(AbiVersion.V0_1_0.hostFunctions()).hasSize(40);
            assertThat(AbiVersion.V0_2_0.hostFunctions()).hasSize(38);
            assertThat(AbiVersion.V0_2_1.hostFunctions()).hasSize(39);
        }

        @ParameterizedTest
        @EnumSource(AbiVersion.class)
        void namesAreUniqueAndAllProxyFunctionsInModuleEnvReturningI32(AbiVersion version) {
            var functions = version.hostFunctions();
            assertThat(names(functions))
                    .doesNotHaveDuplicates()
                    .allMatch(n -> n.startsWith("proxy_"));
            assertThat(functions).allMatch(f -> f.module().equals("env"));
            assertThat(functions).allMatch(f -> f.results().equals(List.of(I32)));
        }

        @ParameterizedTest
        @EnumSource(AbiVersion.class)
        void onlyTheMetricValuesAreI64(AbiVersion version) {
            var withI64 = version.hostFunctions().stream().filter(f -> f.params().contains(I64));
            assertThat(withI64.map(FunctionSignature::describe))
                    .containsExactlyInAnyOrder(
                            "env.proxy_increment_metric(i32, i64) -> i32",
                            "env.proxy_record_metric(i32, i64) -> i32");
        }

        @Test
        void describeShowsModuleNameAndTypes() {
            assertThat(AbiVersion.V0_2_0.hostFunction("proxy_log").orElseThrow().describe())
                    .isEqualTo("env.proxy_log(i32, i32, i32) -> i32");
            assertThat(AbiVersion.V0_2_0.hostFunction("proxy_done").orElseThrow().describe())
                    .isEqualTo("env.proxy_done() -> i32");
        }

        @Test
        void arityOfTheLongFunctionsMatchesTheSpec() {
            var v = AbiVersion.V0_2_1;
            assertThat(v.hostFunction("proxy_http_call").orElseThrow().params()).hasSize(10);
            assertThat(v.hostFunction("proxy_grpc_call").orElseThrow().params()).hasSize(12);
            assertThat(v.hostFunction("proxy_grpc_stream").orElseThrow().params()).hasSize(9);
            assertThat(v.hostFunction("proxy_send_local_response").orElseThrow().params())
                    .hasSize(8);
            assertThat(v.hostFunction("proxy_call_foreign_function").orElseThrow().params())
                    .hasSize(6);
        }

        @Test
        void version010HasTheOldStreamFunctionsReturningI32() {
            assertThat(
                            AbiVersion.V0_1_0
                                    .hostFunction("proxy_continue_request")
                                    .orElseThrow()
                                    .describe())
                    .isEqualTo("env.proxy_continue_request() -> i32");
            assertThat(AbiVersion.V0_1_0.hostFunction("proxy_clear_route_cache")).isPresent();
            assertThat(
                            AbiVersion.V0_1_0
                                    .hostFunction("proxy_get_configuration")
                                    .orElseThrow()
                                    .params())
                    .containsExactly(I32, I32);
            assertThat(AbiVersion.V0_1_0.hostFunction("proxy_continue_stream")).isEmpty();
        }

        @Test
        void versionsDifferExactlyAsTheChangelogSays() {
            assertThat(names(AbiVersion.V0_2_1.hostFunctions()))
                    .containsAll(names(AbiVersion.V0_2_0.hostFunctions()))
                    .contains("proxy_get_log_level");
            assertThat(names(AbiVersion.V0_2_0.hostFunctions()))
                    .contains("proxy_continue_stream", "proxy_close_stream")
                    .doesNotContain("proxy_get_log_level", "proxy_clear_route_cache");
        }
    }

    @Nested
    class Callbacks {
        @Test
        void headerCallbacksHaveTwoParamsIn010AndThreeIn02x() {
            assertThat(
                            AbiVersion.V0_1_0
                                    .callback("proxy_on_request_headers")
                                    .orElseThrow()
                                    .describe())
                    .isEqualTo("proxy_on_request_headers(i32, i32) -> i32");
            assertThat(
                            AbiVersion.V0_2_0
                                    .callback("proxy_on_response_headers")
                                    .orElseThrow()
                                    .describe())
                    .isEqualTo("proxy_on_response_headers(i32, i32, i32) -> i32");
        }

        @Test
        void foreignFunctionCallbackExistsOnlyFrom020() {
            assertThat(AbiVersion.V0_1_0.callback("proxy_on_foreign_function")).isEmpty();
            assertThat(
                            AbiVersion.V0_2_1
                                    .callback("proxy_on_foreign_function")
                                    .orElseThrow()
                                    .describe())
                    .isEqualTo("proxy_on_foreign_function(i32, i32, i32) -> ()");
        }

        @ParameterizedTest
        @EnumSource(AbiVersion.class)
        void callbacksAreUniqueI32OnlyExports(AbiVersion version) {
            assertThat(names(version.callbacks())).doesNotHaveDuplicates();
            assertThat(version.callbacks()).allMatch(f -> f.module().isEmpty());
            assertThat(version.callbacks())
                    .allMatch(f -> f.params().stream().allMatch(I32::equals))
                    .allMatch(f -> f.results().isEmpty() || f.results().equals(List.of(I32)));
        }

        @Test
        void cppHostLooksUpTwentyEightCallbacksIn02x() {
            // 25 of FOR_ALL_MODULE_FUNCTIONS + 2 header callbacks + on_foreign_function, plus the
            // proxy_on_memory_allocate allocator.
            assertThat(AbiVersion.V0_2_0.callbacks()).hasSize(29);
            assertThat(AbiVersion.V0_1_0.callbacks()).hasSize(28);
        }
    }
}
