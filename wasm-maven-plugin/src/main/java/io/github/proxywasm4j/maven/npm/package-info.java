/** Installs the filter's npm dependencies ({@code npm ci} or {@code npm install}). */
package io.github.proxywasm4j.maven.npm;
