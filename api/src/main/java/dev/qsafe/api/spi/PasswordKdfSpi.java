package dev.qsafe.api.spi;

import dev.qsafe.api.PasswordKdf;

/** A provider's password-based KDF engine. */
public interface PasswordKdfSpi extends PasswordKdf {
}
