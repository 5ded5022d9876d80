// A heavier filter for the benchmarks: per request it reads every request header, reads the
// request body chunk and rewrites it (upper-cases ASCII letters into a new buffer), and bumps a
// counter. @solo-io/proxy-runtime 0.1.8 cannot hand the rewritten chunk back: it imports the
// body setter under a wrong name (`proxy_set_buffer_status`, not in any ABI version), so the
// filter reports the rewritten chunk's length and checksum as response headers instead.
export * from "@solo-io/proxy-runtime/proxy";
import {
  RootContext,
  Context,
  registerRootContext,
  FilterHeadersStatusValues,
  FilterDataStatusValues,
  stream_context,
  Counter,
} from "@solo-io/proxy-runtime";
import { get_buffer_bytes, BufferTypeValues } from "@solo-io/proxy-runtime/runtime";

class HeavyRoot extends RootContext {
  requests: Counter | null = null;

  // Not the stock 0.1.8 onConfigure: it passes the size as a pointer and breaks on an empty
  // configuration (see the archetype's filter); this filter needs no configuration.
  onConfigure(configuration_size: u32): bool {
    return true;
  }

  createContext(context_id: u32): Context {
    if (this.requests === null) {
      this.requests = new Counter("heavy_requests");
    }
    return new Heavy(context_id, this);
  }
}

class Heavy extends Context {
  headerBytes: i32 = 0;
  bodySum: u32 = 0;
  bodyLength: i32 = 0;

  constructor(context_id: u32, root_context: HeavyRoot) {
    super(context_id, root_context);
  }

  onRequestHeaders(count: u32, end_of_stream: bool): FilterHeadersStatusValues {
    const pairs = stream_context.headers.request.get_headers();
    let total = 0;
    for (let i = 0; i < pairs.length; i++) {
      const name = String.UTF8.decode(pairs[i].key);
      const value = String.UTF8.decode(pairs[i].value);
      total += name.length + value.length;
    }
    this.headerBytes = total;
    const root = this.root_context as HeavyRoot;
    const requests = root.requests;
    if (requests !== null) {
      requests.increment(1);
    }
    return FilterHeadersStatusValues.Continue;
  }

  onRequestBody(body_buffer_length: usize, end_of_stream: bool): FilterDataStatusValues {
    if (body_buffer_length == 0) {
      return FilterDataStatusValues.Continue;
    }
    const chunk = Uint8Array.wrap(
      get_buffer_bytes(BufferTypeValues.HttpRequestBody, 0, body_buffer_length as u32)
    );
    const rewritten = new Uint8Array(chunk.length);
    let sum: u32 = 0;
    for (let i = 0; i < chunk.length; i++) {
      let c = chunk[i];
      if (c >= 97 && c <= 122) {
        c -= 32;
      }
      rewritten[i] = c;
      sum = sum * 31 + c;
    }
    this.bodySum = sum;
    this.bodyLength += rewritten.length;
    return FilterDataStatusValues.Continue;
  }

  onResponseHeaders(a: u32, end_of_stream: bool): FilterHeadersStatusValues {
    const headers = stream_context.headers.response;
    headers.add("x-request-header-bytes", this.headerBytes.toString());
    headers.add("x-body-rewritten", this.bodyLength.toString() + "/" + this.bodySum.toString());
    return FilterHeadersStatusValues.Continue;
  }
}

registerRootContext((context_id: u32) => {
  return new HeavyRoot(context_id);
}, "heavy");
