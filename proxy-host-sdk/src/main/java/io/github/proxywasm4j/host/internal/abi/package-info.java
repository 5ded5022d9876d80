/** How the ABI validator reads a module: binary pre-scan, Chicory decoding and the ABI checks. */
package io.github.proxywasm4j.host.internal.abi;
