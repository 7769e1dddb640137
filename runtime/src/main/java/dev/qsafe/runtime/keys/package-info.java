/**
 * Identities, key encodings (raw, DER, PEM) and identity files.
 */
package dev.qsafe.runtime.keys;
