/** State shared across VMs: metrics, shared data and shared queues. */
package io.github.proxywasm4j.host.internal.state;
