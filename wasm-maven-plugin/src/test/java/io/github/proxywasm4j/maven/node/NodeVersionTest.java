package io.github.proxywasm4j.maven.node;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class NodeVersionTest {
    @Test
    void shouldParseWhatNodeVersionPrints() {
        assertThat(NodeVersion.parse("v20.20.2\n")).contains(NodeVersion.of(20, 20, 2));
    }

    @Test
    void shouldParseWithoutLeadingVAndWithMissingParts() {
        assertThat(NodeVersion.parse("18")).contains(NodeVersion.of(18, 0, 0));
        assertThat(NodeVersion.parse("18.3")).contains(NodeVersion.of(18, 3, 0));
    }

    @Test
    void shouldRejectWhatIsNotAVersion() {
        assertThat(NodeVersion.parse("node: command not found")).isEmpty();
        assertThat(NodeVersion.parse("")).isEmpty();
        assertThat(NodeVersion.parse(null)).isEmpty();
    }

    @Test
    void shouldCompareNumericallyNotAsText() {
        assertThat(NodeVersion.of(20, 10, 0).isAtLeast(NodeVersion.of(20, 9, 9))).isTrue();
        assertThat(NodeVersion.of(9, 0, 0).isAtLeast(NodeVersion.of(18, 0, 0))).isFalse();
        assertThat(NodeVersion.of(18, 0, 0).isAtLeast(NodeVersion.of(18, 0, 0))).isTrue();
    }

    @Test
    void shouldPrintTheNodejsOrgSpelling() {
        assertThat(NodeVersion.of(20, 20, 2)).hasToString("v20.20.2");
    }

    @Test
    void shouldNameTheParameterWhenRequiredVersionIsBad() {
        assertThatThrownBy(() -> NodeVersion.require("latest", "wasm.nodeVersion"))
                .hasMessage(
                        "wasm.nodeVersion 'latest' is not a Node version; expected a form like"
                                + " v20.20.2");
    }
}
