/** Checks a built module against the Proxy-Wasm ABI. */
package io.github.proxywasm4j.maven.check;
