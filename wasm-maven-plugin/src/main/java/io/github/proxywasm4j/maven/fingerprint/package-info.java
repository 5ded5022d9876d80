/** SHA-256 fingerprints of build inputs, so an unchanged project is not rebuilt. */
package io.github.proxywasm4j.maven.fingerprint;
