/** Thin mojos: parameters become an immutable request for a plain class. */
package io.github.proxywasm4j.maven.mojo;
