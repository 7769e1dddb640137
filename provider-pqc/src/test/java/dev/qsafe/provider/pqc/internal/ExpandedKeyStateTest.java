package dev.qsafe.provider.pqc.internal;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import dev.qsafe.api.Algorithm;
import dev.qsafe.api.Encapsulation;
import dev.qsafe.api.InvalidKeyException;
import dev.qsafe.api.KeyPair;
import dev.qsafe.api.PrivateKey;
import dev.qsafe.api.SecretAccess;
import dev.qsafe.api.spi.KemSpi;
import dev.qsafe.api.spi.SignatureSpi;
import java.nio.charset.StandardCharsets;
import org.bouncycastle.crypto.params.MLDSAPrivateKeyParameters;
import org.bouncycastle.crypto.params.MLKEMPrivateKeyParameters;
import org.bouncycastle.crypto.params.MLKEMPublicKeyParameters;
import org.junit.jupiter.api.Test;

/**
 * bc-pqc keeps the expanded form of a seed private key on the key (its engine state) instead of
 * re-expanding it for every operation, and the key's destroy() wipes that expanded form.
 */
class ExpandedKeyStateTest {
    private final BcPqcProvider provider = new BcPqcProvider();
    private static final byte[] MESSAGE = "expanded once".getBytes(StandardCharsets.UTF_8);

    @Test
    void mlKem_expandsOnce_keepsItAcrossOperations_andDestroyWipesIt() {
        KemSpi kem = provider.engineKem(Algorithm.ML_KEM_768);
        KeyPair pair = kem.generateKeyPair();
        Encapsulation e = kem.encapsulate(pair.publicKey());
        byte[] first = kem.decapsulate(pair.privateKey(), e.ciphertext()).rawBytes(SecretAccess.INSECURE);
        MLKEMPrivateKeyParameters expanded = pair.privateKey().engineState(SecretAccess.INSECURE, MlKemEngine.PRIVATE_STATE,
                MLKEMPrivateKeyParameters.class, k -> fail("decapsulation did not keep the expanded key"));
        kem.derivePublicKey(pair.privateKey());
        byte[] again = kem.decapsulate(pair.privateKey(), e.ciphertext()).rawBytes(SecretAccess.INSECURE);
        assertArrayEquals(first, again);
        assertArrayEquals(e.sharedSecret().rawBytes(SecretAccess.INSECURE), again);
        assertSame(expanded, pair.privateKey().engineState(SecretAccess.INSECURE, MlKemEngine.PRIVATE_STATE,
                MLKEMPrivateKeyParameters.class, k -> fail("re-expanded")));
        assertFalse(expanded.isDestroyed(), "deriving the public key must not wipe the kept expanded key");
        pair.publicKey().engineState(MlKemEngine.PUBLIC_STATE, MLKEMPublicKeyParameters.class,
                k -> fail("encapsulation did not keep the parsed public key"));

        pair.privateKey().destroy();
        assertTrue(expanded.isDestroyed());
        assertThrows(InvalidKeyException.class, () -> kem.decapsulate(pair.privateKey(), e.ciphertext()));
    }

    @Test
    void mlKem_keyOfAnotherParameterSetIsRefusedBeforeAnythingIsKept() {
        KemSpi kem768 = provider.engineKem(Algorithm.ML_KEM_768);
        PrivateKey other = PrivateKey.of(Algorithm.ML_KEM_512, new byte[64]);
        assertThrows(InvalidKeyException.class, () -> kem768.decapsulate(other, new byte[Algorithm.ML_KEM_768.ciphertextSize()]));
        Object marker = other.engineState(SecretAccess.INSECURE, MlKemEngine.PRIVATE_STATE, Object.class, k -> "none");
        assertSame("none", marker);
    }

    @Test
    void mlDsa_expandsOnce_signaturesStillVerify_andDestroyWipesIt() {
        SignatureSpi dsa = provider.engineSignature(Algorithm.ML_DSA_65);
        KeyPair pair = dsa.generateKeyPair();
        byte[] s1 = dsa.sign(pair.privateKey(), MESSAGE, new byte[0]);
        MLDSAPrivateKeyParameters expanded = pair.privateKey().engineState(SecretAccess.INSECURE, BcSignatureEngine.PRIVATE_STATE,
                MLDSAPrivateKeyParameters.class, k -> fail("signing did not keep the expanded key"));
        byte[] d1 = dsa.engineSignDerandomized(pair.privateKey(), MESSAGE, new byte[] {1}, null);
        byte[] d2 = dsa.engineSignDerandomized(pair.privateKey(), MESSAGE, new byte[] {1}, null);
        assertArrayEquals(d1, d2, "deterministic signing with the kept key is stable");
        dsa.verify(pair.publicKey(), MESSAGE, s1, new byte[0]);
        dsa.verify(pair.publicKey(), MESSAGE, d1, new byte[] {1});
        dsa.derivePublicKey(pair.privateKey());
        assertFalse(expanded.isDestroyed());
        pair.privateKey().destroy();
        assertTrue(expanded.isDestroyed());
        assertThrows(InvalidKeyException.class, () -> dsa.sign(pair.privateKey(), MESSAGE, new byte[0]));
    }
}
