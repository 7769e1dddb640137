package dev.qsafe.provider.pqc.internal;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import dev.qsafe.api.Algorithm;
import dev.qsafe.api.Encapsulation;
import dev.qsafe.api.InvalidInputException;
import dev.qsafe.api.InvalidKeyException;
import dev.qsafe.api.KeyPair;
import dev.qsafe.api.PrivateKey;
import dev.qsafe.api.PublicKey;
import dev.qsafe.api.SecretAccess;
import dev.qsafe.api.spi.KemSpi;
import java.util.HexFormat;
import java.util.List;
import org.bouncycastle.crypto.params.MLKEMParameters;
import org.bouncycastle.crypto.params.MLKEMPrivateKeyParameters;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.api.Test;

/** jdk-pqc's ML-KEM against bc-pqc's, plus its key handling and typed errors. */
class JdkMlKemEngineTest {
    private static final JdkPqcProvider JDK = new JdkPqcProvider();
    private static final BcPqcProvider BC = new BcPqcProvider();

    static List<Algorithm> algorithms() {
        return List.of(Algorithm.ML_KEM_512, Algorithm.ML_KEM_768, Algorithm.ML_KEM_1024);
    }

    private static byte[] raw(dev.qsafe.api.SecretBytes s) {
        return s.rawBytes(SecretAccess.INSECURE);
    }

    @Test
    void providerIsAvailableOnJdk25_andOffersMlKem() {
        assertTrue(JDK.availability().available(), JDK.availability().reason());
        assertTrue(JDK.weight(Algorithm.ML_KEM_768) > BcPqcProvider.WEIGHT);
        assertTrue(JDK.algorithms().containsAll(algorithms()));
    }

    @ParameterizedTest
    @MethodSource("algorithms")
    void interoperatesWithBcPqc_bothWays_andDerivesTheSameKeys(Algorithm algorithm) {
        KemSpi jdk = JDK.engineKem(algorithm);
        KemSpi bc = BC.engineKem(algorithm);
        KeyPair jdkPair = jdk.generateKeyPair();
        assertEquals(64, jdkPair.privateKey().length(), "private keys stay seeds");
        assertEquals(bc.derivePublicKey(jdkPair.privateKey()), jdkPair.publicKey());
        KeyPair bcPair = bc.generateKeyPair();
        assertEquals(bcPair.publicKey(), jdk.derivePublicKey(bcPair.privateKey()));

        Encapsulation toJdk = bc.encapsulate(jdkPair.publicKey());
        assertArrayEquals(raw(toJdk.sharedSecret()), raw(jdk.decapsulate(jdkPair.privateKey(), toJdk.ciphertext())));
        Encapsulation toBc = jdk.encapsulate(bcPair.publicKey());
        assertArrayEquals(raw(toBc.sharedSecret()), raw(bc.decapsulate(bcPair.privateKey(), toBc.ciphertext())));
        Encapsulation self = jdk.encapsulate(jdkPair.publicKey());
        assertArrayEquals(raw(self.sharedSecret()), raw(jdk.decapsulate(jdkPair.privateKey(), self.ciphertext())));
    }

    @ParameterizedTest
    @MethodSource("algorithms")
    void derandomizedEncapsulationMatchesBcPqc(Algorithm algorithm) {
        byte[] m = HexFormat.of().parseHex("0102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f20");
        KeyPair pair = BC.engineKem(algorithm).generateKeyPair();
        Encapsulation fromJdk = JDK.engineKem(algorithm).engineEncapsulateDerandomized(pair.publicKey(), m);
        Encapsulation fromBc = BC.engineKem(algorithm).engineEncapsulateDerandomized(pair.publicKey(), m);
        assertArrayEquals(fromBc.ciphertext(), fromJdk.ciphertext());
        assertArrayEquals(raw(fromBc.sharedSecret()), raw(fromJdk.sharedSecret()));
        assertThrows(InvalidInputException.class,
                () -> JDK.engineKem(algorithm).engineEncapsulateDerandomized(pair.publicKey(), new byte[31]));
    }

