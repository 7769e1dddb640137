package dev.qsafe.tests.session;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import tools.jackson.databind.JsonNode;
import dev.qsafe.api.Algorithm;
import dev.qsafe.session.LabeledKdf;
import dev.qsafe.tests.Vectors;
import org.junit.jupiter.api.Test;

/**
 * The session key schedule's labeled HKDF, with RFC 9420's prefix, against the RFC's published vectors
 * ({@code ../shared/vectors/mls}) for cipher suite 1 (HKDF-SHA256; AES-128-GCM sizes for the tree).
 */
class LabeledKdfVectorsTest {
    private static final LabeledKdf MLS = LabeledKdf.mls(SessionFixture.REGISTRY.kdf(Algorithm.HKDF_SHA256));

    @Test
    void cryptoBasics_expandWithLabel_deriveSecret_deriveTreeSecret() {
        int checked = 0;
        for (JsonNode c : Vectors.json("mls/crypto-basics.json.gz")) {
            if (c.get("cipher_suite").asInt() != 1) {
                continue;
            }
            JsonNode e = c.get("expand_with_label");
            assertArrayEquals(Vectors.hex(e.get("out").asText()), MLS.expandWithLabel(Vectors.hex(e.get("secret").asText()),
                    e.get("label").asText(), Vectors.hex(e.get("context").asText()), e.get("length").asInt()));
            JsonNode d = c.get("derive_secret");
            assertArrayEquals(Vectors.hex(d.get("out").asText()), MLS.deriveSecret(Vectors.hex(d.get("secret").asText()),
                    d.get("label").asText()));
            JsonNode t = c.get("derive_tree_secret");
            assertArrayEquals(Vectors.hex(t.get("out").asText()), MLS.deriveTreeSecret(Vectors.hex(t.get("secret").asText()),
                    t.get("label").asText(), t.get("generation").asLong(), t.get("length").asInt()));
            checked++;
        }
        assertTrue(checked >= 1, "cipher suite 1 is in the file");
    }

    private static int level(int x) {
        int k = 0;
        while (((x >> k) & 1) == 1) {
            k++;
        }
        return k;
    }

    /** RFC 9420 section 9: tree secrets from the root down, then the per-generation ratchet. */
    @Test
    void secretTree_perGenerationKeysAndNonces() {
        int leavesChecked = 0;
        for (JsonNode c : Vectors.json("mls/secret-tree.json.gz")) {
            if (c.get("cipher_suite").asInt() != 1) {
                continue;
            }
            JsonNode leaves = c.get("leaves");
            int n = leaves.size();
            int width = 2 * (n - 1) + 1;
            int root = Integer.highestOneBit(width) - 1;
            for (int leaf = 0; leaf < n; leaf++) {
                int target = 2 * leaf;
                int node = root;
                byte[] secret = Vectors.hex(c.get("encryption_secret").asText());
                while (node != target) {
                    int k = level(node);
                    boolean left = target < node;
                    node = left ? node ^ (1 << (k - 1)) : node ^ (3 << (k - 1));
                    secret = MLS.expandWithLabel(secret, "tree", (left ? "left" : "right").getBytes(), 32);
                }
                byte[] hs = MLS.expandWithLabel(secret, "handshake", new byte[0], 32);
                byte[] as = MLS.expandWithLabel(secret, "application", new byte[0], 32);
                long gen = 0;
                for (JsonNode g : leaves.get(leaf)) {
                    long target2 = g.get("generation").asLong();
                    for (; gen < target2; gen++) {
                        hs = MLS.deriveTreeSecret(hs, "secret", gen, 32);
                        as = MLS.deriveTreeSecret(as, "secret", gen, 32);
                    }
                    assertArrayEquals(Vectors.hex(g.get("application_key").asText()), MLS.deriveTreeSecret(as, "key", gen, 16));
                    assertArrayEquals(Vectors.hex(g.get("application_nonce").asText()), MLS.deriveTreeSecret(as, "nonce", gen, 12));
                    assertArrayEquals(Vectors.hex(g.get("handshake_key").asText()), MLS.deriveTreeSecret(hs, "key", gen, 16));
                    assertArrayEquals(Vectors.hex(g.get("handshake_nonce").asText()), MLS.deriveTreeSecret(hs, "nonce", gen, 12));
                }
                leavesChecked++;
            }
        }
        assertTrue(leavesChecked > 0);
    }
}
