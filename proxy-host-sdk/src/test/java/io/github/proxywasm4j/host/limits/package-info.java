/** Hostile guests driven past every limit, in a JVM with a 256 MB heap (surefire execution hostile). */
package io.github.proxywasm4j.host.limits;
