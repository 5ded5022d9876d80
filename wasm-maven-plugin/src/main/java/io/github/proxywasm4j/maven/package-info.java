/** The wasm-maven-plugin: builds, checks and packages AssemblyScript Proxy-Wasm filters. */
package io.github.proxywasm4j.maven;
