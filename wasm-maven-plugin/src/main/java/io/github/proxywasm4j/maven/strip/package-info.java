/** The opt-in asc transform that strips proxy-runtime's debug log statements at compile time. */
package io.github.proxywasm4j.maven.strip;
