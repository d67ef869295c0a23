/**
 * How a received queue message becomes a message action, the same for every host: the
 * {@link io.github.aobackgroundjobs.delivery.Outcome} table,
 * {@link io.github.aobackgroundjobs.delivery.JobMessageHandler} (one delivery from dequeue-count
 * check to message action), the {@link io.github.aobackgroundjobs.delivery.MessageActions} a host
 * implements, and the message format ({@link io.github.aobackgroundjobs.delivery.JobMessageCodec}:
 * base64 of the JSON id, the original's).
 *
 * <p>For: hosts (this library's worker and Azure Functions adapter, or an application's own
 * host). Stability: public API.
 */
package io.github.aobackgroundjobs.delivery;
