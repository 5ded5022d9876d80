/** The host's limits on what a guest can make it hold: the settings, the one message, the budget. */
package io.github.proxywasm4j.host.internal.limits;
