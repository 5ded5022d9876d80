package io.github.proxywasm4j.host;

/**
 * What a filter callback decided: the header, body, trailer or network status it returned, or
 * {@link #LOCAL_RESPONSE} when it answered the request itself.
 */
public enum FilterAction {
    /** Continue (every callback kind, value 0). */
    CONTINUE,
    /** Headers/trailers StopIteration, network StopIteration (value 1). */
    STOP_ITERATION,
    /** Headers ContinueAndEndStream (value 2). */
    CONTINUE_AND_END_STREAM,
    /** Headers StopAllIterationAndBuffer (value 3). */
    STOP_ALL_ITERATION_AND_BUFFER,
    /** Headers StopAllIterationAndWatermark (value 4 or more). */
    STOP_ALL_ITERATION_AND_WATERMARK,
    /** Body StopIterationAndBuffer (value 1): the host buffers and calls again with more. */
    STOP_ITERATION_AND_BUFFER,
    /** Body StopIterationAndWatermark (value 2). */
    STOP_ITERATION_AND_WATERMARK,
    /** Body StopIterationNoBuffer (value 3 or more). */
    STOP_ITERATION_NO_BUFFER,
    /** The filter sent a local response ({@code proxy_send_local_response}); the stream stopped. */
    LOCAL_RESPONSE,
    /** The filter closed the stream ({@code proxy_close_stream}). */
    CLOSED;

    /** Whether the stream does not continue past this filter now. */
    public boolean isStop() {
        return this != CONTINUE && this != CONTINUE_AND_END_STREAM;
    }
}
