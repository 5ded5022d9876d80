// Test filter with misbehaving root contexts, one per root id. Requests to any other path than the
// fault's trigger get `x-ok: <root id>` so a test can see a healthy (or reloaded) VM.
//   "trap"         request path /boom throws: AssemblyScript aborts with
//                  "boom requested at: as/faults.ts(<line>:<col>)" (CRITICAL log) and proc_exit(255);
//   "loop"         request path /loop spins forever;
//   "memory_bomb"  request path /bomb allocates 1 MiB buffers until memory runs out;
//   "bad_config"   on_configure returns false;
//   "config_trap"  on_configure aborts with "configuration rejected".
export * from "@solo-io/proxy-runtime/proxy";
import {
  RootContext,
  Context,
  registerRootContext,
  FilterHeadersStatusValues,
  stream_context,
} from "@solo-io/proxy-runtime";

let spins: u64 = 0;
const hoard = new Array<ArrayBuffer>();

class FaultRoot extends RootContext {
  kind: string;

  constructor(context_id: u32, kind: string) {
    super(context_id);
    this.kind = kind;
  }

  onConfigure(configuration_size: u32): bool {
    if (this.kind == "bad_config") {
      return false;
    }
    if (this.kind == "config_trap") {
      throw new Error("configuration rejected");
    }
    return true;
  }

  createContext(context_id: u32): Context {
    return new FaultFilter(context_id, this);
  }
}

class FaultFilter extends Context {
  constructor(context_id: u32, root_context: FaultRoot) {
    super(context_id, root_context);
  }

  onRequestHeaders(count: u32, end_of_stream: bool): FilterHeadersStatusValues {
    const root = this.root_context as FaultRoot;
    const path = stream_context.headers.request.get(":path");
    if (root.kind == "trap" && path == "/boom") {
      throw new Error("boom requested");
    }
    if (root.kind == "loop" && path == "/loop") {
      while (spins != u64.MAX_VALUE) {
        spins += 1;
      }
    }
    if (root.kind == "memory_bomb" && path == "/bomb") {
      while (true) {
        hoard.push(new ArrayBuffer(1 << 20));
      }
    }
    stream_context.headers.request.add("x-ok", root.kind);
    return FilterHeadersStatusValues.Continue;
  }
}

registerRootContext((context_id: u32) => {
  return new FaultRoot(context_id, "trap");
}, "trap");
registerRootContext((context_id: u32) => {
  return new FaultRoot(context_id, "loop");
}, "loop");
registerRootContext((context_id: u32) => {
  return new FaultRoot(context_id, "memory_bomb");
}, "memory_bomb");
registerRootContext((context_id: u32) => {
  return new FaultRoot(context_id, "bad_config");
}, "bad_config");
registerRootContext((context_id: u32) => {
  return new FaultRoot(context_id, "config_trap");
}, "config_trap");
