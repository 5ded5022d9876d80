/** The opt-in build-time compilation of the module to JVM classes (Chicory's build-time compiler). */
package io.github.proxywasm4j.maven.precompile;
