// Test filter "http": exercises the header-map, buffer, property, local-response and stream
// functions proxy-runtime 0.1.8 can reach. What it does is selected by the request header `x-test`:
//   (always)          adds `x-wasm-seen: yes`, replaces `user-agent` with `proxywasm4j`, removes
//                     `x-remove-me`, reports the header count/size as `x-request-header-count`
//                     and `x-request-header-bytes`, and adds `x-response-seen: yes` to the response;
//   local-response    replies 403 "forbidden by wasm" with header `x-reason: test`;
//   set-pairs         replaces all request headers: drops `x-drop*` headers and appends `x-pairs-set: 1`;
//   properties        copies properties into request headers `x-prop-*`, and round-trips one it sets;
//   close             closes the request stream (proxy_close_stream);
//   buffer            buffers request and response bodies until end_of_stream and logs them at INFO:
//                     "request body: <text> (<n> bytes)"; a request body containing "forbidden" is
//                     answered with a local 400 instead;
//   pause             stops on request headers; the request body at end_of_stream resumes it
//                     (proxy_continue_stream).
// Trailers: request trailers get `x-trailer-seen: <value of x-trailer>`, response trailers get
// `x-response-trailer: yes`.
export * from "@solo-io/proxy-runtime/proxy";
import {
  RootContext,
  Context,
  registerRootContext,
  FilterHeadersStatusValues,
  FilterDataStatusValues,
  FilterTrailersStatusValues,
  stream_context,
  send_local_response,
  HeaderPair,
  Headers,
  log,
  LogLevelValues,
  GrpcStatusValues,
  continue_request,
} from "@solo-io/proxy-runtime";
import {
  get_buffer_bytes,
  get_buffer_status,
  get_header_map_size,
  BufferTypeValues,
  HeaderMapTypeValues,
} from "@solo-io/proxy-runtime/runtime";
import * as imports from "@solo-io/proxy-runtime/imports";
import { bytes, str, getProperty, setProperty, setHeaderPairs, lastStatus } from "./_util";

class HttpRoot extends RootContext {
  // The stock 0.1.8 onConfigure traps on an empty configuration (pitfall P2); this filter has none.
  onConfigure(configuration_size: u32): bool {
    return true;
  }

  createContext(context_id: u32): Context {
    return new HttpFilter(context_id, this);
  }
}

function copyProperty(path: string, header: string): void {
  const value = getProperty(path);
  if (value === null) {
    stream_context.headers.request.add(header, "status " + lastStatus.toString());
  } else {
    stream_context.headers.request.add(header, value);
  }
}

class HttpFilter extends Context {
  mode: string = "";

  constructor(context_id: u32, root_context: HttpRoot) {
    super(context_id, root_context);
  }

  onRequestHeaders(count: u32, end_of_stream: bool): FilterHeadersStatusValues {
    const headers = stream_context.headers.request;
    this.mode = headers.get("x-test");
    headers.add("x-wasm-seen", "yes");
    headers.replace("user-agent", "proxywasm4j");
    headers.remove("x-remove-me");
    const pairs = headers.get_headers();
    headers.add("x-request-header-count", pairs.length.toString());
    const size = get_header_map_size(HeaderMapTypeValues.RequestHeaders);
    headers.add("x-request-header-bytes", size.toString());
    headers.add("x-callback-count", count.toString());

    if (this.mode == "local-response") {
      const extra: Headers = [];
      extra.push(new HeaderPair(bytes("x-reason"), bytes("test")));
      send_local_response(403, "denied_by_wasm", bytes("forbidden by wasm"), extra, GrpcStatusValues.InvalidCode);
      return FilterHeadersStatusValues.StopIteration;
    }
    if (this.mode == "set-pairs") {
      const keys = new Array<ArrayBuffer>();
      const values = new Array<ArrayBuffer>();
      const all = headers.get_headers();
      for (let i = 0; i < all.length; i++) {
        if (!str(all[i].key).startsWith("x-drop")) {
          keys.push(all[i].key);
          values.push(all[i].value);
        }
      }
      keys.push(bytes("x-pairs-set"));
      values.push(bytes("1"));
      headers.add("x-set-pairs-status", setHeaderPairs(HeaderMapTypeValues.RequestHeaders, keys, values).toString());
    }
    if (this.mode == "properties") {
      copyProperty("plugin_root_id", "x-prop-root-id");
      copyProperty("plugin_name", "x-prop-plugin-name");
      copyProperty("request\0path", "x-prop-request-path");
      copyProperty("custom\0value", "x-prop-custom");
      copyProperty("no.such.property", "x-prop-missing");
      const status = setProperty("custom.written", "written-by-wasm");
      headers.add("x-prop-set-status", status.toString());
      copyProperty("custom.written", "x-prop-roundtrip");
    }
    if (this.mode == "close") {
      headers.add("x-close-status", imports.proxy_close_stream(0).toString());
      return FilterHeadersStatusValues.StopIteration;
    }
    if (this.mode == "pause") {
      return FilterHeadersStatusValues.StopIteration;
    }
    return FilterHeadersStatusValues.Continue;
  }

