package dev.qsafe.tests.hpke;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import dev.qsafe.api.Algorithm;
import dev.qsafe.api.KeyPair;
import dev.qsafe.api.PrivateKey;
import dev.qsafe.api.PublicKey;
import dev.qsafe.api.SecretAccess;
import dev.qsafe.runtime.CryptoRegistry;
import dev.qsafe.runtime.Hpke;
import dev.qsafe.tests.Vectors;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.DynamicContainer;
import org.junit.jupiter.api.DynamicNode;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.function.Executable;
import org.opentest4j.TestAbortedException;
import tools.jackson.databind.JsonNode;

/**
 * The RFC 9180 test vectors for DHKEM(X25519, HKDF-SHA256) + HKDF-SHA256 (appendix A.1), on every
 * combination of discovered KEM, KDF and AEAD engines: each combination is a registry that pins the
 * suite's three algorithms to one provider each.
 *
 * <p>For every base-mode suite: the derandomized sender gives {@code enc}, every one of the 257
 * encryptions seals to {@code ct} and opens back to {@code pt} in sequence, and both contexts export
 * the listed values. That checks the key schedule (key, base nonce, exporter secret) through its
 * outputs. Other modes (PSK, Auth, AuthPSK) and the export-only AEAD are skipped with the reason, and
 * counted: a line per combination goes to standard output, where the surefire report keeps it.
 */
class HpkeRfc9180VectorsTest {
    private static final String FILE = "hpke/rfc9180_x25519_hkdfsha256.json.gz";
    private static final Map<Integer, Algorithm> AEADS = Map.of(0x0001, Algorithm.AES_128_GCM,
            0x0002, Algorithm.AES_256_GCM, 0x0003, Algorithm.CHACHA20_POLY1305);

    @TestFactory
    Stream<DynamicNode> baseModeSuites_matchRfc9180_onEveryEngineCombination() {
        JsonNode suites = Vectors.json(FILE);
        List<DynamicNode> containers = new ArrayList<>();
        for (String kemProvider : HpkeEngines.providersOf(Algorithm.DHKEM_X25519)) {
            for (String kdfProvider : HpkeEngines.providersOf(Algorithm.HKDF_SHA256)) {
                for (String aeadProvider : aeadProviders()) {
                    containers.add(combination(suites, kemProvider, kdfProvider, aeadProvider));
                }
            }
        }
        assertFalse(containers.isEmpty(), "no engine combination discovered for DHKEM(X25519) + HKDF-SHA256");
        return containers.stream();
    }

    /** Every provider of at least one of the AEADs in the file. */
    private static List<String> aeadProviders() {
        return AEADS.values().stream().flatMap(a -> HpkeEngines.providersOf(a).stream()).distinct().sorted().toList();
    }

    private static DynamicContainer combination(JsonNode suites, String kemProvider, String kdfProvider, String aeadProvider) {
        String name = "[kem " + kemProvider + ", kdf " + kdfProvider + ", aead " + aeadProvider + "]";
        AtomicInteger passed = new AtomicInteger();
        AtomicInteger skipped = new AtomicInteger();
        AtomicInteger failed = new AtomicInteger();
        List<DynamicTest> tests = new ArrayList<>();
        for (JsonNode suite : suites) {
            int mode = suite.get("mode").asInt();
            int aeadId = suite.get("aead_id").asInt();
            String label = String.format("mode %d, kem 0x%04X, kdf 0x%04X, aead 0x%04X", mode,
                    suite.get("kem_id").asInt(), suite.get("kdf_id").asInt(), aeadId);
            tests.add(DynamicTest.dynamicTest(label, () -> count(passed, skipped, failed, () -> {
                String reason = skipReason(suite, aeadProvider);
                Assumptions.assumeTrue(reason == null, () -> "skipped: " + reason);
                run(suite, Map.of(Algorithm.DHKEM_X25519, kemProvider, Algorithm.HKDF_SHA256, kdfProvider,
                        AEADS.get(aeadId), aeadProvider));
            })));
        }
        int total = tests.size();
        tests.add(DynamicTest.dynamicTest("summary", () -> {
            System.out.println("rfc9180 " + FILE + " " + name + ": " + total + " suites, " + passed + " passed, "
                    + failed + " failed, " + skipped + " skipped");
            assertEquals(total, passed.get() + failed.get() + skipped.get(), "every suite counted once");
            assertFalse(passed.get() == 0, "no suite ran");
        }));
        return DynamicContainer.dynamicContainer(name, tests);
    }

