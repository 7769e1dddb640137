package dev.qsafe.provider.classical.internal;

import dev.qsafe.provider.toolkit.Ed25519Engine;
import dev.qsafe.provider.toolkit.PerThread;
import dev.qsafe.provider.toolkit.SeedRandom;
import java.math.BigInteger;
import java.security.GeneralSecurityException;
import java.security.InvalidKeyException;
import java.security.KeyFactory;
import java.security.KeyPairGenerator;
import java.security.ProviderException;
import java.security.SecureRandom;
import java.security.Signature;
import java.security.interfaces.EdECPublicKey;
import java.security.spec.EdECPoint;
import java.security.spec.EdECPrivateKeySpec;
import java.security.spec.EdECPublicKeySpec;
import java.security.spec.InvalidKeySpecException;
import java.security.spec.NamedParameterSpec;
import java.util.List;

/**
 * Ed25519 from SunEC. Keys are converted between RFC 8032 encodings and the JDK's {@link EdECPoint}.
 * The JDK has no call that derives a public key from a seed, so its key-pair generator is handed a
 * {@link SecureRandom} that yields exactly the seed (and fails if asked for anything else).
 */
final class JdkEd25519 implements Ed25519Engine.Backend {
    private static final JcaService KEY_FACTORY = new JcaService(JcaService.SUN_EC, "KeyFactory", "Ed25519");
    private static final JcaService KEY_PAIR_GENERATOR = new JcaService(JcaService.SUN_EC, "KeyPairGenerator", "Ed25519");
    private static final JcaService SIGNATURE = new JcaService(JcaService.SUN_EC, "Signature", "Ed25519");
    /** The JDK services this backend needs. */
    static final List<JcaService> SERVICES = List.of(KEY_FACTORY, KEY_PAIR_GENERATOR, SIGNATURE);
    /** The JDK services {@link #verify} needs (Bouncy Castle's backend hands some verifications to it). */
    static final List<JcaService> VERIFY_SERVICES = List.of(KEY_FACTORY, SIGNATURE);

    /** The field prime 2^255 - 19. */
    private static final BigInteger P = BigInteger.TWO.pow(255).subtract(BigInteger.valueOf(19));
    private static final int LENGTH = 32;

    @Override
    public byte[] publicKey(byte[] seed) throws GeneralSecurityException {
        KeyPairGenerator generator = KeyPairGenerator.getInstance(KEY_PAIR_GENERATOR.algorithm(), KEY_PAIR_GENERATOR.provider());
        SeedRandom fed = new SeedRandom(seed, seed.length);
        generator.initialize(NamedParameterSpec.ED25519, fed);
        EdECPublicKey pk;
        try {
            pk = (EdECPublicKey) generator.generateKeyPair().getPublic();
        } catch (ProviderException e) {
            throw new GeneralSecurityException("SunEC Ed25519 key generation did not take the seed as expected", e);
        }
        if (!fed.consumed()) {
            throw new GeneralSecurityException("SunEC Ed25519 key generation did not read the seed");
        }
        return encode(pk.getPoint());
    }

    /** One key factory and one signature object per thread ({@link PerThread}), re-initialised per call, dropped after a failure. */
    private static final PerThread<KeyFactory> KEY_FACTORIES =
            new PerThread<>(() -> KeyFactory.getInstance(KEY_FACTORY.algorithm(), KEY_FACTORY.provider()));
    private static final PerThread<Signature> SIGNATURES =
            new PerThread<>(() -> Signature.getInstance(SIGNATURE.algorithm(), SIGNATURE.provider()));

    @Override
    public byte[] sign(byte[] seed, byte[] message) throws GeneralSecurityException {
        return SIGNATURES.with(s -> KEY_FACTORIES.with(kf -> {
            s.initSign(kf.generatePrivate(new EdECPrivateKeySpec(NamedParameterSpec.ED25519, seed)));
            s.update(message);
            return s.sign();
        }));
    }

    @Override
    public boolean verify(byte[] publicKey, byte[] message, byte[] signature) throws GeneralSecurityException {
        return SIGNATURES.with(s -> KEY_FACTORIES.with(kf -> {
            try {
                s.initVerify(kf.generatePublic(new EdECPublicKeySpec(NamedParameterSpec.ED25519, decode(publicKey))));
            } catch (InvalidKeySpecException e) {
                throw new InvalidKeyException("SunEC rejected the Ed25519 public key", e);
            }
            s.update(message);
            return s.verify(signature);
        }));
    }

    /** RFC 8032 section 5.1.2: y little-endian, the sign of x in the top bit. */
    private static byte[] encode(EdECPoint point) {
        byte[] be = point.getY().toByteArray();
        byte[] out = new byte[LENGTH];
        for (int i = 0; i < LENGTH && i < be.length; i++) {
            out[i] = be[be.length - 1 - i];
        }
        if (point.isXOdd()) {
            out[LENGTH - 1] |= (byte) 0x80;
        }
        return out;
    }

    /** RFC 8032 section 5.1.3, first steps: split off the sign of x, reject a non-canonical y. */
    private static EdECPoint decode(byte[] encoded) throws InvalidKeyException {
        byte[] be = new byte[LENGTH];
        for (int i = 0; i < LENGTH; i++) {
            be[i] = encoded[LENGTH - 1 - i];
        }
        boolean xOdd = (be[0] & 0x80) != 0;
        be[0] &= 0x7f;
        BigInteger y = new BigInteger(1, be);
        if (y.compareTo(P) >= 0) {
            throw new InvalidKeyException("Ed25519 public key has a non-canonical y coordinate");
        }
        return new EdECPoint(xOdd, y);
    }
}
