package dev.qsafe.tests.hwaccel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.security.KeyFactory;
import java.security.NoSuchAlgorithmException;
import java.security.PrivateKey;
import java.security.Provider;
import java.security.spec.PKCS8EncodedKeySpec;
import java.util.Arrays;
import java.util.HexFormat;
import javax.crypto.KEM;
import org.conscrypt.Conscrypt;
import org.junit.jupiter.api.Test;

/**
 * Why {@code conscrypt} offers no ML-KEM (and X-Wing's ML-KEM-768 half stays on {@code jdk-pqc}),
 * pinned down so that a Conscrypt upgrade that fixes it is noticed (docs/PROVIDERS.md, "X-Wing on the
 * native engines"): Conscrypt 2.9.0's ML-KEM key factory imports qsafe's 64-byte seed keys (the
 * PKCS#8 seed-only form), but its {@code KEM} service names a class the uber jar does not contain.
 * When this test fails because {@code KEM.getInstance} succeeds, add a {@code conscrypt} ML-KEM engine.
 */
class ConscryptMlKemCanaryTest {
    /** PKCS#8 seed-only ML-KEM-768 private key header (draft-ietf-lamps-kyber-certificates): the 64-byte seed follows. */
    private static final String SEED_ONLY_768 = "3054020100300b060960864801650304040204428040";

    @Test
    void conscryptImportsSeedKeys_butItsMlKemKemClassIsMissing() throws Exception {
        NativeEngines.assumeActive("conscrypt");
        Provider p = Conscrypt.newProvider();
        byte[] header = HexFormat.of().parseHex(SEED_ONLY_768);
        byte[] pkcs8 = Arrays.copyOf(header, header.length + 64);
        for (int i = 0; i < 64; i++) {
            pkcs8[header.length + i] = (byte) i;
        }
        PrivateKey key = KeyFactory.getInstance("ML-KEM-768", p).generatePrivate(new PKCS8EncodedKeySpec(pkcs8));
        assertEquals("PKCS#8", key.getFormat());
        NoSuchAlgorithmException e = assertThrows(NoSuchAlgorithmException.class, () -> KEM.getInstance("ML-KEM-768", p),
                "Conscrypt's ML-KEM KEM now loads: add a conscrypt ML-KEM engine (issue 14)");
        assertTrue(e.getCause() instanceof ClassNotFoundException, String.valueOf(e.getCause()));
    }
}
