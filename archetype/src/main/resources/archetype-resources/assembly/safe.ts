// Safe replacements for the parts of @solo-io/proxy-runtime 0.1.8 that are broken or missing.
// GUIDE.md ("Known SDK bugs") says which 0.1.8 function each one replaces, and why.
// Import what you need:  import { pluginConfiguration, getProperty } from "./safe";
import * as imports from "@solo-io/proxy-runtime/imports";
import { free } from "@solo-io/proxy-runtime/malloc";
import { get_buffer_bytes, BufferTypeValues } from "@solo-io/proxy-runtime/runtime";

// Where the host writes its answers (pointer + size, a 32-bit word, a 64-bit value).
class Out {
  data: usize = 0;
  size: usize = 0;
  word: u32 = 0;
  wide: u64 = 0;

  dataPtr(): usize {
    return changetype<usize>(this) + offsetof<Out>("data");
  }
  sizePtr(): usize {
    return changetype<usize>(this) + offsetof<Out>("size");
  }
  wordPtr(): usize {
    return changetype<usize>(this) + offsetof<Out>("word");
  }
  widePtr(): usize {
    return changetype<usize>(this) + offsetof<Out>("wide");
  }
  // The host allocated `data` with our malloc; wrap it once and drop the allocator's reference.
  take(): ArrayBuffer {
    if (this.size == 0) {
      return new ArrayBuffer(0);
    }
    const array = changetype<ArrayBuffer>(this.data);
    free(this.data);
    return array;
  }
}

const out = new Out();

/** The WasmResult of the last call below that returns null or 0 on failure (0 = OK, 1 = NOT_FOUND, ...). */
export let lastStatus: u32 = 0;
/** The CAS token of the last sharedGet. */
export let lastCas: u32 = 0;

/** UTF-8 bytes of a string. */
export function bytes(s: string): ArrayBuffer {
  return String.UTF8.encode(s);
}

/** A string from UTF-8 bytes. */
export function str(b: ArrayBuffer): string {
  return String.UTF8.decode(b);
}

/**
 * The plugin configuration as text ("" when empty). Call it from your RootContext's
 * onConfigure(configuration_size) and keep the result in a field: 0.1.8's own onConfigure and
 * getConfiguration() corrupt memory and trap on an empty configuration.
 */
export function pluginConfiguration(configuration_size: u32): string {
  if (configuration_size == 0) {
    return "";
  }
  return str(get_buffer_bytes(BufferTypeValues.PluginConfiguration, 0, configuration_size));
}

/** A property, its path's segments joined by "\0" as Envoy reads them ("request\0path", "source\0address", ...), or null when the host has none (0.1.8's get_property aborts then). */
export function getProperty(path: string): string | null {
  const p = bytes(path);
  lastStatus = imports.proxy_get_property(changetype<usize>(p), p.byteLength, out.dataPtr(), out.sizePtr());
  if (lastStatus != 0) {
    return null;
  }
  return str(out.take());
}

/** Sets a property; returns the WasmResult. */
export function setProperty(path: string, value: string): u32 {
  const p = bytes(path);
  const v = bytes(value);
  return imports.proxy_set_property(changetype<usize>(p), p.byteLength, changetype<usize>(v), v.byteLength);
}

/** Defines a metric (type 0 counter, 1 gauge, 2 histogram) and returns its id. */
export function defineMetric(type: i32, name: string): u32 {
  const n = bytes(name);
  lastStatus = imports.proxy_define_metric(type, changetype<usize>(n), n.byteLength, out.wordPtr());
  return out.word;
}

/** Adds `offset` to a counter or gauge. */
export function incrementMetric(id: u32, offset: i64): u32 {
  return imports.proxy_increment_metric(id, offset);
}

/** Sets a gauge, or adds a sample to a histogram. */
export function recordMetric(id: u32, value: u64): u32 {
  return imports.proxy_record_metric(id, value);
}