    @Test
    void wrongCiphertextForAWellFormedLengthGivesTheImplicitRejectionSecret_likeBcPqc() {
        KemSpi jdk = JDK.engineKem(Algorithm.ML_KEM_768);
        KemSpi bc = BC.engineKem(Algorithm.ML_KEM_768);
        KeyPair pair = jdk.generateKeyPair();
        byte[] ct = jdk.encapsulate(pair.publicKey()).ciphertext();
        ct[5] ^= 1;
        assertArrayEquals(raw(bc.decapsulate(pair.privateKey(), ct)), raw(jdk.decapsulate(pair.privateKey(), ct)));
        assertThrows(InvalidInputException.class, () -> jdk.decapsulate(pair.privateKey(), new byte[ct.length - 1]));
    }

    @Test
    void acceptsTheExpandedKey_andRefusesOneWhoseHashCheckFails() {
        KemSpi jdk = JDK.engineKem(Algorithm.ML_KEM_768);
        KeyPair pair = jdk.generateKeyPair();
        byte[] expanded = new MLKEMPrivateKeyParameters(MLKEMParameters.ml_kem_768,
                pair.privateKey().rawBytes(SecretAccess.INSECURE)).getEncoded();
        Encapsulation e = jdk.encapsulate(pair.publicKey());
        PrivateKey expandedKey = PrivateKey.of(Algorithm.ML_KEM_768, expanded);
        assertArrayEquals(raw(e.sharedSecret()), raw(jdk.decapsulate(expandedKey, e.ciphertext())));
        byte[] broken = expanded.clone();
        broken[broken.length - 40] ^= 1; // inside H(ek)
        assertThrows(InvalidKeyException.class, () -> jdk.decapsulate(PrivateKey.of(Algorithm.ML_KEM_768, broken), e.ciphertext()));
        assertThrows(InvalidKeyException.class, () -> jdk.decapsulate(PrivateKey.of(Algorithm.ML_KEM_768, new byte[63]), e.ciphertext()));
    }

    @Test
    void refusesAPublicKeyThatFailsTheModulusCheck_andKeysOfAnotherAlgorithm() {
        KemSpi jdk = JDK.engineKem(Algorithm.ML_KEM_768);
        byte[] pk = jdk.generateKeyPair().publicKey().encoded();
        pk[0] = (byte) 0xff;
        pk[1] = (byte) 0xff; // first coefficient 4095 >= q
        PublicKey bad = PublicKey.of(Algorithm.ML_KEM_768, pk);
        assertThrows(InvalidKeyException.class, () -> jdk.encapsulate(bad));
        KeyPair other = JDK.engineKem(Algorithm.ML_KEM_512).generateKeyPair();
        assertThrows(InvalidKeyException.class, () -> jdk.encapsulate(other.publicKey()));
        assertThrows(InvalidKeyException.class, () -> jdk.decapsulate(other.privateKey(), new byte[Algorithm.ML_KEM_768.ciphertextSize()]));
    }

    @Test
    void keepsTheJdkKeyOnTheQsafeKey_andDestroyDestroysIt() {
        KemSpi jdk = JDK.engineKem(Algorithm.ML_KEM_1024);
        KeyPair pair = jdk.generateKeyPair();
        Encapsulation e = jdk.encapsulate(pair.publicKey());
        jdk.decapsulate(pair.privateKey(), e.ciphertext());
        JdkMlKemEngine.JdkPrivate kept = pair.privateKey().engineState(SecretAccess.INSECURE, JdkMlKemEngine.PRIVATE_STATE,
                JdkMlKemEngine.JdkPrivate.class, k -> fail("the JDK key was not kept"));
        assertSame(kept, pair.privateKey().engineState(SecretAccess.INSECURE, JdkMlKemEngine.PRIVATE_STATE,
                JdkMlKemEngine.JdkPrivate.class, k -> fail("re-expanded")));
        pair.publicKey().engineState(JdkMlKemEngine.PUBLIC_STATE, java.security.PublicKey.class,
                k -> fail("the JDK public key was not kept"));
        assertFalse(kept.isDestroyed());
        pair.privateKey().destroy();
        assertTrue(kept.isDestroyed());
        assertThrows(InvalidKeyException.class, () -> jdk.decapsulate(pair.privateKey(), e.ciphertext()));
    }
}
