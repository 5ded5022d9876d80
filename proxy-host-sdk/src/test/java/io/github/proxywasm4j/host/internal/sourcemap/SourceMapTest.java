package io.github.proxywasm4j.host.internal.sourcemap;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

class SourceMapTest {

    @Test
    void decodesRelativeVlqSegments() {
        // Offsets 10, 12, 7000; sources 0, 1, 1; lines 0, 5, 3; columns 4, 4, 20 (all relative).
        // "UAAI" = 10,0,0,4  "ECKA" = 2,1,5,0  "40NAFgB" = 6988,0,-2,16
        var map =
                SourceMap.decode(
                        List.of("~lib/array.ts", "assembly/index.ts"), "UAAI,ECKA,40NAFgB");

        assertThat(map.size()).isEqualTo(3);
        assertThat(map.at(0).toString()).isEqualTo("~lib/array.ts:1:5");
        assertThat(map.at(1).toString()).isEqualTo("assembly/index.ts:6:5");
        assertThat(map.at(2).offset()).isEqualTo(7000);
        assertThat(map.at(2).toString()).isEqualTo("assembly/index.ts:4:21");
        assertThat(map.isAuthorSource(0)).isFalse();
        assertThat(map.isAuthorSource(1)).isTrue();
    }

    @Test
    void findsTheFirstSegmentAtOrAfterAnOffset() {
        var map = SourceMap.decode(List.of("a.ts"), "UAAA,EAAC,40NAAC");

        assertThat(map.firstAtOrAfter(0)).isZero();
        assertThat(map.firstAtOrAfter(11)).isEqualTo(1);
        assertThat(map.firstAtOrAfter(12)).isEqualTo(1);
        assertThat(map.firstAtOrAfter(13)).isEqualTo(2);
        assertThat(map.firstAtOrAfter(7001)).isEqualTo(3);
    }

    @Test
    void parsesTheJsonAscWritesAndIgnoresItsSourceRoot() {
        var json =
                "{\"version\":3,\"sources\":[\"~lib/rt/tlsf.ts\",\"assembly/index.ts\"],\"names\":[],"
                    + "\"mappings\":\"UAAI,ECKA\",\"sourceRoot\":\"./optimized.wasm\",\"sourcesContent\":[null,\"let"
                    + " a = \\\"x\\\\n"
                    + "\\\";\"]}";

        var map = SourceMap.parse(json);

        assertThat(map.at(1).toString()).isEqualTo("assembly/index.ts:6:5");
    }

    @Test
    void rejectsCharactersOutsideTheBase64Alphabet() {
        assertThatThrownBy(() -> SourceMap.decode(List.of("a.ts"), "AA!A"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("'!'");
    }

    @Test
    void librarySourcesAreNotTheAuthors() {
        assertThat(SourceMap.isAuthorSource("assembly/index.ts")).isTrue();
        assertThat(SourceMap.isAuthorSource("~lib/@solo-io/proxy-runtime/runtime.ts")).isFalse();
        assertThat(SourceMap.isAuthorSource("node_modules/x/assembly/y.ts")).isFalse();
    }
}
