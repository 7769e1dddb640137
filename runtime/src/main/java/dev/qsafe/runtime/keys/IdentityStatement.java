package dev.qsafe.runtime.keys;

import dev.qsafe.api.InvalidInputException;
import dev.qsafe.api.InvalidKeyException;
import dev.qsafe.api.InvalidSignatureException;
import dev.qsafe.api.PublicKey;
import dev.qsafe.runtime.registry.CryptoRegistry;
import dev.qsafe.runtime.suite.Suite;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;

/**
 * What a public identity says about itself, as the bytes its owner signs and its fingerprint hashes
 * (see {@code docs/KEYS.md}): each field as a 4-byte big-endian length and its bytes,
 * <pre>
 * statement = lp("qsafe public identity v2") | lp(name, UTF-8)
 *           | lp(suite name) | lp(mode) | lp(suite KEM) | lp(suite signature) | lp(suite AEAD) | lp(suite KDF)
 *           | lp("kem") | lp(KEM key algorithm) | lp(raw KEM public key)
 *           | lp("signature") | lp(signature key algorithm) | lp(raw signature public key)
 * fingerprint   = lower-case hex of SHA-256(statement)
 * selfSignature = Sign(the identity's own signature private key, statement, empty context)
 * </pre>
 * A keyset identity (version 3 files) has its own statement, and a fingerprint over its identity key
 * only, so that rotating KEM keys keeps the fingerprint:
 * <pre>
 * statement   = lp("qsafe public identity v3") | lp(name, UTF-8)
 *             | lp(suite name) | lp(mode) | lp(suite KEM) | lp(suite signature) | lp(suite AEAD) | lp(suite KDF)
 *             | lp("signature") | lp(signature key algorithm) | lp(raw signature public key)
 *             | for each KEM key, in file order:
 *                 lp("kem") | lp(KEM key algorithm) | lp(raw KEM public key) | lp(status) | lp(created, or "")
 * fingerprint = lower-case hex of SHA-256(lp("qsafe identity key v3") | lp(name) | the six suite fields
 *             | lp("signature") | lp(signature key algorithm) | lp(raw signature public key))
 * </pre>
 * The label differs from the first bytes of every other input qsafe signs (detached signatures start
 * with {@code "qsafe signature v1"}, envelope senders' signatures with the envelope's own label), so a
 * self-signature is never a valid message signature and the other way round.
 */
final class IdentityStatement {
    /** The label, first field of the statement. */
    static final String LABEL = "qsafe public identity v2";
    /** The label of a keyset identity's statement. */
    static final String KEYSET_LABEL = "qsafe public identity v3";
    /** The label of a keyset identity's fingerprint input. */
    static final String IDENTITY_KEY_LABEL = "qsafe identity key v3";
    /** Bytes of SHA-256. */
    static final int FINGERPRINT_BYTES = 32;

    private IdentityStatement() {
    }

    /** The statement of {@code identity}. */
    static byte[] encode(PublicIdentity identity) {
        if (identity.isKeyset()) {
            ByteArrayOutputStream out = identityKey(KEYSET_LABEL, identity);
            for (KeyInfo k : identity.keyset()) {
                key(out, "kem", k.publicKey());
                lengthPrefixed(out, k.status().label().getBytes(StandardCharsets.US_ASCII));
                lengthPrefixed(out, k.created().map(Object::toString).orElse("").getBytes(StandardCharsets.US_ASCII));
            }
            return out.toByteArray();
        }
        Suite s = identity.suite();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (String field : List.of(LABEL, identity.name(), s.name(), s.mode().name(), s.kem().name(), s.signature().name(),
                s.aead().name(), s.kdf().name())) {
            lengthPrefixed(out, field.getBytes(StandardCharsets.UTF_8));
        }
        key(out, "kem", identity.kem());
        key(out, "signature", identity.signature());
        return out.toByteArray();
    }

    /** Label, name, suite and signature key: a keyset identity's fingerprint input, and the start of its statement. */
    private static ByteArrayOutputStream identityKey(String label, PublicIdentity identity) {
        Suite s = identity.suite();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (String field : List.of(label, identity.name(), s.name(), s.mode().name(), s.kem().name(), s.signature().name(),
                s.aead().name(), s.kdf().name())) {
            lengthPrefixed(out, field.getBytes(StandardCharsets.UTF_8));
        }
        key(out, "signature", identity.signature());
        return out;
    }

    /**
     * The fingerprint of {@code identity}, lower-case hex: SHA-256 of its statement (single-key), or of its
     * identity key (keyset).
     */
    static String fingerprint(PublicIdentity identity) {
        byte[] input = identity.isKeyset() ? identityKey(IDENTITY_KEY_LABEL, identity).toByteArray() : encode(identity);
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(input));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is required by every Java platform", e);
        }
    }

    /** The owner's signature of the statement of its public identity. */
    static byte[] sign(Identity owner, CryptoRegistry registry) {
        return registry.signature(owner.suite().signature())
                .sign(owner.signature().privateKey(), encode(owner.publicIdentity()), new byte[0]);
    }

    /**
     * Whether {@code signature} is the signature of {@code identity}'s statement by its own signature key.
     * An engine error about the key or the signature counts as "no".
     */
    static boolean verifies(PublicIdentity identity, byte[] signature, CryptoRegistry registry) {
        try {
            registry.signature(identity.signature().algorithm()).verify(identity.signature(), encode(identity), signature,
                    new byte[0]);
            return true;
        } catch (InvalidSignatureException | InvalidKeyException | InvalidInputException e) {
            return false;
        }
    }

    private static void key(ByteArrayOutputStream out, String slot, PublicKey key) {
        lengthPrefixed(out, slot.getBytes(StandardCharsets.US_ASCII));
        lengthPrefixed(out, key.algorithm().name().getBytes(StandardCharsets.UTF_8));
        lengthPrefixed(out, key.encoded());
    }

    /** {@code bytes} after its length as 4 big-endian bytes; also the identity file's associated data ({@link IdentityFiles}). */
    static void lengthPrefixed(ByteArrayOutputStream out, byte[] bytes) {
        int n = bytes.length;
        out.write(n >>> 24);
        out.write(n >>> 16);
        out.write(n >>> 8);
        out.write(n);
        out.writeBytes(bytes);
    }
}
