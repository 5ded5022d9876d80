// Test filter "services": root-context services of proxy-runtime 0.1.8.
// Start: tick period from the plugin configuration (milliseconds, default 1000), registers the
// shared queue "jobs", defines counter `requests_total`, gauge `last_tick_ms`, histogram
// `path_length`, counter `ticks` and counter `dequeued`.
// Each tick: increments `ticks`, records the clock (proxy_get_current_time_nanoseconds) in ms in
// `last_tick_ms`, increments the shared value "ticks" with CAS, logs "tick <n> at <ns> ns".
// Each request: increments `requests_total` and the shared value "hits" (CAS with retry), records
// the path length, enqueues the :path on "jobs" (resolved by name), and adds request headers
//   x-hits (shared counter), x-requests-total (proxy_get_metric), x-now-ns (current time),
//   x-foreign (result of the foreign function "reverse" on the path, or "status <code>"),
//   x-queue-status (enqueue status).
// Queue ready: dequeues until empty, logging "dequeued <item>" and counting `dequeued`.
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
import {
  get_buffer_bytes,
  set_tick_period_milliseconds,
  BufferTypeValues,
} from "@solo-io/proxy-runtime/runtime";
import * as imports from "@solo-io/proxy-runtime/imports";
import {
  str,
  defineMetric,
  getMetric,
  registerQueue,
  resolveQueue,
  enqueue,
  dequeue,
  sharedIncrement,
  callForeign,
  nowNanos,
  lastStatus,
} from "./_util";

class ServicesRoot extends RootContext {
  queue: u32 = 0;
  requestsTotal: u32 = 0;
  lastTick: u32 = 0;
  pathLength: u32 = 0;
  ticks: u32 = 0;
  dequeued: u32 = 0;
  tickCount: u32 = 0;

  onConfigure(configuration_size: u32): bool {
    let period: u32 = 1000;
    if (configuration_size > 0) {
      period = U32.parseInt(str(get_buffer_bytes(BufferTypeValues.PluginConfiguration, 0, configuration_size)));
    }
    set_tick_period_milliseconds(period);
    this.queue = registerQueue("jobs");
    log(LogLevelValues.info, "registered queue jobs as " + this.queue.toString() + " status " + lastStatus.toString());
    this.requestsTotal = defineMetric(0, "requests_total");
    this.lastTick = defineMetric(1, "last_tick_ms");
    this.pathLength = defineMetric(2, "path_length");
    this.ticks = defineMetric(0, "ticks");
    this.dequeued = defineMetric(0, "dequeued");
    return true;
  }

  onTick(): void {
    this.tickCount += 1;
    imports.proxy_increment_metric(this.ticks, 1);
    const now = nowNanos();
    imports.proxy_record_metric(this.lastTick, now / 1000000);
    const shared = sharedIncrement("ticks");
    log(LogLevelValues.info, "tick " + this.tickCount.toString() + " at " + now.toString() + " ns, shared ticks " + shared.toString());
  }

  onQueueReady(token: u32): void {
    let item = dequeue(token);
    while (item !== null) {
      log(LogLevelValues.info, "dequeued " + item);
      imports.proxy_increment_metric(this.dequeued, 1);
      item = dequeue(token);
    }
    log(LogLevelValues.info, "queue " + token.toString() + " drained with status " + lastStatus.toString());
  }

  createContext(context_id: u32): Context {
    return new ServicesFilter(context_id, this);
  }
}

class ServicesFilter extends Context {
  constructor(context_id: u32, root_context: ServicesRoot) {
    super(context_id, root_context);
  }

  onRequestHeaders(count: u32, end_of_stream: bool): FilterHeadersStatusValues {
    const root = this.root_context as ServicesRoot;
    const headers = stream_context.headers.request;
    const path = headers.get(":path");
    imports.proxy_increment_metric(root.requestsTotal, 1);
    imports.proxy_record_metric(root.pathLength, path.length as u64);
    headers.add("x-hits", sharedIncrement("hits").toString());
    headers.add("x-requests-total", getMetric(root.requestsTotal).toString());
    headers.add("x-now-ns", nowNanos().toString());
    const reversed = callForeign("reverse", path);
    if (reversed === null) {
      headers.add("x-foreign", "status " + lastStatus.toString());
    } else {
      headers.add("x-foreign", reversed);
    }
    const queue = resolveQueue("", "jobs");
    if (lastStatus != 0) {
      headers.add("x-queue-status", "resolve " + lastStatus.toString());
    } else {
      headers.add("x-queue-status", enqueue(queue, path).toString());
    }
    return FilterHeadersStatusValues.Continue;
  }
}

registerRootContext((context_id: u32) => {
  return new ServicesRoot(context_id);
}, "services");
