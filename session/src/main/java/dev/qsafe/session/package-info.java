/**
 * Secure sessions (docs/SESSION.md): {@link dev.qsafe.session.Sessions} creates prekeys, starts and
 * accepts sessions and restores exported ones; a {@link dev.qsafe.session.Session} seals and opens
 * messages at the cost of a few labeled HKDF steps and an AEAD, with a KEM ratchet every few messages.
 * {@link dev.qsafe.session.LabeledKdf} is the key schedule's labeled HKDF (RFC 9420 shape).
 */
package dev.qsafe.session;
