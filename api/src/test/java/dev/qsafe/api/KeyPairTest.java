package dev.qsafe.api;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class KeyPairTest {
    @Test
    void halvesOfDifferentAlgorithms_areRejected() {
        PublicKey pub = PublicKey.of(Algorithm.ED25519, new byte[32]);
        PrivateKey priv = PrivateKey.of(Algorithm.DHKEM_X25519, new byte[32]);
        assertThrows(InvalidKeyException.class, () -> new KeyPair(pub, priv));
    }

    @Test
    void toString_showsThePublicKeyIdOnly() {
        byte[] secret = new byte[32];
        secret[0] = 0x5a;
        KeyPair kp = new KeyPair(PublicKey.of(Algorithm.ED25519, new byte[32]), PrivateKey.of(Algorithm.ED25519, secret));
        assertTrue(kp.toString().contains("redacted") && !kp.toString().contains("5a00"), kp.toString());
    }
}
