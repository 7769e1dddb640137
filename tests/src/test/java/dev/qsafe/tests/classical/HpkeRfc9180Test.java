package dev.qsafe.tests.classical;

import static dev.qsafe.tests.Vectors.hex;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;

import dev.qsafe.api.Aead;
import dev.qsafe.api.Algorithm;
import dev.qsafe.api.Encapsulation;
import dev.qsafe.api.Kdf;
import dev.qsafe.api.KeyPair;
import dev.qsafe.api.PublicKey;
import dev.qsafe.api.SecretAccess;
import dev.qsafe.api.SecretBytes;
import dev.qsafe.api.spi.KemSpi;
import dev.qsafe.tests.Vectors;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicContainer;
import org.junit.jupiter.api.DynamicNode;
import org.junit.jupiter.api.TestFactory;
import tools.jackson.databind.JsonNode;

/**
 * RFC 9180 appendix A vectors for DHKEM(X25519, HKDF-SHA256), base mode, against every DHKEM engine
 * with the same provider's HKDF: DeriveKeyPair, derandomized Encap, Decap, the key schedule, and every
 * {@code encryptions[]} entry sealed and opened by every engine of the suite's AEAD.
 */
class HpkeRfc9180Test {
    private static final String FILE = "hpke/rfc9180_x25519_hkdfsha256.json.gz";
    private static final Map<Integer, Algorithm> AEADS = Map.of(
            0x0001, Algorithm.AES_128_GCM, 0x0002, Algorithm.AES_256_GCM, 0x0003, Algorithm.CHACHA20_POLY1305);

    @TestFactory
    Stream<DynamicNode> dhkemX25519_rfc9180BaseModeVectors_matchOnEveryEngine() {
        JsonNode suites = Vectors.json(FILE);
        List<DynamicNode> perEngine = new ArrayList<>();
        for (String provider : ClassicalEngines.providersOf(Algorithm.DHKEM_X25519)) {
            KemSpi kem = ClassicalEngines.REGISTRY.kem(Algorithm.DHKEM_X25519, provider);
            Kdf hkdf = ClassicalEngines.REGISTRY.kdf(Algorithm.HKDF_SHA256, provider);
            VectorTally tally = new VectorTally(FILE, provider);
            List<DynamicNode> nodes = new ArrayList<>();
            int n = 0;
            for (JsonNode suite : suites) {
                int mode = suite.get("mode").asInt();
                int aeadId = suite.get("aead_id").asInt();
                String name = "suite " + ++n + " (mode " + mode + ", aead 0x" + Integer.toHexString(aeadId) + ")";
                Algorithm aead = AEADS.get(aeadId);
                if (suite.get("kem_id").asInt() != Hpke.KEM_X25519 || suite.get("kdf_id").asInt() != Hpke.KDF_HKDF_SHA256) {
                    nodes.add(tally.skip(name, 1, "not DHKEM(X25519, HKDF-SHA256) with HKDF-SHA256"));
                } else if (mode != Hpke.MODE_BASE) {
                    nodes.add(tally.skip(name, 1, "psk and auth modes are not used by qsafe (base mode only)"));
                } else if (aead == null) {
                    nodes.add(tally.skip(name, 1, "export-only suite: qsafe does not use the HPKE exporter"));
                } else {
                    nodes.add(tally.test(name + ": keys, encapsulation, key schedule and "
                            + suite.get("encryptions").size() + " encryptions on every " + aead + " engine",
                            () -> check(kem, hkdf, aead, suite)));
                }
            }
            nodes.add(tally.summary());
            perEngine.add(DynamicContainer.dynamicContainer(provider, nodes));
        }
        return perEngine.stream();
    }

    private static void check(KemSpi kem, Kdf hkdf, Algorithm aeadAlgorithm, JsonNode suite) {
        KeyPair r = kem.deriveKeyPair(hex(suite, "ikmR"));
        assertArrayEquals(hex(suite, "pkRm"), r.publicKey().encoded(), "pkRm");
        assertArrayEquals(hex(suite, "skRm"), r.privateKey().rawBytes(SecretAccess.INSECURE), "skRm");
        KeyPair e = kem.deriveKeyPair(hex(suite, "ikmE"));
        assertArrayEquals(hex(suite, "pkEm"), e.publicKey().encoded(), "pkEm");
        assertArrayEquals(hex(suite, "skEm"), e.privateKey().rawBytes(SecretAccess.INSECURE), "skEm");

        Encapsulation encapsulation = kem.engineEncapsulateDerandomized(
                PublicKey.of(Algorithm.DHKEM_X25519, hex(suite, "pkRm")), hex(suite, "ikmE"));
        byte[] sharedSecret = hex(suite, "shared_secret");
        assertArrayEquals(hex(suite, "enc"), encapsulation.ciphertext(), "enc");
        assertArrayEquals(sharedSecret, encapsulation.sharedSecret().rawBytes(SecretAccess.INSECURE), "shared_secret (Encap)");
        assertArrayEquals(sharedSecret, kem.decapsulate(r.privateKey(), hex(suite, "enc")).rawBytes(SecretAccess.INSECURE),
                "shared_secret (Decap)");

        byte[] suiteId = Hpke.hpkeSuiteId(Hpke.KEM_X25519, Hpke.KDF_HKDF_SHA256, aeadAlgorithm.hpkeId());
        Hpke.Context ctx = Hpke.keyScheduleBase(hkdf, suiteId, sharedSecret, hex(suite, "info"),
                aeadAlgorithm.keySize(), aeadAlgorithm.nonceSize(), hkdf.algorithm().keySize());
        assertArrayEquals(hex(suite, "key"), ctx.key(), "key");
        assertArrayEquals(hex(suite, "base_nonce"), ctx.baseNonce(), "base_nonce");
        assertArrayEquals(hex(suite, "exporter_secret"), ctx.exporterSecret(), "exporter_secret");

        SecretBytes key = SecretBytes.copyOf(ctx.key());
        for (String provider : ClassicalEngines.providersOf(aeadAlgorithm)) {
            Aead aead = ClassicalEngines.REGISTRY.aead(aeadAlgorithm, provider);
            int seq = 0;
            for (JsonNode enc : suite.get("encryptions")) {
                String where = aeadAlgorithm + " on " + provider + ", seq " + seq;
                byte[] nonce = Hpke.nonce(ctx.baseNonce(), seq++);
                assertArrayEquals(hex(enc, "nonce"), nonce, where + ": nonce");
                byte[] ct = hex(enc, "ct");
                assertArrayEquals(ct, aead.seal(key, nonce, hex(enc, "pt"), hex(enc, "aad")), where + ": seal");
                assertArrayEquals(hex(enc, "pt"), aead.open(key, nonce, ct, hex(enc, "aad")), where + ": open");
            }
        }
    }
}
