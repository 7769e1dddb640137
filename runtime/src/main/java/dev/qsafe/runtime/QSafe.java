package dev.qsafe.runtime;

import dev.qsafe.api.Algorithm;
import dev.qsafe.api.ConfigurationException;
import dev.qsafe.api.CryptoMode;
import java.util.List;
import java.util.Objects;

/**
 * The front door: generate identities, seal and open messages, sign and verify, in any mode.
 *
 * <pre>{@code
 * QSafe qsafe = QSafe.newBuilder().build();                 // configuration from system properties
 * Identity alice = qsafe.generateIdentity("alice", CryptoMode.HYBRID);
 * Identity bob = qsafe.generateIdentity("bob", CryptoMode.HYBRID);
 * byte[] envelope = qsafe.seal(message, bob.publicIdentity(), alice);
 * byte[] opened = qsafe.open(envelope, bob, alice.publicIdentity());
 * }</pre>
 *
 * <p>Sealing uses the recipient's KEM key and, for the AEAD and KDF, the configured suite of the
 * recipient's mode when that suite uses the same KEM (otherwise the recipient's own suite): changing
 * the configuration changes new messages, while every envelope names its own algorithms, so older
 * messages open as long as the policy allows them. Thread-safe.
 */
public final class QSafe {
    private final CryptoRegistry registry;
    private final QSafeConfig config;

    private QSafe(CryptoRegistry registry, QSafeConfig config) {
        this.registry = registry;
        this.config = config;
    }

    /** A builder. */
    public static Builder newBuilder() {
        return new Builder();
    }

    /** The configuration in force. */
    public QSafeConfig config() {
        return config;
    }

    /** The registry whose engines are used. */
    public CryptoRegistry registry() {
        return registry;
    }

    /** A new identity in the configured default mode. */
    public Identity generateIdentity(String name) {
        return generateIdentity(name, config.defaultMode());
    }

    /**
     * A new identity with the configured suite of {@code mode}.
     *
     * @throws dev.qsafe.api.PolicyViolationException if the policy does not allow that suite
     */
    public Identity generateIdentity(String name, CryptoMode mode) {
        Suite suite = config.suite(mode);
        config.policy().check("suite " + suite.name(), suite.algorithms());
        return Identity.generate(name, suite, registry);
    }

    /**
     * Seals {@code message} for {@code recipient}, signed by {@code sender}.
     *
     * @throws dev.qsafe.api.PolicyViolationException if the policy does not allow the algorithms
     * @throws dev.qsafe.api.InvalidInputException    if the message is larger than the configured maximum
     */
    public byte[] seal(byte[] message, PublicIdentity recipient, Identity sender) {
        Objects.requireNonNull(message, "message");
        Suite configured = config.suite(recipient.suite().mode());
        Suite suite = configured.kem().equals(recipient.kem().algorithm()) ? configured : recipient.suite();
        config.policy().check("suite " + suite.name(),
                List.of(recipient.kem().algorithm(), suite.kdf(), suite.aead(), sender.signature().algorithm()));
        return EnvelopeFormat.seal(registry, suite.kdf(), suite.aead(), recipient.kem(), sender.signature(), message,
                config.maxMessageBytes());
    }

    /**
     * Opens an envelope sealed to {@code recipient} and checks it was signed by {@code sender}.
     *
     * @throws dev.qsafe.api.DecryptionFailedException uniformly, for any cryptographic failure
     * @throws dev.qsafe.api.PolicyViolationException  if the envelope's suite is not allowed (naming suite and rule)
     * @throws dev.qsafe.api.InvalidKeyException       if it was sealed to another key, or {@code recipient} was destroyed
     * @throws dev.qsafe.api.InvalidInputException     if the bytes are not a well-formed envelope
     */
    public byte[] open(byte[] envelope, Identity recipient, PublicIdentity sender) {
        return EnvelopeFormat.open(registry, config.policy(), envelope, recipient.kem(), sender.signature(),
                config.maxMessageBytes());
    }

    /** The header of an envelope (no key needed; nothing is authenticated until it is opened). */
    public EnvelopeHeader inspect(byte[] envelope) {
        return EnvelopeFormat.readHeader(envelope, config.maxMessageBytes());
    }

    /** A detached signature of {@code message} by {@code signer}. */
    public byte[] sign(byte[] message, Identity signer) {
        Algorithm alg = signer.signature().algorithm();
        config.policy().check("signature " + alg, List.of(alg));
        return SignatureFormat.sign(registry, signer.signature(), message);
    }

    /**
     * Verifies a detached signature.
     *
     * @throws dev.qsafe.api.InvalidSignatureException if it is not {@code signer}'s signature of {@code message}
     */
    public void verify(byte[] message, byte[] signature, PublicIdentity signer) {
        SignatureFormat.verify(registry, config.policy(), signer.signature(), message, signature);
    }

    /** Builds a {@link QSafe}; each setter may be called once. */
    public static final class Builder {
        private CryptoRegistry registry;
        private QSafeConfig config;

        private Builder() {
        }

        /** The configuration; default {@link QSafeConfig#fromSystem()}. */
        public Builder config(QSafeConfig config) {
            if (this.config != null) {
                throw new ConfigurationException("config is already set");
            }
            this.config = Objects.requireNonNull(config, "config");
            return this;
        }

        /** The registry; default {@link CryptoRegistry#discover(RegistryConfig)} with the configuration's providers. */
        public Builder registry(CryptoRegistry registry) {
            if (this.registry != null) {
                throw new ConfigurationException("registry is already set");
            }
            this.registry = Objects.requireNonNull(registry, "registry");
            return this;
        }

        /** The facade. */
        public QSafe build() {
            QSafeConfig c = config != null ? config : QSafeConfig.fromSystem();
            CryptoRegistry r = registry != null ? registry : CryptoRegistry.discover(c.providers());
            return new QSafe(r, c);
        }
    }
}
