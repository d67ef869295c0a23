/**
 * The zip builder job on an Azure Functions queue trigger.
 *
 * <p>For: readers of this project (not published). Stability: none.
 */
package io.github.aobackgroundjobs.samples.zipbuilder;
