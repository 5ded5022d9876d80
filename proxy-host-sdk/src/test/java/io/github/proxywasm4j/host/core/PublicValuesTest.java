package io.github.proxywasm4j.host.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.proxywasm4j.host.FilterAction;
import io.github.proxywasm4j.host.Headers;
import io.github.proxywasm4j.host.upstream.HttpCallResponse;
import io.github.proxywasm4j.host.upstream.StubHttpUpstream;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

class PublicValuesTest {
    @Nested
    class HeadersValue {
        @Test
        void keepsOrderAndDuplicatesWithLowercasedNames() {
            var headers = Headers.of("A", "1", "b", "2", "a", "3");

            assertThat(headers.get("a")).hasValue("1");
            assertThat(headers.getAll("A")).containsExactly("1", "3");
            assertThat(headers.toList())
                    .containsExactly(Map.entry("a", "1"), Map.entry("b", "2"), Map.entry("a", "3"));
            assertThat(headers.size()).isEqualTo(3);
        }

        @Test
        void withAndWithoutReturnCopies() {
            var original = Headers.of("a", "1");

            var added = original.with("B", "2");
            var removed = added.without("a");

            assertThat(original).isEqualTo(Headers.of("a", "1"));
            assertThat(added).isEqualTo(Headers.of("a", "1", "b", "2"));
            assertThat(removed).isEqualTo(Headers.of("b", "2"));
            assertThat(Headers.copyOf(List.of(Map.entry("X", "y"))))
                    .isEqualTo(Headers.of("x", "y"));
        }

        @Test
        void anOddNumberOfArgumentsIsRefusedWithAFix() {
            assertThatThrownBy(() -> Headers.of(":status"))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessage(
                            "Headers.of needs name/value pairs, got 1 arguments; fix: pass an even"
                                    + " number of strings, e.g. Headers.of(\":status\", \"200\")");
        }
    }

    @Nested
    class Actions {
        @Test
        void stopsAreTheActionsThatHoldTheStream() {
            assertThat(FilterAction.CONTINUE_AND_END_STREAM.isStop()).isFalse();
            assertThat(FilterAction.LOCAL_RESPONSE.isStop()).isTrue();
        }
    }

    @Nested
    class Callouts {
        @Test
        void aReplyPutsStatusFirst() {
            var response =
                    HttpCallResponse.of(404, Headers.of("x-a", "b", ":status", "200"), new byte[0]);

            assertThat(response.headers()).isEqualTo(Headers.of(":status", "404", "x-a", "b"));
            assertThat(response.status()).isEqualTo(404);
        }

        @Test
        void askingForTheLastRequestWhenThereIsNoneExplainsWhy() {
            assertThatThrownBy(() -> StubHttpUpstream.failing().lastRequest())
                    .isInstanceOf(IllegalStateException.class)
                    .hasMessage(
                            "the filter dispatched no HTTP call; fix: check that the filter reached"
                                    + " proxy_http_call (see plugin.logs())");
        }

        @Test
        void aRestrictedStubKnowsOnlyItsUpstreams() {
            var stub = StubHttpUpstream.holding().withUpstreams("auth");

            assertThat(stub.hasUpstream("auth")).isTrue();
            assertThat(stub.hasUpstream("other")).isFalse();
        }
    }
}
