/** The Proxy-Wasm VM on Chicory: start-up, host functions, contexts, streams and callouts. */
package io.github.proxywasm4j.host.internal.vm;
