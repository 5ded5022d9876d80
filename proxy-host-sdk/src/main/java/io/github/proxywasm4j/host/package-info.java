/** The embedded Proxy-Wasm host: what a filter test touches. */
package io.github.proxywasm4j.host;
