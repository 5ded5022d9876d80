export * from "@solo-io/proxy-runtime/proxy";
import {
  RootContext,
  Context,
  registerRootContext,
  FilterHeadersStatusValues,
  stream_context,
  log,
  LogLevelValues,
} from "@solo-io/proxy-runtime";

class Root extends RootContext {
  createContext(context_id: u32): Context {
    return new Filter(context_id, this);
  }
}

class Filter extends Context {
  constructor(context_id: u32, root_context: Root) {
    super(context_id, root_context);
  }

  onResponseHeaders(a: u32, end_of_stream: bool): FilterHeadersStatusValues {
    // The filter's own debug line: the transform must keep it.
    log(LogLevelValues.debug, "filter-own-debug-line");
    stream_context.headers.response.add("hello", "world!");
    return FilterHeadersStatusValues.Continue;
  }
}

registerRootContext((context_id: u32) => {
  return new Root(context_id);
}, "strip_fixture");
