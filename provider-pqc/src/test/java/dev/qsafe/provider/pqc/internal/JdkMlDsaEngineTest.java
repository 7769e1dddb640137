package dev.qsafe.provider.pqc.internal;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import dev.qsafe.api.Algorithm;
import dev.qsafe.api.InvalidKeyException;
import dev.qsafe.api.InvalidSignatureException;
import dev.qsafe.api.KeyPair;
import dev.qsafe.api.PrivateKey;
import dev.qsafe.api.SecretAccess;
import dev.qsafe.api.spi.SignatureSpi;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.bouncycastle.crypto.params.MLDSAParameters;
import org.bouncycastle.crypto.params.MLDSAPrivateKeyParameters;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** jdk-pqc's ML-DSA against bc-pqc's: same keys, signatures accepted both ways, the Bouncy Castle paths, typed errors. */
class JdkMlDsaEngineTest {
    private static final JdkPqcProvider JDK = new JdkPqcProvider();
    private static final BcPqcProvider BC = new BcPqcProvider();
    private static final byte[] MESSAGE = "a message for ML-DSA".getBytes(StandardCharsets.UTF_8);
    private static final byte[] NONE = new byte[0];
    private static final byte[] CONTEXT = "composite label".getBytes(StandardCharsets.UTF_8);

    static List<Algorithm> algorithms() {
        return List.of(Algorithm.ML_DSA_44, Algorithm.ML_DSA_65, Algorithm.ML_DSA_87);
    }

    @Test
    void providerOffersMlDsaAboveBcPqc() {
        assertTrue(JDK.availability().available(), JDK.availability().reason());
        for (Algorithm a : algorithms()) {
            assertTrue(JDK.algorithms().contains(a));
            assertTrue(JDK.weight(a) > BcPqcProvider.WEIGHT);
        }
    }

    @ParameterizedTest
    @MethodSource("algorithms")
    void sameKeysAsBcPqc_andSignaturesVerifyBothWays_withAndWithoutContext(Algorithm algorithm) {
        SignatureSpi jdk = JDK.engineSignature(algorithm);
        SignatureSpi bc = BC.engineSignature(algorithm);
        KeyPair pair = jdk.generateKeyPair();
        assertEquals(32, pair.privateKey().length(), "private keys stay seeds");
        assertEquals(bc.derivePublicKey(pair.privateKey()), pair.publicKey());
        KeyPair bcPair = bc.generateKeyPair();
        assertEquals(bcPair.publicKey(), jdk.derivePublicKey(bcPair.privateKey()));

        bc.verify(pair.publicKey(), MESSAGE, jdk.sign(pair.privateKey(), MESSAGE, NONE), NONE);
        jdk.verify(bcPair.publicKey(), MESSAGE, bc.sign(bcPair.privateKey(), MESSAGE, NONE), NONE);
        bc.verify(pair.publicKey(), MESSAGE, jdk.sign(pair.privateKey(), MESSAGE, CONTEXT), CONTEXT);
        jdk.verify(bcPair.publicKey(), MESSAGE, bc.sign(bcPair.privateKey(), MESSAGE, CONTEXT), CONTEXT);
        jdk.verify(pair.publicKey(), MESSAGE, jdk.sign(pair.privateKey(), MESSAGE, NONE), NONE);
    }

    @Test
    void hedgedSignaturesDiffer_deterministicOnesEqualBcPqcs() {
        SignatureSpi jdk = JDK.engineSignature(Algorithm.ML_DSA_65);
        SignatureSpi bc = BC.engineSignature(Algorithm.ML_DSA_65);
        KeyPair pair = jdk.generateKeyPair();
        assertFalse(java.util.Arrays.equals(jdk.sign(pair.privateKey(), MESSAGE, NONE), jdk.sign(pair.privateKey(), MESSAGE, NONE)),
                "signing is hedged");
        assertArrayEquals(bc.engineSignDerandomized(pair.privateKey(), MESSAGE, CONTEXT, null),
                jdk.engineSignDerandomized(pair.privateKey(), MESSAGE, CONTEXT, null));
    }

    @Test
    void refusesTamperedSignatures_wrongLengths_andContextMismatches() {
        SignatureSpi jdk = JDK.engineSignature(Algorithm.ML_DSA_65);
        KeyPair pair = jdk.generateKeyPair();
        byte[] sig = jdk.sign(pair.privateKey(), MESSAGE, NONE);
        byte[] flipped = sig.clone();
        flipped[100] ^= 1;
        assertThrows(InvalidSignatureException.class, () -> jdk.verify(pair.publicKey(), MESSAGE, flipped, NONE));
        assertThrows(InvalidSignatureException.class, () -> jdk.verify(pair.publicKey(), MESSAGE, java.util.Arrays.copyOf(sig, sig.length - 1), NONE));
        assertThrows(InvalidSignatureException.class, () -> jdk.verify(pair.publicKey(), MESSAGE, sig, CONTEXT));
        byte[] other = MESSAGE.clone();
        other[0] ^= 1;
        assertThrows(InvalidSignatureException.class, () -> jdk.verify(pair.publicKey(), other, sig, NONE));
        KeyPair wrong = JDK.engineSignature(Algorithm.ML_DSA_44).generateKeyPair();
        assertThrows(InvalidKeyException.class, () -> jdk.sign(wrong.privateKey(), MESSAGE, NONE));
        assertThrows(InvalidKeyException.class, () -> jdk.verify(wrong.publicKey(), MESSAGE, sig, NONE));
    }

    @Test
    void expandedPrivateKeysAreBouncyCastles() {
        SignatureSpi jdk = JDK.engineSignature(Algorithm.ML_DSA_65);
        KeyPair pair = jdk.generateKeyPair();
        byte[] expanded = new MLDSAPrivateKeyParameters(MLDSAParameters.ml_dsa_65,
                pair.privateKey().rawBytes(SecretAccess.INSECURE)).getEncoded();
        PrivateKey expandedKey = PrivateKey.of(Algorithm.ML_DSA_65, expanded);
        assertEquals(pair.publicKey(), jdk.derivePublicKey(expandedKey));
        jdk.verify(pair.publicKey(), MESSAGE, jdk.sign(expandedKey, MESSAGE, NONE), NONE);
    }

    @Test
    void keepsTheJdkKeyOnTheQsafeKey_andDestroyDestroysIt() {
        SignatureSpi jdk = JDK.engineSignature(Algorithm.ML_DSA_87);
        KeyPair pair = jdk.generateKeyPair();
        jdk.sign(pair.privateKey(), MESSAGE, NONE);
        JdkMlDsaEngine.JdkPrivate kept = pair.privateKey().engineState(SecretAccess.INSECURE, JdkMlDsaEngine.PRIVATE_STATE,
                JdkMlDsaEngine.JdkPrivate.class, k -> fail("the JDK key was not kept"));
        assertFalse(kept.isDestroyed());
        pair.privateKey().destroy();
        assertTrue(kept.isDestroyed());
        assertThrows(InvalidKeyException.class, () -> jdk.sign(pair.privateKey(), MESSAGE, NONE));
        assertThrows(InvalidKeyException.class, () -> jdk.sign(pair.privateKey(), MESSAGE, CONTEXT));
    }
}
