/** Runs a filter on the local proxy for {@code wasm:run}. */
package io.github.proxywasm4j.maven.run;
