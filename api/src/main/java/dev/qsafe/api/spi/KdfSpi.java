package dev.qsafe.api.spi;

import dev.qsafe.api.Kdf;

/**
 * A provider's KDF engine.
 *
 * @since 0.1.0
 */
public interface KdfSpi extends Kdf {
}
