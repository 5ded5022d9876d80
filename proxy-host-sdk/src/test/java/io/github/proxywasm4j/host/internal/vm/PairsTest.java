package io.github.proxywasm4j.host.internal.vm;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.proxywasm4j.host.Headers;
import java.util.HexFormat;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("serialized header maps (ABI reference §3.1)")
class PairsTest {
    private static final HexFormat HEX = HexFormat.of();

    @Test
    void serializesTheReferenceExampleByteForByte() {
        var map = HeaderMap.of(Headers.of("a", "1", "b", "22"));

        var bytes = Pairs.serialize(map);

        assertThat(HEX.formatHex(bytes))
                .isEqualTo(
                        "02000000"
                                + "01000000"
                                + "01000000"
                                + "01000000"
                                + "02000000"
                                + "6100"
                                + "3100"
                                + "6200"
                                + "323200");
        assertThat(bytes).hasSize(29);
        assertThat(Pairs.serializedSize(map)).isEqualTo(29);
    }

    @Test
    void emptyMapIsFourZeroBytes() {
        assertThat(HEX.formatHex(Pairs.serialize(new HeaderMap()))).isEqualTo("00000000");
    }

    @Test
    void parsesWhatItSerializesKeepingOrderAndDuplicates() {
        var map = HeaderMap.of(Headers.of(":path", "/", "x-a", "1", "x-a", "2", "empty", ""));

        var parsed = Pairs.parse(Pairs.serialize(map));

        assertThat(parsed.toHeaders()).isEqualTo(map.toHeaders());
    }

    @Test
    void countsLengthsInUtf8Bytes() {
        var bytes = Pairs.serialize(HeaderMap.of(Headers.of("k", "é")));

        assertThat(HEX.formatHex(bytes))
                .isEqualTo("01000000" + "01000000" + "02000000" + "6b00" + "c3a900");
    }

    @Test
    void malformedInputGivesAnEmptyMapAsCppHostDoes() {
        var good = Pairs.serialize(HeaderMap.of(Headers.of("a", "1")));
        var missingNul = good.clone();
        missingNul[missingNul.length - 1] = 'x';
        var trailingByte = java.util.Arrays.copyOf(good, good.length + 1);
        var truncated = java.util.Arrays.copyOf(good, good.length - 1);

        assertThat(Pairs.parse(missingNul).size()).isZero();
        assertThat(Pairs.parse(trailingByte).size()).isZero();
        assertThat(Pairs.parse(truncated).size()).isZero();
        assertThat(Pairs.parse(new byte[] {1}).size()).isZero();
        assertThat(Pairs.parse(HEX.parseHex("ffffffff")).size()).isZero();
    }

    @Test
    void moreThan1024PairsAreRejected() {
        var names = new String[1025 * 2];
        for (int i = 0; i < 1025; i++) {
            names[2 * i] = "h" + i;
            names[2 * i + 1] = "v";
        }
        var bytes = Pairs.serialize(HeaderMap.of(Headers.of(names)));

        assertThat(Pairs.parse(bytes).size()).isZero();
    }

    @Test
    void parsedNamesAreLowercased() {
        var raw = HEX.parseHex("01000000" + "01000000" + "01000000" + "4100" + "3100");

        assertThat(Pairs.parse(raw).toHeaders()).isEqualTo(Headers.of("a", "1"));
    }
}
