package dev.qsafe.api.spi;

import dev.qsafe.api.PasswordKdf;

/**
 * A provider's password-based KDF engine.
 *
 * @since 0.1.0
 */
public interface PasswordKdfSpi extends PasswordKdf {
}
