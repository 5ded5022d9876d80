// External authorization: asks an auth service (an Envoy cluster) about every request first.
// The plugin configuration names the cluster. 200: the request goes on with x-user from the
// answer; any other status: 403; no answer within 1 s, or the call failed: 503.
export * from "@solo-io/proxy-runtime/proxy";
import {
  RootContext, Context, registerRootContext, FilterHeadersStatusValues, stream_context,
  send_local_response, HeaderPair, Headers, GrpcStatusValues, continue_request, log, LogLevelValues,
} from "@solo-io/proxy-runtime";
import { pluginConfiguration, bytes, calloutStatus, calloutStatusCode } from "./safe";

class ExtAuthRoot extends RootContext {
  cluster: string = "";

  onConfigure(configuration_size: u32): bool {
    this.cluster = pluginConfiguration(configuration_size);
    return this.cluster.length > 0;
  }

  createContext(context_id: u32): Context {
    return new ExtAuth(context_id, this);
  }
}

// The callout's callback: a top-level function (AssemblyScript has no closures). The SDK makes
// the paused stream current again, so stream_context reaches its headers.
function onAuthAnswer(origin: Context, headers: u32, body_size: usize, trailers: u32): void {
  if (headers == 0) {
    // No answer: the call failed or timed out (the status says which).
    const message = calloutStatus();
    log(LogLevelValues.warn, "auth service unavailable: " + calloutStatusCode.toString() + " " + message);
    send_local_response(503, "auth_unavailable", bytes("auth service unavailable"), [], GrpcStatusValues.InvalidCode);
    return;
  }
  const status = stream_context.headers.http_callback.get(":status");
  if (status != "200") {
    send_local_response(403, "auth_denied", bytes("denied"), [], GrpcStatusValues.InvalidCode);
    return;
  }
  const user = stream_context.headers.http_callback.get("x-user");
  stream_context.headers.request.replace("x-user", user);
  continue_request();
}

class ExtAuth extends Context {
  constructor(context_id: u32, root_context: ExtAuthRoot) {
    super(context_id, root_context);
  }

  onRequestHeaders(count: u32, end_of_stream: bool): FilterHeadersStatusValues {
    const root = this.root_context as ExtAuthRoot;
    const request = stream_context.headers.request;
    const call: Headers = [];
    call.push(new HeaderPair(bytes(":method"), bytes("GET")));
    call.push(new HeaderPair(bytes(":path"), bytes("/check")));
    call.push(new HeaderPair(bytes(":authority"), bytes(root.cluster)));
    call.push(new HeaderPair(bytes("authorization"), bytes(request.get("authorization"))));
    // cluster, headers, body, trailers, timeout in ms, the stream, the callback
    const result = root.httpCall(root.cluster, call, new ArrayBuffer(0), [], 1000, this, onAuthAnswer);
    if (result != 0) {
      // Not sent at all (e.g. an unknown cluster: 2 = BAD_ARGUMENT); the callback never runs.
      send_local_response(500, "auth_call_failed", bytes("auth call failed"), [], GrpcStatusValues.InvalidCode);
      return FilterHeadersStatusValues.StopIteration;
    }
    // Pause the request until onAuthAnswer resumes it or replies.
    return FilterHeadersStatusValues.StopIteration;
  }
}

registerRootContext((context_id: u32) => {
  return new ExtAuthRoot(context_id);
}, "ext_auth");
