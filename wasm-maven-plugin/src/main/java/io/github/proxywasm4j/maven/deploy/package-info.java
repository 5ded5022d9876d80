/** Deployment files for a filter: an Envoy v3 bootstrap and an Istio WasmPlugin. */
package io.github.proxywasm4j.maven.deploy;
