/** The build of one filter: Node, npm, asc, in that order, skipped when nothing changed. */
package io.github.proxywasm4j.maven.build;
