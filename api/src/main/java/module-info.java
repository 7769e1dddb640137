/**
 * qsafe's public API and provider SPI.
 *
 * <p>{@code dev.qsafe.api} holds what applications use: {@link dev.qsafe.api.CryptoMode modes},
 * {@link dev.qsafe.api.Algorithm algorithm identifiers}, keys, the primitive interfaces and the
 * exception hierarchy. {@code dev.qsafe.api.spi} holds what a provider module implements:
 * {@link dev.qsafe.api.spi.CryptoProvider}, discovered with {@link java.util.ServiceLoader}.
 */
module dev.qsafe.api {
    exports dev.qsafe.api;
    exports dev.qsafe.api.spi;
}
