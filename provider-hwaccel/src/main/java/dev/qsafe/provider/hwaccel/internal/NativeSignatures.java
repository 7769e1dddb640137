package dev.qsafe.provider.hwaccel.internal;

import dev.qsafe.api.Algorithm;
import dev.qsafe.api.InvalidInputException;
import dev.qsafe.api.InvalidKeyException;
import dev.qsafe.api.InvalidSignatureException;
import dev.qsafe.api.QSafeException;
import dev.qsafe.provider.toolkit.Checks;
import dev.qsafe.provider.toolkit.Der;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.Provider;
import java.security.Signature;
import java.security.SignatureException;
import java.security.spec.PKCS8EncodedKeySpec;
import java.security.spec.X509EncodedKeySpec;
import java.util.Objects;

/**
 * What the native ML-DSA engines ({@link AccpMlDsa}, {@link ConscryptMlDsa}, {@link ConscryptCompositeMlDsa})
 * share: the JCA signing and verification calls with their error mapping, the key imports, and the
 * argument checks with one message each.
 */
final class NativeSignatures {
    private NativeSignatures() {
    }

    /** Signs {@code data} with {@code service} of {@code provider}; the caller maps the failures. */
    static byte[] sign(String service, Provider provider, java.security.PrivateKey key, byte[] data) throws GeneralSecurityException {
        Signature s = Signature.getInstance(service, provider);
        s.initSign(key);
        s.update(data);
        return s.sign();
    }

    /**
     * Whether {@code signature} verifies over {@code data} with {@code service} of {@code provider}: a
     * {@link SignatureException} is "not valid", a key the library rejects an {@link InvalidKeyException},
     * any other failure of the library {@link Checks#engineFailure}.
     */
    static boolean verifies(Algorithm algorithm, String service, Provider provider, java.security.PublicKey key,
                            byte[] data, byte[] signature) {
        try {
            Signature s = Signature.getInstance(service, provider);
            s.initVerify(key);
            s.update(data);
            return s.verify(signature);
        } catch (SignatureException e) {
            return false;
        } catch (java.security.InvalidKeyException e) {
            throw new InvalidKeyException(algorithm.name() + " public key rejected", e);
        } catch (GeneralSecurityException | RuntimeException e) {
            throw Checks.engineFailure(algorithm + " verification", e);
        }
    }

    /** The library's private key object of a PKCS#8 encoding, from its key factory {@code factory}. */
    static java.security.PrivateKey importPrivate(String factory, Provider provider, byte[] pkcs8) throws GeneralSecurityException {
        return KeyFactory.getInstance(factory, provider).generatePrivate(new PKCS8EncodedKeySpec(pkcs8));
    }

    /** The library's public key object of a raw public key, wrapped in its SubjectPublicKeyInfo under {@code oid}. */
    static java.security.PublicKey importPublic(String factory, Provider provider, byte[] oid, byte[] raw) throws GeneralSecurityException {
        return KeyFactory.getInstance(factory, provider).generatePublic(new X509EncodedKeySpec(Der.subjectPublicKeyInfo(oid, raw)));
    }

    /** The error for a private key that {@code library} refused to import: a qsafe error as it is, else an invalid key. */
    static QSafeException privateKeyRejected(Algorithm algorithm, String library, Exception e) {
        if (e instanceof QSafeException q) {
            return q;
        }
        return new InvalidKeyException(algorithm.name() + " private key rejected by " + library, e);
    }

    /**
     * Checks ML-DSA signing randomness: {@code null} or {@code length} bytes.
     *
     * @throws InvalidInputException otherwise
     */
    static void checkRandomness(Algorithm algorithm, byte[] randomness, int length) {
        if (randomness != null && randomness.length != length) {
            throw new InvalidInputException(algorithm.name() + " signing randomness must be " + length
                    + " bytes (or null for the deterministic variant), got " + randomness.length);
        }
    }

    /**
     * Checks an external mu: present and {@code length} bytes.
     *
     * @throws InvalidInputException otherwise
     */
    static void checkMu(Algorithm algorithm, byte[] mu, int length) {
        Objects.requireNonNull(mu, "mu");
        if (mu.length != length) {
            throw new InvalidInputException(algorithm.name() + " mu must be " + length + " bytes, got " + mu.length);
        }
    }

    /**
     * Checks what makes an ML-DSA signature invalid before any computation: a context longer than
     * {@code maxContext} bytes.
     *
     * @throws InvalidSignatureException then
     */
    static void checkVerifiableContext(Algorithm algorithm, byte[] context, int maxContext) {
        if (context.length > maxContext) {
            throw new InvalidSignatureException(algorithm.name() + " signature cannot be valid: its context is longer than "
                    + maxContext + " bytes");
        }
    }

    /**
     * Checks that a signature has the parameter set's length.
     *
     * @throws InvalidSignatureException otherwise
     */
    static void checkSignatureLength(Algorithm algorithm, byte[] signature) {
        if (signature.length != algorithm.signatureSize()) {
            throw new InvalidSignatureException(algorithm.name() + " signature must be " + algorithm.signatureSize()
                    + " bytes, got " + signature.length);
        }
    }
}