  onRequestBody(body_buffer_length: usize, end_of_stream: bool): FilterDataStatusValues {
    if (this.mode == "pause") {
      if (end_of_stream) {
        log(LogLevelValues.info, "resuming request after " + body_buffer_length.toString() + " body bytes");
        continue_request();
      }
      return FilterDataStatusValues.Continue;
    }
    if (this.mode != "buffer") {
      return FilterDataStatusValues.Continue;
    }
    const status = get_buffer_status(BufferTypeValues.HttpRequestBody);
    if (!end_of_stream) {
      log(LogLevelValues.info, "request body chunk: buffered " + status.length.toString() + " bytes");
      return FilterDataStatusValues.StopIterationAndBuffer;
    }
    const body = str(get_buffer_bytes(BufferTypeValues.HttpRequestBody, 0, body_buffer_length as u32));
    log(LogLevelValues.info, "request body: " + body + " (" + status.length.toString() + " bytes)");
    if (body.includes("forbidden")) {
      send_local_response(400, "body_rejected", bytes("body rejected"), [], GrpcStatusValues.InvalidCode);
      return FilterDataStatusValues.StopIterationNoBuffer;
    }
    return FilterDataStatusValues.Continue;
  }

  onRequestTrailers(count: u32): FilterTrailersStatusValues {
    const value = stream_context.trailers.request.get("x-trailer");
    stream_context.trailers.request.add("x-trailer-seen", value);
    return FilterTrailersStatusValues.Continue;
  }

  onResponseHeaders(count: u32, end_of_stream: bool): FilterHeadersStatusValues {
    stream_context.headers.response.add("x-response-seen", "yes");
    return FilterHeadersStatusValues.Continue;
  }

  onResponseBody(body_buffer_length: usize, end_of_stream: bool): FilterDataStatusValues {
    if (this.mode != "buffer") {
      return FilterDataStatusValues.Continue;
    }
    if (!end_of_stream) {
      return FilterDataStatusValues.StopIterationAndBuffer;
    }
    const status = get_buffer_status(BufferTypeValues.HttpResponseBody);
    const body = str(get_buffer_bytes(BufferTypeValues.HttpResponseBody, 0, body_buffer_length as u32));
    log(LogLevelValues.info, "response body: " + body + " (" + status.length.toString() + " bytes)");
    return FilterDataStatusValues.Continue;
  }

  onResponseTrailers(count: u32): FilterTrailersStatusValues {
    stream_context.trailers.response.add("x-response-trailer", "yes");
    return FilterTrailersStatusValues.Continue;
  }

  onLog(): void {
    log(LogLevelValues.info, "on_log " + this.context_id.toString() + " status=" + stream_context.headers.response.get(":status"));
  }
}

registerRootContext((context_id: u32) => {
  return new HttpRoot(context_id);
}, "http");
