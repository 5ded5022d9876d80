/** Unit tests of the host core: codecs, shared state, bounds, time and failure policies. */
package io.github.proxywasm4j.host.core;
