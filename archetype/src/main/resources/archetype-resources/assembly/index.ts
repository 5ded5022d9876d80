// The add_header filter: adds `hello: <value>` to every response, where <value> is the "value"
// member of the plugin configuration, a JSON object: {"value": "what ever you want"} (a plain-text
// configuration, as in the 2020 seed's envoy.yaml, is taken as the value itself). Without a
// configuration (or without a "value" string in it) the header is `hello: world!`.
//
// The configuration is a JSON object because that is what Istio can ship: a WasmPlugin carries it
// as pluginConfig and istiod hands it to the filter as JSON text; the envoy.yaml that
// `mvn package` writes holds the very same text, so the filter reads the same bytes in both.
//
// Written against @solo-io/proxy-runtime 0.1.8 (the newest release on npm). It follows the
// SDK README's example; the comments mark where it departs from it, and why.

// Exports the proxy_on_* functions Envoy calls; without it the module has no filter entry points.
export * from "@solo-io/proxy-runtime/proxy";
import {
  RootContext,
  Context,
  registerRootContext,
  FilterHeadersStatusValues,
  stream_context,
} from "@solo-io/proxy-runtime";
// The 0.1.8 index does not re-export these two; they are needed by onConfigure below.
import { get_buffer_bytes, BufferTypeValues } from "@solo-io/proxy-runtime/runtime";
import { configuredValue } from "./configuration";

class AddHeaderRoot extends RootContext {
  // The "value" member of the configuration, or "" when there is none.
  configuration: string = "";

  // Departs from the README, which keeps the stock onConfigure. In 0.1.8 that one passes the
  // configuration size where the host expects a pointer (the host then writes 4 bytes at that
  // address), and an empty configuration traps or yields garbage instead of "". Both are fixed
  // upstream only after 0.1.8, the newest release on npm.
  onConfigure(configuration_size: u32): bool {
    if (configuration_size == 0) {
      this.configuration = "";
    } else {
      const bytes = get_buffer_bytes(BufferTypeValues.PluginConfiguration, 0, configuration_size);
      this.configuration = configuredValue(String.UTF8.decode(bytes));
    }
    return true;
  }

  createContext(context_id: u32): Context {
    return new AddHeader(context_id, this);
  }
}

class AddHeader extends Context {
  constructor(context_id: u32, root_context: AddHeaderRoot) {
    super(context_id, root_context);
  }

  onResponseHeaders(a: u32, end_of_stream: bool): FilterHeadersStatusValues {
    // Departs from the README: reads our field; getConfiguration() would return what the stock
    // onConfigure stores, and that no longer runs.
    const root = this.root_context as AddHeaderRoot;
    // An if/else with two calls, not add("hello", cond ? a : b): asc 0.17.14 frees a string
    // passed as a ternary argument too early, and the second request aborts the VM.
    if (root.configuration == "") {
      stream_context.headers.response.add("hello", "world!");
    } else {
      stream_context.headers.response.add("hello", root.configuration);
    }
    return FilterHeadersStatusValues.Continue;
  }
}

// The root id: Envoy's root_id and the test's withRootId must name the same one.
registerRootContext((context_id: u32) => {
  return new AddHeaderRoot(context_id);
}, "${rootId}");

// A second filter in this module, for the example test CalloutExampleTest: an external-auth
// callout (GUIDE.md, "Callouts"). Envoy starts only the root id it is configured with, so it stays
// idle. Delete this line, assembly/ext_auth_example.ts and CalloutExampleTest.java when you no
// longer want the example.
import "./ext_auth_example";
