// Holds the response headers while it asks the "auth" cluster (GET /check with x-original-path:
// /held) and resumes the response when the answer comes: it adds `x-checked: <answer body>`
// to the response and continues (proxy_continue_stream). Tests that a held response, body
// included, reaches the client only after the filter continued.
export * from "@solo-io/proxy-runtime/proxy";
import {
  RootContext,
  Context,
  registerRootContext,
  FilterHeadersStatusValues,
  stream_context,
  HeaderPair,
  Headers,
  continue_response,
} from "@solo-io/proxy-runtime";
import { get_buffer_bytes, BufferTypeValues } from "@solo-io/proxy-runtime/runtime";

function bytes(s: string): ArrayBuffer {
  return String.UTF8.encode(s);
}

class HoldRoot extends RootContext {
  onConfigure(configuration_size: u32): bool {
    return true;
  }

  createContext(context_id: u32): Context {
    return new Hold(context_id, this);
  }
}

function onAnswer(origin: Context, headers: u32, body_size: usize, trailers: u32): void {
  const body = String.UTF8.decode(get_buffer_bytes(BufferTypeValues.HttpCallResponseBody, 0, body_size as u32));
  stream_context.headers.response.add("x-checked", body);
  continue_response();
}

class Hold extends Context {
  constructor(context_id: u32, root_context: HoldRoot) {
    super(context_id, root_context);
  }

  onResponseHeaders(a: u32, end_of_stream: bool): FilterHeadersStatusValues {
    const headers: Headers = [];
    headers.push(new HeaderPair(bytes(":method"), bytes("GET")));
    headers.push(new HeaderPair(bytes(":path"), bytes("/check")));
    headers.push(new HeaderPair(bytes(":authority"), bytes("auth")));
    headers.push(new HeaderPair(bytes("x-original-path"), bytes("/held")));
    this.root_context.httpCall("auth", headers, new ArrayBuffer(0), [], 1000, this, onAnswer);
    return FilterHeadersStatusValues.StopIteration;
  }
}

registerRootContext((context_id: u32) => {
  return new HoldRoot(context_id);
}, "hold_response");
