package dev.qsafe.conformance.internal;

import static dev.qsafe.conformance.internal.Checks.concat;
import static dev.qsafe.conformance.internal.Checks.equal;

import dev.qsafe.api.Algorithm;
import dev.qsafe.api.DecryptionFailedException;
import dev.qsafe.api.InvalidInputException;
import dev.qsafe.api.InvalidKeyException;
import dev.qsafe.api.InvalidSignatureException;
import dev.qsafe.api.PrivateKey;
import dev.qsafe.api.QSafeException;
import dev.qsafe.api.SecretBytes;
import dev.qsafe.api.spi.AeadSpi;
import dev.qsafe.api.spi.KdfSpi;
import dev.qsafe.api.spi.KeyAgreementSpi;
import dev.qsafe.api.spi.KemSpi;
import java.security.MessageDigest;
import java.util.Arrays;
import tools.jackson.databind.JsonNode;

/** The Wycheproof families of classical primitives: AEAD, XDH, EdDSA verification, HKDF and HMAC. */
final class WycheproofClassical {
    /** The nonce length every qsafe AEAD defines; other lengths an engine may refuse. */
    private static final int NONCE_LENGTH = 12;
    private static final byte[] NO_CONTEXT = new byte[0];

    private WycheproofClassical() {
    }

    /**
     * {@code aead_test_schema} (AES-GCM, ChaCha20-Poly1305): a valid case seals {@code msg} to exactly
     * {@code ct || tag} and opens it back; an invalid one must not open (with
     * {@link DecryptionFailedException}, or any typed error for a nonce of a length the algorithm does
     * not define). An engine may refuse nonce lengths other than 12 bytes: such valid cases are skipped
     * on it.
     */
    static void aead(String algorithm, Wycheproof.Test t, Plan plan) {
        int keyBits = Fields.integer(t.group(), "keySize");
        int tagBits = Fields.integer(t.group(), "tagSize");
        String name = switch (algorithm) {
            case "AES-GCM" -> "AES-" + keyBits + "-GCM";
            case "CHACHA20-POLY1305" -> "ChaCha20-Poly1305";
            default -> algorithm;
        };
        if (tagBits != 128) {
            plan.skip(name, "tags of " + tagBits + " bits: qsafe's AEADs use 128-bit tags", SkipKind.ABSENT, 1);
            return;
        }
        SecretBytes key = SecretBytes.copyOf(t.hex("key"));
        byte[] iv = t.hex("iv");
        byte[] aad = t.hex("aad");
        byte[] msg = t.hex("msg");
        byte[] sealed = concat(t.hex("ct"), t.hex("tag"));
        boolean valid = t.result().equals("valid");
        Class<? extends QSafeException> rejection = iv.length == NONCE_LENGTH ? DecryptionFailedException.class : QSafeException.class;
        plan.add(name, plan.engines()::aead, VectorCase.of(t.id(), t.expect(rejection), (AeadSpi aead) -> {
            if (valid) {
                equal("ciphertext and tag", sealed, seal(aead, key, iv, msg, aad));
            }
            equal("plaintext", msg, aead.open(key, iv, sealed, aad));
        }));
    }

    private static byte[] seal(AeadSpi aead, SecretBytes key, byte[] iv, byte[] msg, byte[] aad) {
        try {
            return aead.seal(key, iv, msg, aad);
        } catch (InvalidInputException e) {
            if (iv.length != NONCE_LENGTH) {
                throw new Skip("the engine refuses " + iv.length + "-byte nonces (AeadSpi requires " + NONCE_LENGTH + ")");
            }
            throw e;
        }
    }

    /**
     * {@code xdh_comp_schema} (X25519), through the raw function under DHKEM ({@link KeyAgreementSpi}):
     * the shared value must be exactly {@code shared}; an all-zero result must be refused with
     * {@link InvalidKeyException} (RFC 9180 section 7.1.4), which "acceptable" cases (twist points,
     * non-canonical encodings) may also get. Engines without the raw function skip the cases.
     */
    static void xdh(String algorithm, Wycheproof.Test t, Plan plan) {
        String curve = Fields.text(t.group(), "curve");
        if (!curve.equals("curve25519")) {
            plan.skip(curve, Engines.unknown(curve), Absent.kindOf(curve), 1);
            return;
        }
        byte[] priv = t.hex("private");
        byte[] pub = t.hex("public");
        byte[] shared = t.hex("shared");
        Expectation expected = allZero(shared) ? Expectation.invalid(InvalidKeyException.class) : t.expect(InvalidKeyException.class);
        plan.add(Algorithm.DHKEM_X25519.name(), plan.engines()::kem, VectorCase.of(t.id(), expected,
                (KemSpi kem) -> equal("shared value", shared, keyAgreement(kem).engineAgree(PrivateKey.of(kem.algorithm(), priv), pub))));
    }

