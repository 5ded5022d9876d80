/** File helpers: atomic writes and digests. */
package io.github.proxywasm4j.maven.fs;
