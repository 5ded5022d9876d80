/** Acceptance tests: real filter modules, built from src/test/wasm, driven through the public API. */
package io.github.proxywasm4j.host.it;
