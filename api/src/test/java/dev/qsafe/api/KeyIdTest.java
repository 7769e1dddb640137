package dev.qsafe.api;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;

class KeyIdTest {
    private static PublicKey key(int first) {
        byte[] raw = new byte[32];
        raw[0] = (byte) first;
        return PublicKey.of(Algorithm.ED25519, raw);
    }

    @Test
    void id_isTheFirst16BytesOfTheHash_andKeyIdIsItsLowerCaseHex() throws Exception {
        PublicKey k = key(7);
        MessageDigest md = MessageDigest.getInstance("SHA-256");
        md.update("Ed25519".getBytes(StandardCharsets.UTF_8));
        md.update((byte) 0);
        md.update(k.encoded());
        byte[] expected = java.util.Arrays.copyOf(md.digest(), 16);
        assertArrayEquals(expected, k.id().bytes());
        assertEquals(HexFormat.of().formatHex(expected), k.keyId(), "the hex form is what it always was");
        assertEquals(k.keyId(), k.id().toString());
        assertSame(k.id(), k.id(), "hashed once per key");
    }

    @Test
    void parseAndOf_roundTrip_equalByBytes() {
        KeyId id = key(1).id();
        assertEquals(id, KeyId.parse(id.toString()));
        assertEquals(id, KeyId.parse(id.toString().toUpperCase(java.util.Locale.ROOT)));
        assertEquals(id, KeyId.of(id.bytes()));
        assertEquals(id.hashCode(), KeyId.of(id.bytes()).hashCode());
        assertNotEquals(id, key(2).id());
        byte[] framed = new byte[40];
        System.arraycopy(id.bytes(), 0, framed, 11, 16);
        assertEquals(id, KeyId.of(framed, 11, 16));
        assertTrue(id.matches(framed, 11));
        assertFalse(id.matches(framed, 10));
        ByteBuffer out = ByteBuffer.allocate(20).put((byte) 9);
        id.writeTo(out);
        assertEquals(17, out.position());
        assertTrue(id.matches(out.array(), 1));
    }

    @Test
    void malformed_isATypedError() {
        assertThrows(InvalidInputException.class, () -> KeyId.of(new byte[15]));
        assertThrows(InvalidInputException.class, () -> KeyId.parse("00"));
        assertThrows(InvalidInputException.class, () -> KeyId.parse("zz".repeat(16)));
        assertThrows(IndexOutOfBoundsException.class, () -> KeyId.of(new byte[20], 10, 16));
    }

    @Test
    void bytes_isACopy() {
        KeyId id = key(3).id();
        id.bytes()[0] ^= 1;
        assertEquals(key(3).id(), id);
    }
}
