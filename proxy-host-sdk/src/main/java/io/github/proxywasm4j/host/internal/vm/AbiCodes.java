package io.github.proxywasm4j.host.internal.vm;

import io.github.proxywasm4j.host.FilterAction;
import io.github.proxywasm4j.host.LogLevel;
import io.github.proxywasm4j.host.abi.BufferType;
import io.github.proxywasm4j.host.abi.FilterDataStatus;
import io.github.proxywasm4j.host.abi.FilterHeadersStatus;
import io.github.proxywasm4j.host.abi.FilterStatus;
import io.github.proxywasm4j.host.abi.FilterTrailersStatus;
import io.github.proxywasm4j.host.abi.MapType;
import io.github.proxywasm4j.host.abi.MetricType;
import io.github.proxywasm4j.host.abi.StreamType;

/**
 * Wire codes the guest passes or returns, read into the ABI enums of {@code host.abi}: the one
 * mapping. Each reader answers null for a code the ABI does not define (the host function then
 * answers BAD_ARGUMENT) and never throws or allocates, so host calls can use it on every request.
 */
final class AbiCodes {
    private static final MapType[] MAP_TYPES = byCode(MapType.values(), MapType::code);
    private static final BufferType[] BUFFER_TYPES = byCode(BufferType.values(), BufferType::code);
    private static final StreamType[] STREAM_TYPES = byCode(StreamType.values(), StreamType::code);
    private static final LogLevel[] LOG_LEVELS = byCode(LogLevel.values(), LogLevel::code);
    private static final MetricType[] METRIC_TYPES = byCode(MetricType.values(), MetricType::code);

    private static final FilterAction[] HEADERS_ACTIONS = headersActions();
    private static final FilterAction[] DATA_ACTIONS = dataActions();

    private AbiCodes() {}

    static MapType mapType(long code) {
        return at(MAP_TYPES, code);
    }

    static BufferType bufferType(long code) {
        return at(BUFFER_TYPES, code);
    }

    static StreamType streamType(long code) {
        return at(STREAM_TYPES, code);
    }

    static LogLevel logLevel(long code) {
        return at(LOG_LEVELS, code);
    }

    static MetricType metricType(long code) {
        return at(METRIC_TYPES, code);
    }

    /**
     * The action for a headers callback's {@link FilterHeadersStatus}; a code past the enum is
     * taken as the last one, as Envoy's filter manager does.
     */
    static FilterAction headersAction(long code) {
        var a = at(HEADERS_ACTIONS, code);
        return a != null ? a : FilterAction.STOP_ALL_ITERATION_AND_WATERMARK;
    }

    /** The action for a body callback's {@link FilterDataStatus}; past the enum: no buffer. */
    static FilterAction dataAction(long code) {
        var a = at(DATA_ACTIONS, code);
        return a != null ? a : FilterAction.STOP_ITERATION_NO_BUFFER;
    }

    /** The action for a trailers callback's {@link FilterTrailersStatus}: anything else stops. */
    static FilterAction trailersAction(long code) {
        return code == FilterTrailersStatus.CONTINUE.code()
                ? FilterAction.CONTINUE
                : FilterAction.STOP_ITERATION;
    }

    /** The action for a network callback's {@link FilterStatus}: anything else stops. */
    static FilterAction networkAction(long code) {
        return code == FilterStatus.CONTINUE.code()
                ? FilterAction.CONTINUE
                : FilterAction.STOP_ITERATION;
    }

    static FilterAction action(FilterHeadersStatus status) {
        return switch (status) {
            case CONTINUE -> FilterAction.CONTINUE;
            case STOP_ITERATION -> FilterAction.STOP_ITERATION;
            case CONTINUE_AND_END_STREAM -> FilterAction.CONTINUE_AND_END_STREAM;
            case STOP_ALL_ITERATION_AND_BUFFER -> FilterAction.STOP_ALL_ITERATION_AND_BUFFER;
            case STOP_ALL_ITERATION_AND_WATERMARK -> FilterAction.STOP_ALL_ITERATION_AND_WATERMARK;
        };
    }

    static FilterAction action(FilterDataStatus status) {
        return switch (status) {
            case CONTINUE -> FilterAction.CONTINUE;
            case STOP_ITERATION_AND_BUFFER -> FilterAction.STOP_ITERATION_AND_BUFFER;
            case STOP_ITERATION_AND_WATERMARK -> FilterAction.STOP_ITERATION_AND_WATERMARK;
            case STOP_ITERATION_NO_BUFFER -> FilterAction.STOP_ITERATION_NO_BUFFER;
        };
    }

    private static FilterAction[] headersActions() {
        var values = FilterHeadersStatus.values();
        var actions = new FilterAction[values.length];
        for (var s : values) {
            actions[s.code()] = action(s);
        }
        return actions;
    }

    private static FilterAction[] dataActions() {
        var values = FilterDataStatus.values();
        var actions = new FilterAction[values.length];
        for (var s : values) {
            actions[s.code()] = action(s);
        }
        return actions;
    }

    private static <T> T at(T[] byCode, long code) {
        return code >= 0 && code < byCode.length ? byCode[(int) code] : null;
    }

    private static <E> E[] byCode(E[] values, java.util.function.ToIntFunction<E> code) {
        var byCode = values.clone();
        for (var v : values) {
            byCode[code.applyAsInt(v)] = v;
        }
        return byCode;
    }
}
