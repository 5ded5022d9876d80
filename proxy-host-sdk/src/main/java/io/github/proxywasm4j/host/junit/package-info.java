/** JUnit 6 extension and AssertJ-style assertions for filter tests (needs junit-jupiter-api and assertj-core on the test classpath). */
package io.github.proxywasm4j.host.junit;
