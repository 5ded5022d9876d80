package io.github.proxywasm4j.host.abi;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.proxywasm4j.host.LogLevel;
import org.junit.jupiter.api.Test;

class AbiEnumsTest {

    @Test
    void codesAreTheWireValuesOfTheSpec() {
        assertThat(ProxyStatus.UNIMPLEMENTED.code()).isEqualTo(12);
        assertThat(ProxyStatus.BROKEN_CONNECTION.code()).isEqualTo(11);
        assertThat(MapType.HTTP_CALL_RESPONSE_TRAILERS.code()).isEqualTo(7);
        assertThat(BufferType.FOREIGN_FUNCTION_ARGUMENTS.code()).isEqualTo(8);
        assertThat(StreamType.UPSTREAM.code()).isEqualTo(3);
        assertThat(LogLevel.CRITICAL.code()).isEqualTo(5);
        assertThat(MetricType.HISTOGRAM.code()).isEqualTo(2);
        assertThat(PeerType.REMOTE.code()).isEqualTo(2);
        assertThat(FilterHeadersStatus.STOP_ALL_ITERATION_AND_WATERMARK.code()).isEqualTo(4);
        assertThat(FilterDataStatus.STOP_ITERATION_NO_BUFFER.code()).isEqualTo(3);
        assertThat(FilterTrailersStatus.STOP_ITERATION.code()).isEqualTo(1);
        assertThat(FilterMetadataStatus.CONTINUE.code()).isZero();
        assertThat(FilterStatus.STOP_ITERATION.code()).isEqualTo(1);
        assertThat(GrpcStatus.UNAUTHENTICATED.code()).isEqualTo(16);
    }

    @Test
    void fromCodeRoundTripsEveryConstant() {
        for (var status : ProxyStatus.values()) {
            assertThat(ProxyStatus.fromCode(status.code())).isSameAs(status);
        }
        for (var type : BufferType.values()) {
            assertThat(BufferType.fromCode(type.code())).isSameAs(type);
        }
        assertThat(LogLevel.fromCode(3)).isEqualTo(LogLevel.WARN);
    }

    @Test
    void fromCodeRejectsUnknownCodesWithTheValidRange() {
        assertThatThrownBy(() -> LogLevel.fromCode(6))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("unknown LogLevel code 6, expected 0..5");
        assertThatThrownBy(() -> MapType.fromCode(-1))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("unknown MapType code -1, expected 0..7");
    }
}
