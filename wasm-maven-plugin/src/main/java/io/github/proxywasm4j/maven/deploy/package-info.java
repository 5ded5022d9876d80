/** The package step: the artifact, the OCI image archive, and the deployment files (an Envoy v3 bootstrap and an Istio WasmPlugin). */
package io.github.proxywasm4j.maven.deploy;
