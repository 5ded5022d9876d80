/** Tests of the runtime compiler's cache. */
package io.github.proxywasm4j.host.internal.compile;
