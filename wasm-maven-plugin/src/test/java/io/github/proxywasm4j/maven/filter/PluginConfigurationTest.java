package io.github.proxywasm4j.maven.filter;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class PluginConfigurationTest {

    @ParameterizedTest
    @ValueSource(
            strings = {
                "what ever you want",
                "[1, 2]",
                "\"text\"",
                "{\"a\": }",
                "{\"a\": 1,}",
                "{'a': 1}",
                "{\"a\": 01}",
                "{\"a\": 1} trailing",
                "{\"a\": NaN}",
                "{\"a\": 1e999}",
            })
    void textThatIsNotAStrictJsonObjectShouldPassUnchangedAndNotToIstio(String text) {
        var c = PluginConfiguration.of(text);

        assertThat(c.jsonObject()).isEmpty();
        assertThat(c.istioCanPass()).isFalse();
        assertThat(c.filterBytes()).isEqualTo(text);
    }

    /** Go's encoding/json float64 text: 'f' between 1e-6 and 1e21, else shortest 'e'. */
    @ParameterizedTest
    @CsvSource({
        "1, 1",
        "-2.5, -2.5",
        "0.000001, 0.000001",
        "0.0000001, 1e-7",
        "1.5e-10, 1.5e-10",
        "123456789012345678901, 123456789012345680000",
        "1e21, 1e+21",
        "-1.25e22, -1.25e+22",
        "-0.0, -0",
        "0, 0",
    })
    void numbersShouldBeWrittenAsGoWritesAFloat64(double value, String go) {
        assertThat(PluginConfiguration.goNumber(value)).isEqualTo(go);
    }

    @ParameterizedTest
    @CsvSource(
            delimiter = '|',
            value = {
                "{\"a\": 1, \"a\": 2}|{\"a\":2}",
                "{\"u\": \"\\u00e9\\u2028\"}|{\"u\":\"é\\u2028\"}",
                "{\"ctl\": \"\\u0001\"}|{\"ctl\":\"\\u0001\"}",
                "{\"slash\": \"a\\/b\"}|{\"slash\":\"a/b\"}",
                "{}|",
            })
    void jsonObjectsShouldBeWrittenAsIstiodHandsThemToTheFilter(String text, String bytes) {
        assertThat(PluginConfiguration.of(text).filterBytes())
                .isEqualTo(bytes == null ? "" : bytes);
    }
}
