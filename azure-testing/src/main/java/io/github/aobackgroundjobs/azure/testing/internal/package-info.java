/**
 * The two ways of running Azurite behind the fixture (a Docker container, npm processes), the
 * lookup of the npm launchers and the reading of the settings.
 *
 * <p>For: this module only. Stability: none.
 */
package io.github.aobackgroundjobs.azure.testing.internal;
