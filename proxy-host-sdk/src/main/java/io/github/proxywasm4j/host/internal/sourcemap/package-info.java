/** Source maps (asc's {@code .wasm.map}): a trap or abort is reported at the author's line. */
package io.github.proxywasm4j.host.internal.sourcemap;
