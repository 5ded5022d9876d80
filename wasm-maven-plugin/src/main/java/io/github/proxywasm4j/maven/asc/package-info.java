/** Runs the AssemblyScript compiler and turns its diagnostics into build errors. */
package io.github.proxywasm4j.maven.asc;
