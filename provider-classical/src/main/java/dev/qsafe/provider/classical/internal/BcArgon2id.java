package dev.qsafe.provider.classical.internal;

import dev.qsafe.provider.toolkit.Checks;
import dev.qsafe.api.Algorithm;
import dev.qsafe.api.InvalidInputException;
import dev.qsafe.api.PasswordKdfParameters;
import dev.qsafe.api.spi.PasswordKdfSpi;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CharsetEncoder;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Objects;
import org.bouncycastle.crypto.generators.Argon2BytesGenerator;
import org.bouncycastle.crypto.params.Argon2Parameters;

/**
 * Argon2id (RFC 9106, version 0x13) from Bouncy Castle's {@link Argon2BytesGenerator}, without a
 * secret value or associated data. The passphrase is encoded as UTF-8 (not normalized), the bytes
 * are wiped after use. The cost bounds are those of {@link PasswordKdfParameters}.
 */
final class BcArgon2id implements PasswordKdfSpi {
    /** Shortest salt accepted: RFC 9106 section 3.1 recommends 16 bytes for password hashing. */
    static final int MIN_SALT = 16;
    /** Shortest output: RFC 9106 section 3.1 requires a tag length of at least 4 bytes. */
    static final int MIN_LENGTH = 4;
    /** Longest output qsafe asks for; a key derivation never needs more. */
    static final int MAX_LENGTH = 1024;

    @Override
    public Algorithm algorithm() {
        return Algorithm.ARGON2ID;
    }

    @Override
    public byte[] derive(char[] passphrase, byte[] salt, PasswordKdfParameters parameters, int length) {
        Objects.requireNonNull(passphrase, "passphrase");
        Objects.requireNonNull(salt, "salt");
        Objects.requireNonNull(parameters, "parameters");
        if (salt.length < MIN_SALT) {
            throw new InvalidInputException("Argon2id salt must be at least " + MIN_SALT + " bytes, got " + salt.length
                    + "; use 16 random bytes");
        }
        if (length < MIN_LENGTH || length > MAX_LENGTH) {
            throw new InvalidInputException("Argon2id output length must be " + MIN_LENGTH + ".." + MAX_LENGTH
                    + " bytes, got " + length);
        }
        byte[] password = utf8(passphrase);
        try {
            Argon2BytesGenerator generator = new Argon2BytesGenerator();
            generator.init(new Argon2Parameters.Builder(Argon2Parameters.ARGON2_id)
                    .withVersion(Argon2Parameters.ARGON2_VERSION_13)
                    .withSalt(salt)
                    .withMemoryAsKB(parameters.memoryKiB())
                    .withIterations(parameters.iterations())
                    .withParallelism(parameters.parallelism())
                    .build());
            byte[] out = new byte[length];
            generator.generateBytes(password, out);
            return out;
        } catch (RuntimeException e) {
            throw Checks.engineFailure("Argon2id", e);
        } finally {
            Arrays.fill(password, (byte) 0);
        }
    }

    /** The UTF-8 bytes of {@code chars}, through no intermediate {@link String}; the caller wipes them. */
    private static byte[] utf8(char[] chars) {
        CharsetEncoder encoder = StandardCharsets.UTF_8.newEncoder()
                .onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT);
        ByteBuffer buffer = null;
        try {
            buffer = encoder.encode(CharBuffer.wrap(chars));
            return Arrays.copyOfRange(buffer.array(), buffer.arrayOffset() + buffer.position(),
                    buffer.arrayOffset() + buffer.limit());
        } catch (CharacterCodingException e) {
            throw new InvalidInputException("passphrase is not valid UTF-16 text (an unpaired surrogate character)", e);
        } finally {
            if (buffer != null && buffer.hasArray()) {
                Arrays.fill(buffer.array(), (byte) 0);
            }
        }
    }
}
