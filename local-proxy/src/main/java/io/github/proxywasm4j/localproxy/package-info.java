/** A local HTTP/1.1 proxy that runs Proxy-Wasm filters on the embedded host. */
package io.github.proxywasm4j.localproxy;
