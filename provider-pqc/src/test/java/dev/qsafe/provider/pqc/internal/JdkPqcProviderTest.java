package dev.qsafe.provider.pqc.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.qsafe.api.Algorithm;
import dev.qsafe.api.KeyPair;
import dev.qsafe.api.UnsupportedAlgorithmException;
import dev.qsafe.api.spi.Availability;
import dev.qsafe.api.spi.KemSpi;
import dev.qsafe.api.spi.SignatureSpi;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * jdk-pqc self-tests a parameter set when its engine is first asked for, not all six when availability is
 * asked: a command that uses ML-KEM-768 does not pay for the other five; no engine is handed out before its
 * own test passed; a failed test refuses that parameter set only, with the reason, and is not run again.
 */
class JdkPqcProviderTest {
    @Test
    void availability_onlyLooksForTheServices_andRunsNoSelfTest() {
        List<Algorithm> ran = new ArrayList<>();
        JdkPqcProvider provider = new JdkPqcProvider(a -> {
            ran.add(a);
            return JdkPqcProvider.selfTest(a);
        });
        Availability a = provider.availability();
        assertTrue(a.available(), a.reason());
        assertTrue(a.reason().contains("self-tested when first used"), a.reason());
        assertEquals(List.of(), ran);
        assertEquals(Set.of(), provider.selfTested());
    }

    @Test
    void anEngine_runsTheSelfTestOfItsParameterSetOnly_once() {
        List<Algorithm> ran = new ArrayList<>();
        JdkPqcProvider provider = new JdkPqcProvider(a -> {
            ran.add(a);
            return JdkPqcProvider.selfTest(a);
        });
        KemSpi kem = provider.engineKem(Algorithm.ML_KEM_768);
        provider.engineKem(Algorithm.ML_KEM_768);
        assertEquals(List.of(Algorithm.ML_KEM_768), ran);
        KeyPair pair = kem.generateKeyPair();
        var e = kem.encapsulate(pair.publicKey());
        assertTrue(e.sharedSecret().equalsConstantTime(kem.decapsulate(pair.privateKey(), e.ciphertext())));

        SignatureSpi dsa = provider.engineSignature(Algorithm.ML_DSA_65);
        assertEquals(List.of(Algorithm.ML_KEM_768, Algorithm.ML_DSA_65), ran);
        KeyPair keys = dsa.generateKeyPair();
        byte[] m = "m".getBytes(StandardCharsets.US_ASCII);
        dsa.verify(keys.publicKey(), m, dsa.sign(keys.privateKey(), m, new byte[0]), new byte[0]);
        assertEquals(Set.of(Algorithm.ML_KEM_768, Algorithm.ML_DSA_65), provider.selfTested());
    }

    @Test
    void everyParameterSet_passesTheRealSelfTest() {
        for (Algorithm a : new JdkPqcProvider().algorithms()) {
            assertEquals("", JdkPqcProvider.selfTest(a), a.name());
        }
    }

    @Test
    void aFailedSelfTest_refusesThatParameterSetOnly_withTheReason_andIsNotRunAgain() {
        List<Algorithm> ran = new ArrayList<>();
        JdkPqcProvider provider = new JdkPqcProvider(a -> {
            ran.add(a);
            return a.equals(Algorithm.ML_KEM_768) ? "self-test failed: injected" : JdkPqcProvider.selfTest(a);
        });
        UnsupportedAlgorithmException e = assertThrows(UnsupportedAlgorithmException.class,
                () -> provider.engineKem(Algorithm.ML_KEM_768));
        assertTrue(e.getMessage().contains("self-test failed: injected"), e.getMessage());
        assertThrows(UnsupportedAlgorithmException.class, () -> provider.engineKem(Algorithm.ML_KEM_768));
        assertEquals(List.of(Algorithm.ML_KEM_768), ran, "a failure is kept for the provider instance, not re-run");

        Availability a = provider.availability();
        assertTrue(a.available(), "the other parameter sets are still offered: " + a.reason());
        assertTrue(a.reason().contains("not offered: ML-KEM-768 (self-test failed: injected)"), a.reason());
        provider.engineKem(Algorithm.ML_KEM_512);
        assertFalse(ran.contains(Algorithm.ML_KEM_1024));
    }

    @Test
    void everyParameterSetFailing_makesTheProviderUnavailable() {
        JdkPqcProvider provider = new JdkPqcProvider(a -> "self-test failed: injected");
        for (Algorithm a : provider.algorithms()) {
            assertThrows(UnsupportedAlgorithmException.class,
                    () -> { if (a.kind() == dev.qsafe.api.AlgorithmKind.KEM) provider.engineKem(a); else provider.engineSignature(a); });
        }
        assertFalse(provider.availability().available(), provider.availability().reason());
    }
}
