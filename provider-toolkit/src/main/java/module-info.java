/**
 * The provider toolkit: code shared by the provider modules that reach the same algorithms through different JCA
 * libraries: RFC 9180 DHKEM(X25519, HKDF-SHA256) over an X25519 function, Ed25519 with qsafe's
 * verification rule (canonical, not small-order A and R), AEAD and HKDF adapters, and the argument
 * checks. One copy, so that every provider validates the same inputs and fails with the same typed
 * exceptions. Not a provider and not API: exported only to the provider modules that use it.
 */
module dev.qsafe.provider.toolkit {
    requires transitive dev.qsafe.api;

    exports dev.qsafe.provider.toolkit to dev.qsafe.provider.classical, dev.qsafe.provider.hwaccel;
}
