package dev.qsafe.api;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HexFormat;
import org.junit.jupiter.api.Test;

class PrivateKeyTest {
    private static final byte[] SECRET = HexFormat.of().parseHex("9d61b19deffd5a60ba844af492ec2cc44449c5697b326919703bac031cae7f60");

    @Test
    void toString_neverShowsTheBytes() {
        PrivateKey k = PrivateKey.of(Algorithm.ED25519, SECRET);
        String s = k.toString() + k.hashCode();
        assertFalse(s.toLowerCase().contains("9d61b19d"), s);
        assertTrue(k.toString().contains("redacted"));
    }

    @Test
    void of_copiesInput_andRawBytesReturnsACopy() {
        byte[] in = SECRET.clone();
        PrivateKey k = PrivateKey.of(Algorithm.ED25519, in);
        in[0] ^= 1;
        byte[] out = k.rawBytes(SecretAccess.INSECURE);
        assertArrayEquals(SECRET, out);
        out[0] ^= 1;
        assertArrayEquals(SECRET, k.rawBytes(SecretAccess.INSECURE));
    }

    @Test
    void destroy_wipesAndRefusesUse() {
        PrivateKey k = PrivateKey.of(Algorithm.ED25519, SECRET);
        k.destroy();
        assertTrue(k.isDestroyed());
        InvalidKeyException e = assertThrows(InvalidKeyException.class, () -> k.rawBytes(SecretAccess.INSECURE));
        assertTrue(e.getMessage().contains("destroyed"));
        assertNotEquals(k, PrivateKey.of(Algorithm.ED25519, SECRET));
    }

    @Test
    void equals_sameAlgorithmAndBytes_only() {
        assertEquals(PrivateKey.of(Algorithm.ED25519, SECRET), PrivateKey.of(Algorithm.ED25519, SECRET));
        assertNotEquals(PrivateKey.of(Algorithm.ED25519, SECRET), PrivateKey.of(Algorithm.DHKEM_X25519, SECRET));
    }

    @Test
    void of_empty_isRejected() {
        assertThrows(InvalidKeyException.class, () -> PrivateKey.of(Algorithm.ED25519, new byte[0]));
    }
}
