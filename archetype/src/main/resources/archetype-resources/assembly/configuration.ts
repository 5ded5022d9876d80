// The plugin configuration of the add_header filter, shared by both SDK templates.
//
// The configuration is a JSON object, {"value": "..."}, because that is what Istio can ship: a
// WasmPlugin carries it as pluginConfig and istiod hands it to the filter as JSON text, and the
// envoy.yaml that `mvn package` writes holds the very same text. A configuration that is not a
// JSON object (the 2020 seed's envoy.yaml says `configuration: "what ever you want"`) is taken as
// the value itself, so the seed's Envoy file still works; `mvn package` refuses to ship such a
// text to Istio.

// The value to put in the header: the "value" member of a JSON object, or the text itself when it
// is not a JSON object; "" when there is none.
export function configuredValue(text: string): string {
  const start = skipSpace(text, 0);
  if (start < text.length && text.charCodeAt(start) == 0x7b /* { */) {
    return jsonStringMember(text, "value");
  }
  return text;
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

