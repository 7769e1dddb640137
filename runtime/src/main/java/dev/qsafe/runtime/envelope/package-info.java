/**
 * What can be read of an envelope without opening it: {@link dev.qsafe.runtime.envelope.EnvelopeHeader}.
 */
package dev.qsafe.runtime.envelope;
