/** Internals of the local proxy: YAML walking, routing, the Jetty handlers and the admin page. */
package io.github.proxywasm4j.localproxy.internal;
