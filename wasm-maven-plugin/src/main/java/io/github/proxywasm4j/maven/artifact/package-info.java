/** Turns the built module into the project's artifact (copy and checksum). */
package io.github.proxywasm4j.maven.artifact;
