package dev.qsafe.runtime.envelope;

import dev.qsafe.api.Algorithm;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * What the unencrypted header of a sealed envelope says (see {@code docs/FORMAT.md}). Reading it
 * needs no key and proves nothing: the header is authenticated only when the envelope is opened.
 *
 * @param version          the format version (1, 2 or 3)
 * @param kem              the KEM, from its HPKE id (version 3: the first recipient's)
 * @param kdf              the KDF, from its HPKE id
 * @param aead             the AEAD, from its HPKE id
 * @param recipientKeyId   the key id of the recipient's KEM public key (32 hex digits; version 3: the first
 *                         recipient's, empty when the envelope hides key ids)
 * @param encLength        length of the KEM encapsulation (version 3: the first recipient's)
 * @param ciphertextLength length of the HPKE ciphertext (signed inner message + tag), or of the chunks (versions 2 and 3)
 * @param recipients       every recipient entry (one for versions 1 and 2)
 * @since 0.1.0
 */
public record EnvelopeHeader(int version, Algorithm kem, Algorithm kdf, Algorithm aead, String recipientKeyId,
                             int encLength, int ciphertextLength, List<Recipient> recipients) {
    /** Checks and copies the recipient list. */
    public EnvelopeHeader {
        recipients = List.copyOf(Objects.requireNonNull(recipients, "recipients"));
    }

    /** A header with one recipient (versions 1 and 2). */
    public EnvelopeHeader(int version, Algorithm kem, Algorithm kdf, Algorithm aead, String recipientKeyId,
                          int encLength, int ciphertextLength) {
        this(version, kem, kdf, aead, recipientKeyId, encLength, ciphertextLength,
                List.of(new Recipient(kem, Optional.of(recipientKeyId), encLength)));
    }

    /** How many recipients the envelope has (an outsider sees this too). */
    public int recipientCount() {
        return recipients.size();
    }

    /**
     * One recipient entry as the header shows it.
     *
     * @param kem       the recipient's KEM
     * @param keyId     its key id, empty when the envelope hides key ids
     * @param encLength length of its encapsulation
     * @since 0.1.0
     */
    public record Recipient(Algorithm kem, Optional<String> keyId, int encLength) {
        /** Checks the arguments. */
        public Recipient {
            Objects.requireNonNull(kem, "kem");
            Objects.requireNonNull(keyId, "keyId");
        }
    }
}
