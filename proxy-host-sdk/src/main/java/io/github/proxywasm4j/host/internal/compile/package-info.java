/** The runtime compiler: compiling a module once, and the on-disk cache of its classes. */
package io.github.proxywasm4j.host.internal.compile;
