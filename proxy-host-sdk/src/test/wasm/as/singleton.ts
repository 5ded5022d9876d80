// Test module "singleton": the SDKs' singleton pattern, two root ids in one module.
//   root id "singleton_service"  on configure sets a 1000 ms tick and registers queue "events";
//                                each tick calls upstream "config" (GET /config) and stores the
//                                reply body as shared data "config" and the tick count as
//                                "ticks"; queue "events" items are stored as shared data "event".
//   root id "http_filter"        adds request headers `x-config` and `x-ticks` from shared data
//                                (or "none"); with request header `x-event`, resolves queue
//                                "events" of VM id `x-event-vm` and enqueues the value, adding
//                                `x-enqueue: <status>`.
// Every root context logs "<root id> root <context id> vm_start" in proxy_on_vm_start.
export * from "@solo-io/proxy-runtime/proxy";
import {
  RootContext,
  Context,
  registerRootContext,
  FilterHeadersStatusValues,
  stream_context,
  HeaderPair,
  Headers,
  log,
  LogLevelValues,
} from "@solo-io/proxy-runtime";
import { get_buffer_bytes, set_tick_period_milliseconds, BufferTypeValues } from "@solo-io/proxy-runtime/runtime";
import { bytes, str, sharedGet, sharedSet, registerQueue, resolveQueue, enqueue, dequeue, lastStatus } from "./_util";

class ServiceRoot extends RootContext {
  ticks: u32 = 0;

  onStart(vm_configuration_size: usize): bool {
    log(LogLevelValues.info, "singleton_service root " + this.context_id.toString() + " vm_start");
    return true;
  }

  onConfigure(configuration_size: u32): bool {
    set_tick_period_milliseconds(1000);
    registerQueue("events");
    return true;
  }

  onTick(): void {
    this.ticks += 1;
    sharedSet("ticks", this.ticks.toString(), 0);
    const headers: Headers = [];
    headers.push(new HeaderPair(bytes(":method"), bytes("GET")));
    headers.push(new HeaderPair(bytes(":path"), bytes("/config")));
    headers.push(new HeaderPair(bytes(":authority"), bytes("config")));
    this.httpCall("config", headers, new ArrayBuffer(0), [], 1000, this, onConfigResponse);
  }

  onQueueReady(token: u32): void {
    let item = dequeue(token);
    while (item !== null) {
      sharedSet("event", item, 0);
      item = dequeue(token);
    }
  }
}

function onConfigResponse(origin: Context, headers: u32, body_size: usize, trailers: u32): void {
  const body = str(get_buffer_bytes(BufferTypeValues.HttpCallResponseBody, 0, body_size as u32));
  sharedSet("config", body, 0);
}

class FilterRoot extends RootContext {
  onStart(vm_configuration_size: usize): bool {
    log(LogLevelValues.info, "http_filter root " + this.context_id.toString() + " vm_start");
    return true;
  }

  onConfigure(configuration_size: u32): bool {
    return true;
  }

  createContext(context_id: u32): Context {
    return new Filter(context_id, this);
  }
}

function orNone(value: string | null): string {
  return value === null ? "none" : value;
}

class Filter extends Context {
  constructor(context_id: u32, root_context: FilterRoot) {
    super(context_id, root_context);
  }

  onRequestHeaders(count: u32, end_of_stream: bool): FilterHeadersStatusValues {
    const headers = stream_context.headers.request;
    headers.add("x-config", orNone(sharedGet("config")));
    headers.add("x-ticks", orNone(sharedGet("ticks")));
    const event = headers.get("x-event");
    if (event != "") {
      const queue = resolveQueue(headers.get("x-event-vm"), "events");
      if (queue == 0) {
        headers.add("x-enqueue", "resolve " + lastStatus.toString());
      } else {
        headers.add("x-enqueue", enqueue(queue, event).toString());
      }
    }
    return FilterHeadersStatusValues.Continue;
  }
}

registerRootContext((context_id: u32) => {
  return new ServiceRoot(context_id);
}, "singleton_service");
registerRootContext((context_id: u32) => {
  return new FilterRoot(context_id);
}, "http_filter");
