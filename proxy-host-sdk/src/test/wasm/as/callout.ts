// Test filter "callout": an external-authorization style filter. On request headers it calls the
// upstream named by the plugin configuration (default "auth") with
//   :method GET, :path /check, :authority auth, x-original-path <request :path>, body "check <path>"
// and a timeout of 5000 ms, then pauses the request. When the answer arrives
// (proxy_on_http_call_response; proxy-runtime sets the effective context to the stream):
//   :status 200  -> adds request header `x-auth: <response body>` and `x-auth-trailer: <trailer
//                   x-check>` and resumes the request (proxy_continue_stream);
//   other status -> local reply 403 with body "denied: <response body>";
//   no answer    -> (failure or timeout) local reply 503 with body
//                   "auth unavailable: status <proxy_get_status code> <message>".
// It counts calls in the counter `callout_responses` and logs "callout response: status=<code>".
export * from "@solo-io/proxy-runtime/proxy";
import {
  RootContext,
  Context,
  registerRootContext,
  FilterHeadersStatusValues,
  stream_context,
  send_local_response,
  HeaderPair,
  Headers,
  log,
  LogLevelValues,
  GrpcStatusValues,
  continue_request,
  Counter,
} from "@solo-io/proxy-runtime";
import { get_buffer_bytes, BufferTypeValues } from "@solo-io/proxy-runtime/runtime";
import { bytes, str, getStatus, statusCode } from "./_util";

class CalloutRoot extends RootContext {
  upstream: string = "auth";
  responses: Counter | null = null;

  onConfigure(configuration_size: u32): bool {
    if (configuration_size > 0) {
      this.upstream = str(get_buffer_bytes(BufferTypeValues.PluginConfiguration, 0, configuration_size));
    }
    this.responses = new Counter("callout_responses");
    return true;
  }

  createContext(context_id: u32): Context {
    return new CalloutFilter(context_id, this);
  }
}

function onAuthResponse(origin: Context, headers: u32, body_size: usize, trailers: u32): void {
  const root = origin.root_context as CalloutRoot;
  const counter = root.responses;
  if (counter !== null) {
    counter.increment(1);
  }
  const message = getStatus();
  log(LogLevelValues.info, "callout response: status=" + statusCode.toString() + " headers=" + headers.toString()
    + " body=" + body_size.toString() + " trailers=" + trailers.toString());
  if (headers == 0) {
    send_local_response(503, "auth_unavailable",
      bytes("auth unavailable: status " + statusCode.toString() + " " + message), [], GrpcStatusValues.InvalidCode);
    return;
  }
  const status = stream_context.headers.http_callback.get(":status");
  const body = str(get_buffer_bytes(BufferTypeValues.HttpCallResponseBody, 0, body_size as u32));
  if (status == "200") {
    stream_context.headers.request.add("x-auth", body);
    if (trailers > 0) {
      stream_context.headers.request.add("x-auth-trailer", stream_context.trailers.http_callback.get("x-check"));
    }
    const pairs = stream_context.headers.http_callback.get_headers();
    stream_context.headers.request.add("x-auth-header-count", pairs.length.toString());
    continue_request();
  } else {
    send_local_response(403, "auth_denied", bytes("denied: " + body), [], GrpcStatusValues.InvalidCode);
  }
}

class CalloutFilter extends Context {
  constructor(context_id: u32, root_context: CalloutRoot) {
    super(context_id, root_context);
  }

  onRequestHeaders(count: u32, end_of_stream: bool): FilterHeadersStatusValues {
    const root = this.root_context as CalloutRoot;
    const path = stream_context.headers.request.get(":path");
    const headers: Headers = [];
    headers.push(new HeaderPair(bytes(":method"), bytes("GET")));
    headers.push(new HeaderPair(bytes(":path"), bytes("/check")));
    headers.push(new HeaderPair(bytes(":authority"), bytes("auth")));
    headers.push(new HeaderPair(bytes("x-original-path"), bytes(path)));
    const result = root.httpCall(root.upstream, headers, bytes("check " + path), [], 5000, this, onAuthResponse);
    if (result != 0) {
      log(LogLevelValues.warn, "http_call failed with status " + result.toString());
      send_local_response(500, "callout_failed", bytes("http_call status " + result.toString()), [], GrpcStatusValues.InvalidCode);
    }
    return FilterHeadersStatusValues.StopIteration;
  }
}

registerRootContext((context_id: u32) => {
  return new CalloutRoot(context_id);
}, "callout");
