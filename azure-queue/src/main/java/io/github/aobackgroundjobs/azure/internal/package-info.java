/**
 * Azure error mapping, queue naming rules and the Functions host's message actions.
 *
 * <p>For: this library only. Stability: none. Not exported by the module.
 */
package io.github.aobackgroundjobs.azure.internal;
