package dev.qsafe.api.spi;

import dev.qsafe.api.Aead;

/**
 * A provider's AEAD engine. Beyond {@link Aead} it must accept every nonce length its algorithm
 * defines (12 bytes for all of qsafe's AEADs; an AES-GCM engine may accept other lengths, as GCM allows).
 */
public interface AeadSpi extends Aead {
}
