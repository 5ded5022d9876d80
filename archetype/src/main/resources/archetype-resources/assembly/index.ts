// The add_header filter: adds `hello: <value>` to every response, where <value> is the "value"
// member of the plugin configuration, a JSON object: {"value": "what ever you want"}. Without a
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
      this.configuration = jsonStringMember(String.UTF8.decode(bytes), "value");
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

// The string member `name` of the JSON object `json`, unescaped; "" when `json` is not an object
// or has no such string member. Small on purpose: the 0.1.8 SDK brings no JSON parser, and the
// filter needs one string.
function jsonStringMember(json: string, name: string): string {
  let i = skipSpace(json, 0);
  if (i >= json.length || json.charCodeAt(i) != 0x7b /* { */) {
    return "";
  }
  i = skipSpace(json, i + 1);
  while (i < json.length && json.charCodeAt(i) == 0x22 /* " */) {
    const keyEnd = stringEnd(json, i);
    if (keyEnd < 0) {
      return "";
    }
    const key = unescape(json, i + 1, keyEnd);
    i = skipSpace(json, keyEnd + 1);
    if (i >= json.length || json.charCodeAt(i) != 0x3a /* : */) {
      return "";
    }
    i = skipSpace(json, i + 1);
    if (key == name) {
      if (i < json.length && json.charCodeAt(i) == 0x22) {
        const valueEnd = stringEnd(json, i);
        if (valueEnd >= 0) {
          return unescape(json, i + 1, valueEnd);
        }
      }
      return "";
    }
    i = skipValue(json, i);
    if (i < 0) {
      return "";
    }
    i = skipSpace(json, i);
    if (i >= json.length || json.charCodeAt(i) != 0x2c /* , */) {
      return "";
    }
    i = skipSpace(json, i + 1);
  }
  return "";
}

function skipSpace(s: string, i: i32): i32 {
  while (i < s.length) {
    const c = s.charCodeAt(i);
    if (c != 0x20 && c != 0x09 && c != 0x0a && c != 0x0d) {
      break;
    }
    i++;
  }
  return i;
}

// The index of the quote closing the string that opens at `start`, or -1.
function stringEnd(s: string, start: i32): i32 {
  let i = start + 1;
  while (i < s.length) {
    const c = s.charCodeAt(i);
    if (c == 0x5c /* \ */) {
      i += 2;
    } else if (c == 0x22) {
      return i;
    } else {
      i++;
    }
  }
  return -1;
}

// The index after the value that starts at `i` (a string, number, literal, object or array), or -1.
function skipValue(s: string, i: i32): i32 {
  let depth = 0;
  while (i < s.length) {
    const c = s.charCodeAt(i);
    if (c == 0x22) {
      const end = stringEnd(s, i);
      if (end < 0) {
        return -1;
      }
      i = end + 1;
    } else if (c == 0x7b || c == 0x5b /* [ */) {
      depth++;
      i++;
    } else if (c == 0x7d /* } */ || c == 0x5d /* ] */) {
      if (depth == 0) {
        return i;
      }
      depth--;
      i++;
    } else if (c == 0x2c && depth == 0) {
      return i;
    } else {
      i++;
    }
    if (depth == 0 && (c == 0x22 || c == 0x7d || c == 0x5d)) {
      return i;
    }
  }
  return depth == 0 ? i : -1;
}

// The text of a JSON string between `start` and `end` with its escapes resolved.
function unescape(s: string, start: i32, end: i32): string {
  let out = "";
  let i = start;
  while (i < end) {
    const c = s.charCodeAt(i);
    if (c != 0x5c || i + 1 >= end) {
      out += String.fromCharCode(c);
      i++;
      continue;
    }
    const e = s.charCodeAt(i + 1);
    i += 2;
    if (e == 0x6e /* n */) {
      out += "\n";
    } else if (e == 0x74 /* t */) {
      out += "\t";
    } else if (e == 0x72 /* r */) {
      out += "\r";
    } else if (e == 0x62 /* b */) {
      out += "\b";
    } else if (e == 0x66 /* f */) {
      out += "\f";
    } else if (e == 0x75 /* u */ && i + 4 <= end) {
      out += String.fromCharCode(<i32>parseInt(s.substring(i, i + 4), 16));
      i += 4;
    } else {
      // \" \\ \/
      out += String.fromCharCode(e);
    }
  }
  return out;
}

// The root id: Envoy's root_id and the test's withRootId must name the same one.
registerRootContext((context_id: u32) => {
  return new AddHeaderRoot(context_id);
}, "${rootId}");
