package io.github.proxywasm4j.host.internal.sourcemap;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class SourceLocatorTest {

    @Test
    void readsTheCompiledWasmFunctionsOfAFailureInnermostFirst() {
        var failure = new RuntimeException("proc_exit(255)");
        failure.setStackTrace(
                new StackTraceElement[] {
                    new StackTraceElement(
                            "io.github.proxywasm4j.host.internal.vm.WasiHost",
                            "procExit",
                            null,
                            324),
                    new StackTraceElement(
                            "com.dylibso.chicory.$gen.CompiledMachineFuncGroup_0",
                            "func_1",
                            null,
                            -1),
                    new StackTraceElement(
                            "com.dylibso.chicory.$gen.CompiledMachineFuncGroup_0",
                            "func_22",
                            null,
                            -1),
                    new StackTraceElement(
                            "com.dylibso.chicory.$gen.CompiledMachineFuncGroup_0",
                            "call_74",
                            null,
                            -1),
                    new StackTraceElement(
                            "com.dylibso.chicory.$gen.CompiledMachineFuncGroup_0",
                            "func_74",
                            null,
                            -1)
                });

        assertThat(SourceLocator.wasmFrames(failure)).containsExactly(1, 22, 74);
    }

    @Test
    void addsNothingForAModuleItDoesNotKnow() {
        assertThat(SourceLocator.describe(null, new RuntimeException("trap"), null)).isEmpty();
    }
}