    /** Why a suite is not run on this combination, or {@code null} to run it. */
    private static String skipReason(JsonNode suite, String aeadProvider) {
        int mode = suite.get("mode").asInt();
        if (mode != 0) {
            return "mode " + mode + " (" + List.of("base", "psk", "auth", "auth_psk").get(mode)
                    + "): qsafe's Hpke implements base mode only";
        }
        Algorithm aead = AEADS.get(suite.get("aead_id").asInt());
        if (aead == null) {
            return "AEAD id 0x" + Integer.toHexString(suite.get("aead_id").asInt())
                    + " (export-only): qsafe's Hpke always has an AEAD";
        }
        if (!HpkeEngines.providersOf(aead).contains(aeadProvider)) {
            return aeadProvider + " does not implement " + aead;
        }
        return null;
    }

    private static void run(JsonNode suite, Map<Algorithm, String> pins) {
        CryptoRegistry registry = HpkeEngines.pinned(pins);
        Algorithm aead = AEADS.get(suite.get("aead_id").asInt());
        Hpke hpke = Hpke.of(registry, Algorithm.DHKEM_X25519, Algorithm.HKDF_SHA256, aead);
        assertArrayEquals(Vectors.hex(String.format("48504b45%04x%04x%04x", suite.get("kem_id").asInt(),
                suite.get("kdf_id").asInt(), suite.get("aead_id").asInt())), hpke.suiteId(), "suite_id");

        KeyPair recipient = registry.kem(Algorithm.DHKEM_X25519).deriveKeyPair(Vectors.hex(suite, "ikmR"));
        assertArrayEquals(Vectors.hex(suite, "pkRm"), recipient.publicKey().encoded(), "DeriveKeyPair(ikmR): pkR");
        assertArrayEquals(Vectors.hex(suite, "skRm"), recipient.privateKey().rawBytes(SecretAccess.INSECURE),
                "DeriveKeyPair(ikmR): skR");

        byte[] info = Vectors.hex(suite, "info");
        Hpke.Sender sender = hpke.setupBaseSenderDerandomized(PublicKey.of(Algorithm.DHKEM_X25519, Vectors.hex(suite, "pkRm")),
                info, Vectors.hex(suite, "ikmE"));
        assertArrayEquals(Vectors.hex(suite, "enc"), sender.enc(), "enc");
        Hpke.Recipient receiver = hpke.setupBaseRecipient(PrivateKey.of(Algorithm.DHKEM_X25519, Vectors.hex(suite, "skRm")),
                Vectors.hex(suite, "enc"), info);

        int sequence = 0;
        for (JsonNode e : suite.get("encryptions")) {
            byte[] aad = Vectors.hex(e, "aad");
            byte[] pt = Vectors.hex(e, "pt");
            byte[] ct = Vectors.hex(e, "ct");
            assertArrayEquals(ct, sender.seal(aad, pt), "seal, sequence number " + sequence);
            assertArrayEquals(pt, receiver.open(aad, ct), "open, sequence number " + sequence);
            sequence++;
        }
        assertEquals(suite.get("encryptions").size(), sequence);
        for (JsonNode x : suite.get("exports")) {
            byte[] context = Vectors.hex(x, "exporter_context");
            int length = x.get("L").asInt();
            byte[] expected = Vectors.hex(x, "exported_value");
            assertArrayEquals(expected, sender.export(context, length), "sender export");
            assertArrayEquals(expected, receiver.export(context, length), "recipient export");
        }
    }

    private static void count(AtomicInteger passed, AtomicInteger skipped, AtomicInteger failed, Executable test) throws Throwable {
        try {
            test.execute();
            passed.incrementAndGet();
        } catch (TestAbortedException e) {
            skipped.incrementAndGet();
            throw e;
        } catch (Throwable e) {
            failed.incrementAndGet();
            throw e;
        }
    }
}
