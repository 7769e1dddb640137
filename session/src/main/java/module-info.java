/**
 * qsafe's secure sessions (docs/SESSION.md): a prekey bundle signed by the identity, a first message
 * sealed with HPKE to a prekey and signed by the initiator, then per-message keys from labeled-HKDF
 * chains and a periodic KEM ratchet. Built on the runtime's exported API, which never reads this module.
 */
module dev.qsafe.session {
    requires transitive dev.qsafe.runtime;

    exports dev.qsafe.session;
    // dev.qsafe.session.internal (wire codecs, key schedule, ratchet state) stays unexported
}
