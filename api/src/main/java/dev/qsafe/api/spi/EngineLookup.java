package dev.qsafe.api.spi;

import dev.qsafe.api.Algorithm;

/**
 * How a provider that composes other algorithms (a hybrid KEM, a composite signature) obtains its
 * component engines: from whatever provider the registry selects, never by depending on another
 * provider module.
 *
 * @since 0.1.0
 */
public interface EngineLookup {
    /** The selected KEM engine for {@code algorithm}. @throws dev.qsafe.api.UnsupportedAlgorithmException if none */
    KemSpi kem(Algorithm algorithm);

    /** The selected signature engine. @throws dev.qsafe.api.UnsupportedAlgorithmException if none */
    SignatureSpi signature(Algorithm algorithm);

    /** The selected AEAD engine. @throws dev.qsafe.api.UnsupportedAlgorithmException if none */
    AeadSpi aead(Algorithm algorithm);

    /** The selected KDF engine. @throws dev.qsafe.api.UnsupportedAlgorithmException if none */
    KdfSpi kdf(Algorithm algorithm);

    /** The selected XOF engine. @throws dev.qsafe.api.UnsupportedAlgorithmException if none */
    XofSpi xof(Algorithm algorithm);
}
