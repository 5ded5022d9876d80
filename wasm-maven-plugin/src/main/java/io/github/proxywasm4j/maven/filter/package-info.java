/** The filter settings every goal hands to the filter: root id, plugin configuration, failure policy. */
package io.github.proxywasm4j.maven.filter;
