package io.github.proxywasm4j.host.internal.vm;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.proxywasm4j.host.FilterAction;
import io.github.proxywasm4j.host.abi.BufferType;
import io.github.proxywasm4j.host.abi.FilterDataStatus;
import io.github.proxywasm4j.host.abi.FilterHeadersStatus;
import io.github.proxywasm4j.host.abi.MapType;
import org.junit.jupiter.api.Test;

/** Wire codes read into the ABI enums, and callback results into actions, as cpp-host does. */
class AbiCodesTest {
    @Test
    void callbackResultsMapLikeCppHost() {
        assertThat(AbiCodes.headersAction(1)).isEqualTo(FilterAction.STOP_ITERATION);
        assertThat(AbiCodes.headersAction(9))
                .isEqualTo(FilterAction.STOP_ALL_ITERATION_AND_WATERMARK);
        assertThat(AbiCodes.dataAction(1)).isEqualTo(FilterAction.STOP_ITERATION_AND_BUFFER);
        assertThat(AbiCodes.dataAction(7)).isEqualTo(FilterAction.STOP_ITERATION_NO_BUFFER);
        assertThat(AbiCodes.trailersAction(5)).isEqualTo(FilterAction.STOP_ITERATION);
        assertThat(AbiCodes.networkAction(0)).isEqualTo(FilterAction.CONTINUE);
    }

    @Test
    void everyStatusHasItsAction() {
        for (var s : FilterHeadersStatus.values()) {
            assertThat(AbiCodes.headersAction(s.code()).name()).isEqualTo(s.name());
        }
        for (var s : FilterDataStatus.values()) {
            assertThat(AbiCodes.dataAction(s.code()).name()).isEqualTo(s.name());
        }
    }

    @Test
    void unknownCodesReadAsNull() {
        assertThat(AbiCodes.mapType(MapType.HTTP_CALL_RESPONSE_TRAILERS.code()))
                .isEqualTo(MapType.HTTP_CALL_RESPONSE_TRAILERS);
        assertThat(AbiCodes.mapType(8)).isNull();
        assertThat(AbiCodes.mapType(-1)).isNull();
        assertThat(AbiCodes.bufferType(BufferType.FOREIGN_FUNCTION_ARGUMENTS.code()))
                .isEqualTo(BufferType.FOREIGN_FUNCTION_ARGUMENTS);
        assertThat(AbiCodes.bufferType(9)).isNull();
        assertThat(AbiCodes.streamType(4)).isNull();
        assertThat(AbiCodes.logLevel(6)).isNull();
        assertThat(AbiCodes.metricType(3)).isNull();
    }
}
