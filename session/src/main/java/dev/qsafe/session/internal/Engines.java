package dev.qsafe.session.internal;

import dev.qsafe.api.Aead;
import dev.qsafe.api.Kem;
import dev.qsafe.api.SignatureScheme;
import dev.qsafe.runtime.hpke.Hpke;
import dev.qsafe.runtime.registry.CryptoRegistry;
import dev.qsafe.runtime.suite.Suite;

/**
 * The engines a session of one suite uses, selected once by the registry.
 *
 * @param suite     the suite
 * @param kem       setup prekeys and the KEM ratchet
 * @param signature identity signatures
 * @param aead      message encryption
 * @param labeled   the key schedule with the qsafe prefix
 * @param hpke      setup encryption to a prekey
 */
public record Engines(Suite suite, Kem kem, SignatureScheme signature, Aead aead, Labeled labeled, Hpke hpke) {
    public static Engines of(CryptoRegistry registry, Suite suite) {
        return new Engines(suite, registry.kem(suite.kem()), registry.signature(suite.signature()), registry.aead(suite.aead()),
                new Labeled(registry.kdf(suite.kdf()), Labeled.QSAFE_PREFIX), Hpke.of(registry, suite.kem(), suite.kdf(), suite.aead()));
    }

    public int nh() {
        return labeled.hashLength();
    }

    public int nk() {
        return suite.aead().keySize();
    }

    public int nn() {
        return suite.aead().nonceSize();
    }
}
