/**
 * The provider toolkit: code shared by the provider modules, so that each exists once. RFC 9180
 * DHKEM(X25519, HKDF-SHA256) over an X25519 function, Ed25519 with qsafe's verification rule
 * (canonical, not small-order A and R), AEAD and HKDF adapters over JCA libraries; the argument checks
 * and the errors for bad keys ({@code Checks}), so that every provider validates the same inputs and
 * fails with the same typed exception and message; the DER wrappers around raw keys for JCA key
 * factories ({@code Der}); the seed feeder for JDK key generators ({@code SeedRandom}); fresh seeds,
 * the seed check and seed key pairs ({@code SeedKeys}), and the common part of an engine whose private key
 * is its seed ({@code SeedKeyedEngine}); and the common
 * part of a provider with a weight table ({@code WeightedProvider}).
 * Not a provider and not API: exported only to the provider modules that use it. provider-hybrid does
 * not use it: by design it depends on the api alone.
 */
module dev.qsafe.provider.toolkit {
    requires transitive dev.qsafe.api;

    exports dev.qsafe.provider.toolkit to dev.qsafe.provider.classical, dev.qsafe.provider.pqc, dev.qsafe.provider.hwaccel;
}
