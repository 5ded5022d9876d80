/** Runs external tools and captures what they print. */
package io.github.proxywasm4j.maven.process;
