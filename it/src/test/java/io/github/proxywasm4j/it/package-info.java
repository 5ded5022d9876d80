/** Helpers for the invoker scripts: a PATH without Node, a Node mirror on loopback, exports. */
package io.github.proxywasm4j.it;
