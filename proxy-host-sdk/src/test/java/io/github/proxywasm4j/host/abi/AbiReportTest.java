package io.github.proxywasm4j.host.abi;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.proxywasm4j.host.AbiValidator;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

class AbiReportTest {

    @Nested
    class Render {
        @Test
        void validProxyRuntime018ModuleMatchesTheGoldenReport() throws IOException {
            var report = AbiValidator.validate(TestModules.proxyRuntime018().build());

            Golden.assertMatches(report.render(), "proxy-runtime-0.1.8.txt");
        }

        @Test
        void moduleBuiltWithoutAbortProcExitMatchesTheGoldenReport() throws IOException {
            var report = AbiValidator.validate(TestModules.proxyRuntime018(false).build());

            Golden.assertMatches(
                    report.render(), "proxy-runtime-0.1.8-without-abort-proc-exit.txt");
        }

        @Test
        void callbacksLineNamesTheEventFamiliesTheModuleHasCallbacksFor() {
            var tcpOnly =
                    TestModules.minimal(AbiVersion.V0_2_0)
                            .exportFunction(
                                    TestModules.exported("proxy_on_new_connection", 1, true))
                            .exportFunction(TestModules.exported("proxy_on_tick", 1, false));
            var http = TestModules.minimal(AbiVersion.V0_2_0);

            assertThat(AbiValidator.validate(tcpOnly.build()).render())
                    .contains("\n  callbacks:   HTTP, TCP, timer\n");
            assertThat(AbiValidator.validate(http.build()).render())
                    .contains("\n  callbacks:   HTTP\n");
        }

        @Test
        void unreadableInputRendersItsOneProblem() {
            var report = AbiValidator.validate(new byte[] {'P', 'K', 3, 4});

            assertThat(report.render())
                    .isEqualTo(
                            "Proxy-Wasm ABI check: INVALID, Envoy would refuse this module (1"
                                    + " error)\n"
                                    + "  ABI version: none\n"
                                    + "  allocator:   none\n"
                                    + "  start:       none\n"
                                    + "  callbacks:   none\n"
                                    + "  imports (0):\n"
                                    + "  exports (0):\n"
                                    + "  problems (1):\n"
                                    + "    ERROR not a WebAssembly module\n"
                                    + "      found:    magic bytes 504b0304\n"
                                    + "      expected: magic bytes 0061736d (\"\\0asm\") at the"
                                    + " start of a binary .wasm file\n"
                                    + "      fix:      pass the binary .wasm that asc writes with"
                                    + " -o (e.g. build/optimized.wasm)\n");
        }
    }

    @Nested
    class Verdict {
        private final AbiProblem error = AbiProblem.error("e", "f", "x", "y");
        private final AbiProblem warning = AbiProblem.warning("w", "f", "x", "y");

        private AbiReport reportWith(AbiProblem... problems) {
            return new AbiReport(
                    Optional.of(AbiVersion.V0_2_0),
                    List.of(problems),
                    List.of(),
                    List.of(),
                    Optional.of("malloc"),
                    AbiReport.StartMode.NONE);
        }

        @Test
        void warningsAloneKeepTheModuleValid() {
            var report = reportWith(warning, warning);

            assertThat(report.isValid()).isTrue();
            assertThat(report.warnings()).hasSize(2);
            assertThat(report.errors()).isEmpty();
            assertThat(report.render()).startsWith("Proxy-Wasm ABI check: valid (2 warnings)\n");
        }

        @Test
        void oneErrorMakesTheModuleInvalid() {
            var report = reportWith(warning, error);

            assertThat(report.isValid()).isFalse();
            assertThat(report.errors()).containsExactly(error);
            assertThat(report.render())
                    .startsWith(
                            "Proxy-Wasm ABI check: INVALID, Envoy would refuse this module (1"
                                    + " error, 1 warning)\n");
        }

        @Test
        void noProblemsAtAllSaysValid() {
            assertThat(reportWith().render()).startsWith("Proxy-Wasm ABI check: valid\n");
        }
    }

    @Test
    void problemMessageIsOneSentenceWithFoundExpectedAndFix() {
        var problem =
                AbiProblem.error(
                        "import env.abort is not provided by Envoy",
                        "env.abort(i32, i32, i32, i32) -> ()",
                        "proxy_* imports only",
                        "compile with `--use abort=abort_proc_exit` (asc)");

        assertThat(problem.message())
                .isEqualTo(
                        "import env.abort is not provided by Envoy: found env.abort(i32, i32, i32,"
                                + " i32) -> (), expected proxy_* imports only; fix: compile with"
                                + " `--use abort=abort_proc_exit` (asc)");
        assertThat(problem.isError()).isTrue();
    }

    @Test
    void reportCopiesItsListsSoItStaysImmutable() {
        var problems = new ArrayList<AbiProblem>();
        var report =
                new AbiReport(
                        Optional.empty(),
                        problems,
                        List.of(),
                        List.of(),
                        Optional.empty(),
                        AbiReport.StartMode.NONE);

        problems.add(AbiProblem.error("e", "f", "x", "y"));

        assertThat(report.problems()).isEmpty();
        assertThat(report.isValid()).isTrue();
    }
}
