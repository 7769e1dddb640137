/** The session protocol's implementation: wire codecs, key schedule, ratchet state. Not exported. */
package dev.qsafe.session.internal;
