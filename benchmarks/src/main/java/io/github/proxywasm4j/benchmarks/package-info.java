/** JMH benchmarks of proxy-host-sdk, with the modules and drivers they need. */
package io.github.proxywasm4j.benchmarks;