/** The value of a counter or gauge (0.1.8's get_metric calls proxy_record_metric instead). */
export function getMetric(id: u32): u64 {
  out.wide = 0;
  lastStatus = imports.proxy_get_metric(id, out.widePtr());
  return out.wide;
}

/** A shared value, or null; sets lastStatus and lastCas (0.1.8's get/set_shared_data pass wrong pointers). */
export function sharedGet(key: string): string | null {
  const k = bytes(key);
  out.word = 0;
  lastStatus = imports.proxy_get_shared_data(changetype<usize>(k), k.byteLength, out.dataPtr(), out.sizePtr(), out.wordPtr());
  if (lastStatus != 0) {
    lastCas = 0;
    return null;
  }
  lastCas = out.word;
  return str(out.take());
}

/** Sets a shared value if its CAS is still `cas` (0: unconditionally); returns the WasmResult (8 = CAS_MISMATCH). */
export function sharedSet(key: string, value: string, cas: u32): u32 {
  const k = bytes(key);
  const v = bytes(value);
  return imports.proxy_set_shared_data(changetype<usize>(k), k.byteLength, changetype<usize>(v), v.byteLength, cas);
}

/** Adds one to the decimal number under `key` with compare-and-swap, retrying on CAS_MISMATCH; returns the new value. */
export function sharedIncrement(key: string): i64 {
  for (let attempt = 0; attempt < 10000; attempt++) {
    const current = sharedGet(key);
    let n: i64 = 0;
    if (current !== null) {
      n = I64.parseInt(current);
    }
    const status = sharedSet(key, (n + 1).toString(), lastCas);
    if (status == 0) {
      return n + 1;
    }
    if (status != 8) {
      return -1;
    }
  }
  return -1;
}

/** Registers a shared queue of this VM; returns its id (onQueueReady receives it). */
export function registerQueue(name: string): u32 {
  const n = bytes(name);
  lastStatus = imports.proxy_register_shared_queue(changetype<usize>(n), n.byteLength, out.wordPtr());
  return out.word;
}

/** Finds a queue by VM id ("" = this VM) and name; returns its id, or 0 with lastStatus set. */
export function resolveQueue(vmId: string, name: string): u32 {
  const v = bytes(vmId);
  const n = bytes(name);
  out.word = 0;
  lastStatus = imports.proxy_resolve_shared_queue(changetype<usize>(v), v.byteLength, changetype<usize>(n), n.byteLength, out.wordPtr());
  return out.word;
}

/** Appends an item to a queue; returns the WasmResult. */
export function enqueue(queue: u32, value: string): u32 {
  const v = bytes(value);
  return imports.proxy_enqueue_shared_queue(queue, changetype<usize>(v), v.byteLength);
}

/** The next item of a queue, or null when it is empty (lastStatus 2 = EMPTY). */
export function dequeue(queue: u32): string | null {
  lastStatus = imports.proxy_dequeue_shared_queue(queue, out.dataPtr(), out.sizePtr());
  if (lastStatus != 0) {
    return null;
  }
  return str(out.take());
}

/** Code and message of the last callout, inside its callback (0.1.8's get_status aborts when there is none). */
export let calloutStatusCode: u32 = 0;
export function calloutStatus(): string {
  out.word = 0;
  lastStatus = imports.proxy_get_status(out.wordPtr(), out.dataPtr(), out.sizePtr());
  calloutStatusCode = out.word;
  if (lastStatus != 0) {
    return "";
  }
  return str(out.take());
}

// 0.1.8 declares this import under the wrong name (proxy_get_buffer_status), so it cannot be used.
// @ts-ignore: decorator
@external("env", "proxy_set_buffer_bytes")
declare function proxy_set_buffer_bytes(type: u32, start: u32, length: u32, data: usize, size: usize): u32;

/** Replaces `length` bytes at `start` of a body (BufferTypeValues.HttpRequestBody, ...) with `value`. */
export function setBuffer(type: BufferTypeValues, start: u32, length: u32, value: string): u32 {
  const v = bytes(value);
  return proxy_set_buffer_bytes(type, start, length, changetype<usize>(v), v.byteLength);
}
