package io.github.proxywasm4j.maven.asc;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.proxywasm4j.maven.asc.Diagnostic.Severity;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class DiagnosticParserTest {
    // Printed by asc 0.17.14 (stderr) for two type errors on line 16 of the add_header filter.
    private static final List<String> TWO_TYPE_ERRORS =
            List.of(
                    "ERROR TS2322: Type '~lib/string/String' is not assignable to type 'i32'.",
                    "",
                    "     let x: i32 = \"a\"; let y: string = 3;",
                    "                  ~~~",
                    " in assembly/index.ts(16,18)",
                    "",
                    "ERROR TS2322: Type 'i32' is not assignable to type '~lib/string/String'.",
                    "",
                    "     let x: i32 = \"a\"; let y: string = 3;",
                    "                                       ~",
                    " in assembly/index.ts(16,39)",
                    "",
                    "FAILURE 2 compile error(s)");

    @Test
    @DisplayName("each asc error becomes one diagnostic with its own file, line and column")
    void shouldReadEveryErrorWithItsPlace() {
        var diagnostics = DiagnosticParser.parse(TWO_TYPE_ERRORS);

        assertThat(diagnostics)
                .containsExactly(
                        Diagnostic.at(
                                Severity.ERROR,
                                "TS2322",
                                "Type '~lib/string/String' is not assignable to type 'i32'.",
                                "assembly/index.ts",
                                16,
                                18),
                        Diagnostic.at(
                                Severity.ERROR,
                                "TS2322",
                                "Type 'i32' is not assignable to type '~lib/string/String'.",
                                "assembly/index.ts",
                                16,
                                39));
    }

    @Test
    void shouldFormatAsFileLineColumnCodeMessage() {
        var d = DiagnosticParser.parse(TWO_TYPE_ERRORS).get(0);

        assertThat(d.format())
                .isEqualTo(
                        "assembly/index.ts:16:18: TS2322 Type '~lib/string/String' is not"
                                + " assignable to type 'i32'.");
    }

    @Test
    void shouldKeepOnlyTheFirstPlaceOfADiagnosticWithRelatedRanges() {
        var d =
                DiagnosticParser.parse(
                        List.of(
                                "ERROR TS2300: Duplicate identifier 'root_context'.",
                                "   root_context : AddHeaderRoot;",
                                " in assembly/index.ts(20,3)",
                                "   root_context: RootContext;",
                                " in ~lib/@solo-io/proxy-runtime/runtime.ts(914,3)"));

        assertThat(d).hasSize(1);
        assertThat(d.get(0).location())
                .contains(new Diagnostic.Location("assembly/index.ts", 20, 3));
    }

    @Test
    void shouldReadAPlaceOnTheHeaderLine() {
        var d =
                DiagnosticParser.parse(
                        List.of(
                                "ERROR TS2305: Module '~lib/@solo-io/proxy-runtime' has no"
                                        + " exported member 'RootContextHelper'.   in"
                                        + " assembly/index.ts(2,32)"));

        assertThat(d.get(0).format())
                .isEqualTo(
                        "assembly/index.ts:2:32: TS2305 Module '~lib/@solo-io/proxy-runtime' has"
                                + " no exported member 'RootContextHelper'.");
    }

    @Test
    void shouldReadWarningsAndStripTerminalColours() {
        var d =
                DiagnosticParser.parse(
                        List.of(
                                "\u001B[33mWARNING\u001B[0m AS201: Conversion from type 'usize' to"
                                        + " 'u32' will require an explicit cast.",
                                " in ~lib/number.ts(221,21)"));

        assertThat(d)
                .containsExactly(
                        Diagnostic.at(
                                Severity.WARNING,
                                "AS201",
                                "Conversion from type 'usize' to 'u32' will require an explicit"
                                        + " cast.",
                                "~lib/number.ts",
                                221,
                                21));
    }

    @Test
    void shouldFindNothingInACompilerCrash() {
        var d =
                DiagnosticParser.parse(
                        List.of(
                                "Error [AssertionError]: assertion failed",
                                "    at i.assert"
                                    + " (node_modules/assemblyscript/dist/assemblyscript.js:7:701252)"));

        assertThat(d).isEmpty();
    }
}
