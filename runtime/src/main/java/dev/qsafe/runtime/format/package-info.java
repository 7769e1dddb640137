/**
 * The data path: {@link dev.qsafe.runtime.format.Envelopes}, one per facade, seals, opens, signs and
 * verifies with the envelope and detached-signature wire formats (docs/FORMAT.md). Not exported: reached
 * through the facade.
 */
package dev.qsafe.runtime.format;
