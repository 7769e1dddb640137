package dev.qsafe.api.spi;

import dev.qsafe.api.Kdf;

/** A provider's KDF engine. */
public interface KdfSpi extends Kdf {
}
