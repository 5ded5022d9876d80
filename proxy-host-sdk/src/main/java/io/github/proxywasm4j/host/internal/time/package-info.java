/** Real and virtual timers behind the plugin clock. */
package io.github.proxywasm4j.host.internal.time;
