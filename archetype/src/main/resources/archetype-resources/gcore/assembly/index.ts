// The add_header filter: adds `hello: <value>` to every response, where <value> is the "value"
// member of the plugin configuration, a JSON object: {"value": "what ever you want"} (see
// configuration.ts). Without a configuration the header is `hello: world!`.
//
// Written against @gcoredev/proxy-wasm-sdk-as 1.2.3 with AssemblyScript 0.28 (see README.md).

// Exports the proxy_on_* functions Envoy calls; without it the module has no filter entry points.
export * from "@gcoredev/proxy-wasm-sdk-as/assembly/proxy";
import {
  RootContext,
  Context,
  registerRootContext,
  FilterHeadersStatusValues,
  stream_context,
} from "@gcoredev/proxy-wasm-sdk-as/assembly";
import { configuredValue } from "./configuration";

class AddHeaderRoot extends RootContext {
  createContext(context_id: u32): Context {
    return new AddHeader(context_id, this);
  }
}

class AddHeader extends Context {
  constructor(context_id: u32, root_context: AddHeaderRoot) {
    super(context_id, root_context);
  }

  onResponseHeaders(a: u32, end_of_stream: bool): FilterHeadersStatusValues {
    // This SDK's onConfigure keeps the plugin configuration; "" when there is none.
    const configuration = configuredValue(this.root_context.getConfiguration());
    if (configuration == "") {
      stream_context.headers.response.add("hello", "world!");
    } else {
      stream_context.headers.response.add("hello", configuration);
    }
    return FilterHeadersStatusValues.Continue;
  }
}

// The root id: Envoy's root_id and the test's withRootId must name the same one.
registerRootContext((context_id: u32) => {
  return new AddHeaderRoot(context_id);
}, "${rootId}");
