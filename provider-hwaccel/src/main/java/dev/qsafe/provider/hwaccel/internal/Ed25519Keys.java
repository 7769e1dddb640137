package dev.qsafe.provider.hwaccel.internal;

import dev.qsafe.provider.toolkit.Der;
import dev.qsafe.provider.toolkit.SeedRandom;

import java.math.BigInteger;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyPairGenerator;
import java.security.ProviderException;
import java.security.PublicKey;
import java.security.Signature;
import java.security.spec.InvalidKeySpecException;
import java.security.spec.NamedParameterSpec;
import java.security.spec.X509EncodedKeySpec;
import java.util.Arrays;

/**
 * Ed25519 from the JDK's SunEC for what Conscrypt does not expose: deriving the public key of a
 * seed (Conscrypt 2.9.0 has no such call) and checking that a public key is a curve point. Signing
 * and verifying stay native.
 */
final class Ed25519Keys {
    private static final String SUN_EC = "SunEC";
    /** Length of a seed, a public key and the X.509 prefix-stripped key. */
    private static final int LENGTH = 32;
    /** The field prime 2^255 - 19. */
    private static final BigInteger P = BigInteger.TWO.pow(255).subtract(BigInteger.valueOf(19));

    private Ed25519Keys() {
    }

    /** The RFC 8032 public key of a 32-byte seed, by SunEC's key-pair generator fed exactly the seed. */
    static byte[] publicKey(byte[] seed) throws GeneralSecurityException {
        dev.qsafe.api.spi.EngineTrace.delegated("jdk");
        KeyPairGenerator generator = KeyPairGenerator.getInstance("Ed25519", SUN_EC);
        SeedRandom fed = new SeedRandom(seed, seed.length);
        generator.initialize(NamedParameterSpec.ED25519, fed);
        PublicKey pk;
        try {
            pk = generator.generateKeyPair().getPublic();
        } catch (ProviderException e) {
            throw new GeneralSecurityException("SunEC Ed25519 key generation did not take the seed as expected", e);
        }
        if (!fed.consumed()) {
            throw new GeneralSecurityException("SunEC Ed25519 key generation did not read the seed");
        }
        byte[] x509 = pk.getEncoded();
        return Arrays.copyOfRange(x509, x509.length - LENGTH, x509.length);
    }

    /**
     * Checks that an encoded public key is a canonical encoding of a curve point (RFC 8032 section
     * 5.1.3): y below p, and SunEC's decoding, which {@code initVerify} runs, finds x.
     *
     * @throws java.security.InvalidKeyException if it is not
     */
    static void requireCurvePoint(byte[] encoded) throws GeneralSecurityException {
        byte[] be = new byte[LENGTH];
        for (int i = 0; i < LENGTH; i++) {
            be[i] = encoded[LENGTH - 1 - i];
        }
        be[0] &= 0x7f;
        if (new BigInteger(1, be).compareTo(P) >= 0) {
            throw new java.security.InvalidKeyException("Ed25519 public key has a non-canonical y coordinate");
        }
        Signature.getInstance("Ed25519", SUN_EC).initVerify(publicKeyObject(encoded));
    }

    /** SunEC's public key object of an encoded key. @throws java.security.InvalidKeyException if SunEC cannot decode it */
    private static PublicKey publicKeyObject(byte[] encoded) throws GeneralSecurityException {
        try {
            return KeyFactory.getInstance("Ed25519", SUN_EC).generatePublic(new X509EncodedKeySpec(Der.subjectPublicKeyInfo(Der.ED25519, encoded)));
        } catch (InvalidKeySpecException e) {
            throw new java.security.InvalidKeyException("SunEC cannot decode the Ed25519 public key", e);
        }
    }
}
