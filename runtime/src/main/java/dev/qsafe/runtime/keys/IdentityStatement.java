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

    /**
     * Where a statement's bytes go: an array being built ({@link #encode}), or a digest being fed, so that
     * a fingerprint never builds the statement (a few kilobytes for post-quantum keys) only to hash it.
     */
    private interface Sink {
        void write(int b);

        void write(byte[] b);
    }

    /** The statement of {@code identity}. */
    static byte[] encode(PublicIdentity identity) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(statementSize(identity));
        statement(identity, sink(out));
        return out.toByteArray();
    }

    /** The statement of {@code identity} into {@code out}. */
    private static void statement(PublicIdentity identity, Sink out) {
        if (identity.isKeyset()) {
            identityKey(KEYSET_LABEL, identity, out);
            for (KeyInfo k : identity.keyset()) {
                key(out, "kem", k.publicKey());
                lengthPrefixed(out, k.status().label().getBytes(StandardCharsets.US_ASCII));
                lengthPrefixed(out, k.created().map(Object::toString).orElse("").getBytes(StandardCharsets.US_ASCII));
            }
            return;
        }
        suiteFields(LABEL, identity, out);
        key(out, "kem", identity.kem());
        key(out, "signature", identity.signature());
    }

    /** Room for the statement: the keys and a little for labels and names (a guess that saves the growth copies). */
    private static int statementSize(PublicIdentity identity) {
        int keys = identity.signature().length() + identity.kem().length();
        for (KeyInfo k : identity.keyset()) {
            keys += k.publicKey().length() + 64;
        }
        return keys + 512;
    }

    /** The label, name and six suite fields. */
    private static void suiteFields(String label, PublicIdentity identity, Sink out) {
        Suite s = identity.suite();
        for (String field : List.of(label, identity.name(), s.name(), s.mode().name(), s.kem().name(), s.signature().name(),
                s.aead().name(), s.kdf().name())) {
            lengthPrefixed(out, field.getBytes(StandardCharsets.UTF_8));
        }
    }

    /** Label, name, suite and signature key: a keyset identity's fingerprint input, and the start of its statement. */
    private static void identityKey(String label, PublicIdentity identity, Sink out) {
        suiteFields(label, identity, out);
        key(out, "signature", identity.signature());
    }

    /**
     * The fingerprint of {@code identity}, lower-case hex: SHA-256 of its statement (single-key), or of its
     * identity key (keyset), fed to the digest field by field.
     */
    static String fingerprint(PublicIdentity identity) {
        MessageDigest md = sha256();
        Sink out = sink(md);
        if (identity.isKeyset()) {
            identityKey(IDENTITY_KEY_LABEL, identity, out);
        } else {
            statement(identity, out);
        }
        return HexFormat.of().formatHex(md.digest());
    }

    /** The bytes {@link #fingerprint} hashes, built as an array: what a test compares the streamed fingerprint with. */
    static byte[] fingerprintInput(PublicIdentity identity) {
        if (!identity.isKeyset()) {
            return encode(identity);
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        identityKey(IDENTITY_KEY_LABEL, identity, sink(out));
        return out.toByteArray();
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is required by every Java platform", e);
        }
    }

    private static Sink sink(ByteArrayOutputStream out) {
        return new Sink() {
            @Override
            public void write(int b) {
                out.write(b);
            }

            @Override
            public void write(byte[] b) {
                out.writeBytes(b);
            }
        };
    }

    private static Sink sink(MessageDigest md) {
        return new Sink() {
            @Override
            public void write(int b) {
                md.update((byte) b);
            }

            @Override
            public void write(byte[] b) {
                md.update(b);
            }
        };
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

    private static void key(Sink out, String slot, PublicKey key) {
        lengthPrefixed(out, slot.getBytes(StandardCharsets.US_ASCII));
        lengthPrefixed(out, key.algorithm().name().getBytes(StandardCharsets.UTF_8));
        lengthPrefixed(out, key.encoded());
    }

    /** {@code bytes} after its length as 4 big-endian bytes; also the identity file's associated data ({@link IdentityFiles}). */
    static void lengthPrefixed(ByteArrayOutputStream out, byte[] bytes) {
        lengthPrefixed(sink(out), bytes);
    }

    private static void lengthPrefixed(Sink out, byte[] bytes) {
        int n = bytes.length;
        out.write(n >>> 24);
        out.write(n >>> 16);
        out.write(n >>> 8);
        out.write(n);
        out.write(bytes);
    }
}
