// Test filter "fidelity": local replies and filter statuses as Envoy treats them. Every response
// (the filter's own local replies included) gets `x-filter: as`; the response body is logged at
// INFO as "response body: <text> eos=<bool>". What else it does is selected by request header
// `x-mode` (the WAT filters of the same tests read its first letter only):
//   reply            replies 401 "denied" with details "access denied" and header `x-reason: auth`;
//   grpc             replies 403 "not allowed" with gRPC status 5 (NOT_FOUND) given;
//   status           replies with the status in request header `x-status`;
//   twice            replies 401, then a second time (500 "second") from its own response headers;
//   upstream-reply   on a 200 from upstream, replies 502 "bad upstream" from the response headers;
//   late-reply       continues the response headers, then replies 500 from the response body;
//   hold             replies 401 and stops its own reply's response headers, which stay held;
//   continue-end     request headers return ContinueAndEndStream;
//   buffer-all       request headers return StopAllIterationAndBuffer (never continues);
//   mark-all         request headers return StopAllIterationAndWatermark (never continues);
//   body-buffer      request body returns StopIterationAndBuffer until end of stream;
//   body-mark        request body returns StopIterationAndWatermark until end of stream;
//   response-buffer  response body returns StopIterationAndBuffer until end of stream;
//   properties       copies properties into request headers (value, or "status N" when missing):
//                    `x-lua` metadata\0filter_metadata\0envoy.filters.http.lua\0key, `x-path`
//                    request\0path, `x-dotted` request.path (one segment), `x-unknown` no\0such.
export * from "@solo-io/proxy-runtime/proxy";
import {
  RootContext,
  Context,
  registerRootContext,
  FilterHeadersStatusValues,
  FilterDataStatusValues,
  stream_context,
  send_local_response,
  HeaderPair,
  Headers,
  log,
  LogLevelValues,
  GrpcStatusValues,
} from "@solo-io/proxy-runtime";
import { get_buffer_bytes, BufferTypeValues } from "@solo-io/proxy-runtime/runtime";
import { bytes, str, getProperty, lastStatus } from "./_util";

function copyProperty(path: string, header: string): void {
  const value = getProperty(path);
  stream_context.headers.request.add(header, value === null ? "status " + lastStatus.toString() : value);
}

class FidelityRoot extends RootContext {
  // The stock 0.1.8 onConfigure traps on an empty configuration (pitfall P2).
  onConfigure(configuration_size: u32): bool {
    return true;
  }

  createContext(context_id: u32): Context {
    return new FidelityFilter(context_id, this);
  }
}

class FidelityFilter extends Context {
  mode: string = "";
  replies: i32 = 0;

  constructor(context_id: u32, root_context: FidelityRoot) {
    super(context_id, root_context);
  }

  onRequestHeaders(count: u32, end_of_stream: bool): FilterHeadersStatusValues {
    const headers = stream_context.headers.request;
    this.mode = headers.get("x-mode");
    if (this.mode == "reply" || this.mode == "twice" || this.mode == "hold") {
      const extra: Headers = [];
      extra.push(new HeaderPair(bytes("x-reason"), bytes("auth")));
      send_local_response(401, "access denied", bytes("denied"), extra, GrpcStatusValues.InvalidCode);
      return FilterHeadersStatusValues.Continue;
    }
    if (this.mode == "grpc") {
      send_local_response(403, "not allowed", bytes("not allowed"), [], GrpcStatusValues.NotFound);
      return FilterHeadersStatusValues.StopIteration;
    }
    if (this.mode == "status") {
      const status = U32.parseInt(headers.get("x-status"));
      send_local_response(status, "odd status", bytes("odd"), [], GrpcStatusValues.InvalidCode);
      return FilterHeadersStatusValues.StopIteration;
    }
    if (this.mode == "properties") {
      copyProperty("metadata\0filter_metadata\0envoy.filters.http.lua\0key", "x-lua");
      copyProperty("request\0path", "x-path");
      copyProperty("request.path", "x-dotted");
      copyProperty("no\0such", "x-unknown");
    }
    if (this.mode == "continue-end") {
      return FilterHeadersStatusValues.ContinueAndEndStream;
    }
    if (this.mode == "buffer-all") {
      return FilterHeadersStatusValues.StopAllIterationAndBuffer;
    }
    if (this.mode == "mark-all") {
      return FilterHeadersStatusValues.StopAllIterationAndWatermark;
    }
    return FilterHeadersStatusValues.Continue;
  }

  onRequestBody(body_buffer_length: usize, end_of_stream: bool): FilterDataStatusValues {
    log(LogLevelValues.info, "request body " + body_buffer_length.toString() + " bytes eos=" + end_of_stream.toString());
    if (end_of_stream) {
      return FilterDataStatusValues.Continue;
    }
    if (this.mode == "body-buffer") {
      return FilterDataStatusValues.StopIterationAndBuffer;
    }
    if (this.mode == "body-mark") {
      return FilterDataStatusValues.StopIterationAndWatermark;
    }
    return FilterDataStatusValues.Continue;
  }

  onResponseHeaders(count: u32, end_of_stream: bool): FilterHeadersStatusValues {
    const headers = stream_context.headers.response;
    headers.add("x-filter", "as");
    const status = headers.get(":status");
    log(LogLevelValues.info, "response headers " + status + " eos=" + end_of_stream.toString());
    if (this.mode == "twice" && status == "401") {
      send_local_response(500, "second reply", bytes("second"), [], GrpcStatusValues.InvalidCode);
      return FilterHeadersStatusValues.Continue;
    }
    if (this.mode == "upstream-reply" && status == "200") {
      send_local_response(502, "bad upstream", bytes("bad upstream"), [], GrpcStatusValues.InvalidCode);
      return FilterHeadersStatusValues.StopIteration;
    }
    if (this.mode == "hold") {
      return FilterHeadersStatusValues.StopIteration;
    }
    return FilterHeadersStatusValues.Continue;
  }

  onResponseBody(body_buffer_length: usize, end_of_stream: bool): FilterDataStatusValues {
    const body = str(get_buffer_bytes(BufferTypeValues.HttpResponseBody, 0, body_buffer_length as u32));
    log(LogLevelValues.info, "response body: " + body + " eos=" + end_of_stream.toString());
    if (this.mode == "late-reply") {
      send_local_response(500, "late", bytes("late"), [], GrpcStatusValues.InvalidCode);
      return FilterDataStatusValues.StopIterationNoBuffer;
    }
    if (this.mode == "response-buffer" && !end_of_stream) {
      return FilterDataStatusValues.StopIterationAndBuffer;
    }
    return FilterDataStatusValues.Continue;
  }
}

registerRootContext((context_id: u32) => {
  return new FidelityRoot(context_id);
}, "fidelity");
