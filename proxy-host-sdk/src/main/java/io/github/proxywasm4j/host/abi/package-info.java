/**
 * The Proxy-Wasm ABI model as plain data: versions, host functions and callbacks with their exact
 * types, the enums of every code on the wire, and the validation report. No runtime wiring: the
 * validator that fills the report is {@code AbiValidator} of the host package.
 */
package io.github.proxywasm4j.host.abi;
