/** Wasm linear memory for the host's VMs: one flat array instead of Chicory's pages. */
package io.github.proxywasm4j.host.internal.memory;
