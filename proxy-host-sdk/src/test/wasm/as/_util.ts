// Helpers shared by the test filters: thin wrappers over the raw env.proxy_* imports of
// proxy-runtime 0.1.8 where its own wrappers are missing or broken (get_metric calls
// proxy_record_metric; get/set_shared_data pass the wrong pointers; no CAS; get_property aborts on
// NOT_FOUND).
import * as imports from "@solo-io/proxy-runtime/imports";
import { free } from "@solo-io/proxy-runtime/malloc";

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
export let lastStatus: u32 = 0;
export let lastCas: u32 = 0;

export function bytes(s: string): ArrayBuffer {
  return String.UTF8.encode(s);
}

export function str(b: ArrayBuffer): string {
  return String.UTF8.decode(b);
}

// Returns null (and sets lastStatus) when the host answers anything but OK.
export function getProperty(path: string): string | null {
  const p = bytes(path);
  lastStatus = imports.proxy_get_property(changetype<usize>(p), p.byteLength, out.dataPtr(), out.sizePtr());
  if (lastStatus != 0) {
    return null;
  }
  return str(out.take());
}

export function setProperty(path: string, value: string): u32 {
  const p = bytes(path);
  const v = bytes(value);
  return imports.proxy_set_property(changetype<usize>(p), p.byteLength, changetype<usize>(v), v.byteLength);
}

// Reads a shared value; sets lastStatus and lastCas.
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

export function sharedSet(key: string, value: string, cas: u32): u32 {
  const k = bytes(key);
  const v = bytes(value);
  return imports.proxy_set_shared_data(changetype<usize>(k), k.byteLength, changetype<usize>(v), v.byteLength, cas);
}

// Adds one to the decimal counter stored under key, retrying on CAS_MISMATCH; returns the new value.
// Many retries: on a loaded machine a descheduled thread may lose the race many times in a row.
export function sharedIncrement(key: string): i32 {
  for (let attempt = 0; attempt < 10000; attempt++) {
    const current = sharedGet(key);
    let n: i32 = 0;
    if (current !== null) {
      n = I32.parseInt(current);
    }
    const next = n + 1;
    const status = sharedSet(key, next.toString(), lastCas);
    if (status == 0) {
      return next;
    }
    if (status != 8) {
      return -(status as i32);
    }
  }
  return -10000;
}

export function defineMetric(type: i32, name: string): u32 {
  const n = bytes(name);
  lastStatus = imports.proxy_define_metric(type, changetype<usize>(n), n.byteLength, out.wordPtr());
  return out.word;
}

export function getMetric(id: u32): u64 {
  out.wide = 0;
  lastStatus = imports.proxy_get_metric(id, out.widePtr());
  return out.wide;
}

export function registerQueue(name: string): u32 {
  const n = bytes(name);
  lastStatus = imports.proxy_register_shared_queue(changetype<usize>(n), n.byteLength, out.wordPtr());
  return out.word;
}

export function resolveQueue(vmId: string, name: string): u32 {
  const v = bytes(vmId);
  const n = bytes(name);
  out.word = 0;
  lastStatus = imports.proxy_resolve_shared_queue(changetype<usize>(v), v.byteLength, changetype<usize>(n), n.byteLength, out.wordPtr());
  return out.word;
}

export function enqueue(queue: u32, value: string): u32 {
  const v = bytes(value);
  return imports.proxy_enqueue_shared_queue(queue, changetype<usize>(v), v.byteLength);
}

// Returns null when the queue is empty or unknown (status in lastStatus).
export function dequeue(queue: u32): string | null {
  lastStatus = imports.proxy_dequeue_shared_queue(queue, out.dataPtr(), out.sizePtr());
  if (lastStatus != 0) {
    return null;
  }
  return str(out.take());
}

export function callForeign(name: string, args: string): string | null {
  const n = bytes(name);
  const a = bytes(args);
  lastStatus = imports.proxy_call_foreign_function(changetype<usize>(n), n.byteLength, changetype<usize>(a), a.byteLength, out.dataPtr(), out.sizePtr());
  if (lastStatus != 0) {
    return null;
  }
  return str(out.take());
}

export function nowNanos(): u64 {
  out.wide = 0;
  lastStatus = imports.proxy_get_current_time_nanoseconds(out.widePtr());
  return out.wide;
}

// proxy_get_status: code in lastStatus-independent `statusCode`, message returned.
export let statusCode: u32 = 0;
export function getStatus(): string {
  out.word = 0;
  lastStatus = imports.proxy_get_status(out.wordPtr(), out.dataPtr(), out.sizePtr());
  statusCode = out.word;
  if (lastStatus != 0) {
    return "";
  }
  return str(out.take());
}

// proxy-runtime 0.1.8's HeaderStreamManipulator.set_headers does not compile (it returns a value
// from a void method), so the filters serialize the pairs themselves (layout: ABI "serialized map").
export function setHeaderPairs(map: i32, keys: Array<ArrayBuffer>, values: Array<ArrayBuffer>): u32 {
  let size = 4;
  for (let i = 0; i < keys.length; i++) {
    size += 8 + keys[i].byteLength + 1 + values[i].byteLength + 1;
  }
  const buffer = new ArrayBuffer(size);
  const base = changetype<usize>(buffer);
  store<u32>(base, keys.length);
  let lengths = base + 4;
  let data = base + 4 + 8 * keys.length;
  for (let i = 0; i < keys.length; i++) {
    store<u32>(lengths, keys[i].byteLength);
    store<u32>(lengths + 4, values[i].byteLength);
    lengths += 8;
    memory.copy(data, changetype<usize>(keys[i]), keys[i].byteLength);
    data += keys[i].byteLength;
    store<u8>(data, 0);
    data += 1;
    memory.copy(data, changetype<usize>(values[i]), values[i].byteLength);
    data += values[i].byteLength;
    store<u8>(data, 0);
    data += 1;
  }
  return imports.proxy_set_header_map_pairs(map, base, size);
}
