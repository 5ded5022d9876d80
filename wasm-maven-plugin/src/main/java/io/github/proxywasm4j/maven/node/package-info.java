/** Finds a usable Node.js (parameter, environment, PATH) or installs the pinned one. */
package io.github.proxywasm4j.maven.node;
