package dev.qsafe.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class SecretBytesTest {
    @Test
    void equalsConstantTime_comparesContents() {
        assertTrue(SecretBytes.copyOf(new byte[] {1, 2, 3}).equalsConstantTime(SecretBytes.copyOf(new byte[] {1, 2, 3})));
        assertFalse(SecretBytes.copyOf(new byte[] {1, 2, 3}).equalsConstantTime(SecretBytes.copyOf(new byte[] {1, 2, 4})));
        assertEquals(SecretBytes.copyOf(new byte[] {7}), SecretBytes.copyOf(new byte[] {7}));
    }

    @Test
    void toString_redacts() {
        SecretBytes s = SecretBytes.copyOf(new byte[] {(byte) 0xAB, (byte) 0xCD});
        assertFalse(s.toString().toLowerCase().contains("abcd"));
        assertTrue(s.toString().contains("redacted"));
    }

    @Test
    void destroy_refusesUse_andNoLongerEquals() {
        SecretBytes s = SecretBytes.copyOf(new byte[] {1});
        s.destroy();
        assertThrows(InvalidKeyException.class, () -> s.rawBytes(SecretAccess.INSECURE));
        assertNotEquals(SecretBytes.copyOf(new byte[] {1}), s);
    }

    @Test
    void wrap_takesOwnership_copyOfDoesNot() {
        byte[] a = {1, 2};
        SecretBytes copied = SecretBytes.copyOf(a);
        SecretBytes wrapped = SecretBytes.wrap(a);
        a[0] = 9;
        assertEquals(1, copied.rawBytes(SecretAccess.INSECURE)[0]);
        assertEquals(9, wrapped.rawBytes(SecretAccess.INSECURE)[0]);
    }
}
