package io.github.proxywasm4j.host.internal.vm;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.proxywasm4j.host.Headers;
import org.junit.jupiter.api.Test;

class HeaderMapTest {
    @Test
    void namesAreLowercasedOnTheWayIn() {
        var map = HeaderMap.of(Headers.of("Content-Type", "text/plain"));
        map.add("X-Added", "Yes");

        assertThat(map.toHeaders())
                .isEqualTo(Headers.of("content-type", "text/plain", "x-added", "Yes"));
        assertThat(map.get("CONTENT-TYPE")).isEqualTo("text/plain");
    }

    @Test
    void replaceSetsTheFirstEntryAndDropsLaterOnesLikeEnvoySetCopy() {
        var map = HeaderMap.of(Headers.of("a", "1", "b", "x", "a", "2", "c", "y", "a", "3"));

        map.replace("a", "new");

        assertThat(map.toHeaders()).isEqualTo(Headers.of("a", "new", "b", "x", "c", "y"));
    }

    @Test
    void replaceOfAnAbsentNameAppends() {
        var map = HeaderMap.of(Headers.of("a", "1"));

        map.replace("b", "2");

        assertThat(map.toHeaders()).isEqualTo(Headers.of("a", "1", "b", "2"));
    }

    @Test
    void removeDropsEveryEntryOfTheName() {
        var map = HeaderMap.of(Headers.of("a", "1", "b", "2", "a", "3"));

        map.remove("A");

        assertThat(map.toHeaders()).isEqualTo(Headers.of("b", "2"));
    }

    @Test
    void byteSizeIsTheSumOfNameAndValueBytesAsEnvoyReportsIt() {
        var map = HeaderMap.of(Headers.of(":path", "/abc", "k", "é"));

        // 5 + 4 + 1 + 2 (é is two UTF-8 bytes)
        assertThat(map.byteSize()).isEqualTo(12);
    }
}
