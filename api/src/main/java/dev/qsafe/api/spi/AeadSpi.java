package dev.qsafe.api.spi;

import dev.qsafe.api.Aead;
import dev.qsafe.api.DecryptionFailedException;
import dev.qsafe.api.InvalidInputException;
import dev.qsafe.api.SecretBytes;
import java.util.Arrays;
import java.util.Objects;

/**
 * A provider's AEAD engine. Beyond {@link Aead} it must accept every nonce length its algorithm
 * defines (12 bytes for all of qsafe's AEADs; an AES-GCM engine may accept other lengths, as GCM allows).
 *
 * <p>It can also seal and open between ranges of caller-supplied arrays
 * ({@link #sealInto sealInto}, {@link #openInto openInto}), so that a caller (the envelope format) can
 * write the ciphertext straight into its final output and decrypt into a buffer it reuses. The default
 * methods do it with {@link #seal} and {@link #open} and a copy, so an engine that implements only
 * the array methods keeps working; qsafe's own engines override them without the copy. Input and
 * output ranges must not overlap.
 *
 * @since 0.1.0
 */
public interface AeadSpi extends Aead {
    /**
     * Seals {@code plaintextLength} bytes of {@code plaintext} from {@code plaintextOffset} and writes
     * {@code ciphertext || tag} to {@code output} from {@code outputOffset}.
     *
     * @return the number of bytes written: {@code plaintextLength + algorithm().tagSize()}
     * @throws InvalidInputException         if a range lies outside its array, or the output has fewer than
     *                                       {@code plaintextLength + tagSize} bytes from {@code outputOffset}
     *                                       (then nothing is written), or the nonce length is wrong
     * @throws dev.qsafe.api.InvalidKeyException if the key length is wrong
     */
    default int sealInto(SecretBytes key, byte[] nonce, byte[] associatedData, byte[] plaintext, int plaintextOffset,
                         int plaintextLength, byte[] output, int outputOffset) {
        checkRange("plaintext", plaintext, plaintextOffset, plaintextLength);
        int needed = plaintextLength + algorithm().tagSize();
        checkOutput(output, outputOffset, needed);
        boolean whole = plaintextOffset == 0 && plaintextLength == plaintext.length;
        byte[] in = whole ? plaintext : Arrays.copyOfRange(plaintext, plaintextOffset, plaintextOffset + plaintextLength);
        try {
            byte[] sealed = seal(key, nonce, in, associatedData);
            if (sealed.length != needed) {
                throw new IllegalStateException(algorithm() + " engine returned " + sealed.length + " bytes, expected " + needed);
            }
            System.arraycopy(sealed, 0, output, outputOffset, needed);
            return needed;
        } finally {
            if (!whole) {
                Arrays.fill(in, (byte) 0);
            }
        }
    }

    /**
     * Checks and decrypts {@code ciphertextLength} bytes of {@code ciphertext || tag} from
     * {@code ciphertextOffset}, and writes the plaintext to {@code output} from {@code outputOffset}.
     * Like {@link #open}, it releases no plaintext unless everything matches: when it throws
     * {@link DecryptionFailedException}, the output bytes that would have received plaintext
     * ({@code ciphertextLength - tagSize} from {@code outputOffset}) are zero.
     *
     * @return the plaintext length, {@code ciphertextLength - algorithm().tagSize()}
     * @throws DecryptionFailedException if anything does not match (also when the ciphertext is shorter than a tag)
     * @throws InvalidInputException     if a range lies outside its array, or the output has fewer than
     *                                   {@code ciphertextLength - tagSize} bytes from {@code outputOffset}
     *                                   (then nothing is written), or the nonce length is wrong
     * @throws dev.qsafe.api.InvalidKeyException if the key length is wrong
     */
    default int openInto(SecretBytes key, byte[] nonce, byte[] associatedData, byte[] ciphertext, int ciphertextOffset,
                         int ciphertextLength, byte[] output, int outputOffset) {
        checkRange("ciphertext", ciphertext, ciphertextOffset, ciphertextLength);
        int plaintextLength = ciphertextLength - algorithm().tagSize();
        if (plaintextLength < 0) {
            throw new DecryptionFailedException();
        }
        checkOutput(output, outputOffset, plaintextLength);
        boolean whole = ciphertextOffset == 0 && ciphertextLength == ciphertext.length;
        byte[] in = whole ? ciphertext : Arrays.copyOfRange(ciphertext, ciphertextOffset, ciphertextOffset + ciphertextLength);
        byte[] opened = null;
        try {
            opened = open(key, nonce, in, associatedData);
            if (opened.length != plaintextLength) {
                throw new IllegalStateException(algorithm() + " engine returned " + opened.length + " bytes, expected "
                        + plaintextLength);
            }
            System.arraycopy(opened, 0, output, outputOffset, plaintextLength);
            return plaintextLength;
        } catch (DecryptionFailedException e) {
            Arrays.fill(output, outputOffset, outputOffset + plaintextLength, (byte) 0);
            throw e;
        } finally {
            if (opened != null) {
                Arrays.fill(opened, (byte) 0);
            }
        }
    }

    /**
     * Checks that {@code [offset, offset + length)} lies inside {@code array}.
     *
     * @throws InvalidInputException if it does not
     */
    private static void checkRange(String what, byte[] array, int offset, int length) {
        Objects.requireNonNull(array, what);
        if (offset < 0 || length < 0 || offset > array.length - length) {
            throw new InvalidInputException(what + " range [" + offset + ", +" + length + ") lies outside its "
                    + array.length + "-byte array");
        }
    }

    private static void checkOutput(byte[] output, int offset, int needed) {
        Objects.requireNonNull(output, "output");
        if (offset < 0 || offset > output.length) {
            throw new InvalidInputException("output offset " + offset + " lies outside the " + output.length + "-byte array");
        }
        if (output.length - offset < needed) {
            throw new InvalidInputException("output has " + (output.length - offset) + " bytes from offset " + offset
                    + ", the result needs " + needed);
        }
    }
}