    /** The raw DH function of a DHKEM engine. @throws Skip if it does not offer one */
    static KeyAgreementSpi keyAgreement(KemSpi kem) {
        if (kem instanceof KeyAgreementSpi dh) {
            return dh;
        }
        throw new Skip("the engine does not expose the raw X25519 function (KeyAgreementSpi)");
    }

    /**
     * {@code eddsa_verify_schema} (Ed25519): valid signatures verify; invalid ones fail with
     * {@link InvalidSignatureException}. Other curves are skipped.
     */
    static void eddsaVerify(String algorithm, Wycheproof.Test t, Plan plan) {
        JsonNode key = t.group().has("publicKey") ? t.group().get("publicKey") : t.group().get("key");
        if (key == null || !key.isObject()) {
            throw new MalformedVectorException("the group's 'publicKey' (or 'key') object is missing");
        }
        String curve = Fields.text(key, "curve", "edwards25519");
        if (!curve.equals("edwards25519")) {
            plan.skip(curve, Engines.unknown(curve), Absent.kindOf(curve), 1);
            return;
        }
        byte[] pk = Fields.hex(key, "pk");
        byte[] msg = t.hex("msg");
        byte[] sig = t.hex("sig");
        plan.add(Algorithm.ED25519.name(), plan.engines()::signature, VectorCase.of(t.id(),
                t.expect(InvalidSignatureException.class), dsa -> SignatureChecks.verify(dsa, pk, msg, sig, NO_CONTEXT)));
    }

    /**
     * {@code hkdf_test_schema}: valid cases derive exactly {@code okm}; invalid ones (an output longer
     * than 255 hash lengths) fail with {@link InvalidInputException}.
     */
    static void hkdf(String algorithm, Wycheproof.Test t, Plan plan) {
        byte[] ikm = t.hex("ikm");
        byte[] salt = t.hex("salt");
        byte[] info = t.hex("info");
        int size = Fields.integer(t.test(), "size");
        byte[] okm = t.hex("okm");
        plan.add(algorithm.replace("SHA-", "SHA"), plan.engines()::kdf, VectorCase.of(t.id(),
                t.expect(InvalidInputException.class), (KdfSpi kdf) -> equal("okm", okm, kdf.derive(salt, ikm, info, size))));
    }

    /**
     * {@code mac_test_schema} for HMAC-SHA256, which qsafe has no primitive for but computes exactly as
     * HKDF-SHA256's {@code Extract(salt = key, ikm = msg)} (RFC 5869: HMAC-Hash(salt, IKM); HMAC pads
     * keys with zeros, so the empty salt's all-zero key is the same key). The tag, possibly truncated to
     * the group's {@code tagSize}, is compared in constant time: valid cases must match, invalid ones
     * must not. Other MACs are skipped.
     */
    static void mac(String algorithm, Wycheproof.Test t, Plan plan) {
        if (!algorithm.equals("HMACSHA256")) {
            plan.skip(algorithm, Engines.unknown(algorithm) + "; HMAC-SHA256 runs on HKDF-SHA256 engines",
                    Absent.kindOf(algorithm), 1);
            return;
        }
        int tagBytes = Fields.integer(t.group(), "tagSize") / 8;
        byte[] key = t.hex("key");
        byte[] msg = t.hex("msg");
        byte[] tag = t.hex("tag");
        boolean mustMatch = t.result().equals("valid");
        boolean mayMatch = !t.result().equals("invalid");
        plan.add(Algorithm.HKDF_SHA256.name(), plan.engines()::kdf, VectorCase.of(t.id(), Expectation.VALID, (KdfSpi kdf) -> {
            byte[] mac = Arrays.copyOf(kdf.extract(key, msg), tagBytes);
            boolean matches = tag.length == tagBytes && MessageDigest.isEqual(mac, tag);
            if (mustMatch) {
                equal("tag", tag, mac);
            } else if (matches && !mayMatch) {
                throw new Mismatch("an invalid tag verified");
            }
        }));
    }

    private static boolean allZero(byte[] bytes) {
        int acc = 0;
        for (byte b : bytes) {
            acc |= b;
        }
        return acc == 0;
    }
}
