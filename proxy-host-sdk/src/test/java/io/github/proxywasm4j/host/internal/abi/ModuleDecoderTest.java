package io.github.proxywasm4j.host.internal.abi;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.dylibso.chicory.wasm.MalformedException;
import com.dylibso.chicory.wasm.Parser;
import io.github.proxywasm4j.host.it.TestModules;
import java.nio.file.Files;
import java.util.Arrays;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class ModuleDecoderTest {

    @ParameterizedTest
    @ValueSource(strings = {TestModules.ADD_HEADER, TestModules.RUST_SDK_LIKE})
    void decodesTheSameModuleAsChicorysParser(String name) throws Exception {
        var bytes = Files.readAllBytes(TestModules.path(name));
        var expected = Parser.parse(bytes);

        var plain = ModuleDecoder.decode(bytes, false);
        var digested = ModuleDecoder.decode(bytes, true);

        assertThat(plain).isEqualTo(expected);
        assertThat(plain.customSections()).hasSameSizeAs(expected.customSections());
        assertThat(plain.digest()).isNull();
        assertThat(digested.digest()).isEqualTo(expected.digest()).startsWith("sha-256:");
    }

    @ParameterizedTest
    @ValueSource(ints = {9, 100, 1000})
    void aTruncatedModuleIsMalformed(int length) throws Exception {
        var bytes = Files.readAllBytes(TestModules.path(TestModules.ADD_HEADER));
        var cut = Arrays.copyOf(bytes, length);

        assertThatThrownBy(() -> ModuleDecoder.decode(cut, false))
                .isInstanceOf(MalformedException.class);
    }
}
