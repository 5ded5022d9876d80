/** The Proxy-Wasm ABI model (versions, host functions, callbacks, enums) and the module validator. */
package io.github.proxywasm4j.host.abi;
