/** Benchmarks of the peer host, io.roastedroot:proxy-wasm-java-host, on the same modules. */
package io.github.proxywasm4j.benchmarks.peer;
