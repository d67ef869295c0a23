/** Engine of the Micrometer binding. Not API: may change in any release. */
package io.github.aobackgroundjobs.micrometer.internal;
