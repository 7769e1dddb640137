package dev.qsafe.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class PublicKeyTest {
    @Test
    void of_wrongLength_isRejectedNamingTheSizes() {
        InvalidKeyException e = assertThrows(InvalidKeyException.class, () -> PublicKey.of(Algorithm.ML_KEM_768, new byte[1183]));
        assertTrue(e.getMessage().contains("1184") && e.getMessage().contains("1183"), e.getMessage());
    }

    @Test
    void keyId_isComputedOnce_perKey() {
        PublicKey k = PublicKey.of(Algorithm.ED25519, new byte[32]);
        assertSame(k.keyId(), k.keyId(), "the envelope asks for a key's id several times per message; hash it once");
    }

    @Test
    void keyId_dependsOnAlgorithmAndBytes_isStable() {
        byte[] raw = new byte[32];
        raw[0] = 9;
        PublicKey ed = PublicKey.of(Algorithm.ED25519, raw);
        PublicKey x = PublicKey.of(Algorithm.DHKEM_X25519, raw);
        assertEquals(32, ed.keyId().length());
        assertEquals(ed.keyId(), PublicKey.of(Algorithm.ED25519, raw).keyId());
        assertNotEquals(ed.keyId(), x.keyId());
        assertTrue(ed.toString().contains(ed.keyId()));
    }

    @Test
    void encoded_isADefensiveCopy() {
        byte[] raw = new byte[32];
        PublicKey k = PublicKey.of(Algorithm.ED25519, raw);
        k.encoded()[0] = 1;
        raw[1] = 1;
        assertEquals(0, k.encoded()[0] + k.encoded()[1]);
    }
}
