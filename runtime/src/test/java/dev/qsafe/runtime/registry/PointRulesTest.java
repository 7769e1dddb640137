package dev.qsafe.runtime.registry;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.qsafe.api.Algorithm;
import java.util.HexFormat;
import java.util.List;
import java.util.Properties;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The byte rules the registry applies on the way into every Ed25519 and X25519 engine, and the self-test table. */
class PointRulesTest {
    private static final HexFormat HEX = HexFormat.of();

    /** The C2SP CCTV Ed25519 README's fourteen low-order encodings: eight canonical, six not. */
    private static final List<String> CCTV_LOW_ORDER = List.of(
            "0000000000000000000000000000000000000000000000000000000000000000",
            "0000000000000000000000000000000000000000000000000000000000000080",
            "0100000000000000000000000000000000000000000000000000000000000000",
            "0100000000000000000000000000000000000000000000000000000000000080",
            "26e8958fc2b227b045c3f489f2ef98f0d5dfac05d3c63339b13802886d53fc05",
            "26e8958fc2b227b045c3f489f2ef98f0d5dfac05d3c63339b13802886d53fc85",
            "c7176a703d4dd84fba3c0b760d10670f2a2053fa2c39ccc64ec7fd7792ac037a",
            "c7176a703d4dd84fba3c0b760d10670f2a2053fa2c39ccc64ec7fd7792ac03fa",
            "ecffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff7f",
            "ecffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff",
            "edffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff7f",
            "edffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff",
            "eeffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff7f",
            "eeffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff");

    @Test
    void ed25519_everyLowOrderEncodingOfCctv_isRefused_andARealKeyIsNot() {
        long canonical = CCTV_LOW_ORDER.stream().filter(e -> PointRules.ed25519(HEX.parseHex(e), 0) == PointRules.Verdict.SMALL_ORDER).count();
        long nonCanonical = CCTV_LOW_ORDER.stream().filter(e -> PointRules.ed25519(HEX.parseHex(e), 0) == PointRules.Verdict.NON_CANONICAL).count();
        assertEquals(8, canonical);
        assertEquals(6, nonCanonical);
        // RFC 8032 TEST 1 public key, and the base point
        assertEquals(PointRules.Verdict.ACCEPTABLE,
                PointRules.ed25519(HEX.parseHex("d75a980182b10ab7d54bfed3c964073a0ee172f3daa62325af021a68f707511a"), 0));
        assertEquals(PointRules.Verdict.ACCEPTABLE,
                PointRules.ed25519(HEX.parseHex("5866666666666666666666666666666666666666666666666666666666666666"), 0));
        // y = p + 2 (not small order, still not canonical)
        assertEquals(PointRules.Verdict.NON_CANONICAL,
                PointRules.ed25519(HEX.parseHex("efffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff7f"), 0));
    }

    @Test
    void ed25519_scalarBelowOrder() {
        byte[] l = HEX.parseHex("edd3f55c1a631258d69cf7a2def9de1400000000000000000000000000000010");
        assertFalse(PointRules.ed25519ScalarBelowOrder(l, 0));
        l[0]--;
        assertTrue(PointRules.ed25519ScalarBelowOrder(l, 0));
    }

    @Test
    void x25519_smallOrderInAnyEncoding_andNonCanonical_areRefused() {
        for (String u : List.of("0000000000000000000000000000000000000000000000000000000000000080",
                "0100000000000000000000000000000000000000000000000000000000000000",
                "e0eb7a7c3b41b8ae1656e3faf19fc46ada098deb9c32b1fd866205165f49b880",
                "5f9c95bca3508c24b1d0b1559c83ef5b04445cc4581c8e86d8224eddd09f1157",
                "ecffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff7f",
                "edffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff",
                "eeffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff7f")) {
            assertEquals(PointRules.Verdict.SMALL_ORDER, PointRules.x25519(HEX.parseHex(u), 0), u);
            assertTrue(PointRules.x25519SmallOrder(HEX.parseHex(u), 0), u);
        }
        String rfc9180PkR = "3948cfe0ad1ddb695d780e59077195da6c56506b027329794ab02bca80815c4d";
        assertEquals(PointRules.Verdict.ACCEPTABLE, PointRules.x25519(HEX.parseHex(rfc9180PkR), 0));
        assertEquals(PointRules.Verdict.NON_CANONICAL, PointRules.x25519(HEX.parseHex(rfc9180PkR.substring(0, 62) + "cd"), 0));
        assertEquals(PointRules.Verdict.NON_CANONICAL,
                PointRules.x25519(HEX.parseHex("efffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff7f"), 0));
        assertFalse(PointRules.x25519SmallOrder(HEX.parseHex(rfc9180PkR.substring(0, 62) + "cd"), 0),
                "the raw DH function keeps RFC 7748's decoding of a non-canonical u");
    }

    @Test
    void everyWellKnownAlgorithm_hasAKnownAnswerTest() {
        for (Algorithm a : Algorithm.wellKnown()) {
            assertTrue(KnownAnswers.has(a), a.name());
        }
        assertFalse(KnownAnswers.has(Algorithm.define(new Algorithm("HKDF-SHA512", dev.qsafe.api.AlgorithmKind.KDF,
                4, 0, 0, 0, 0, 0, 64, 0, 0, 0x0003, ""))));
    }

    @Test
    void guards_coverExactlyTheAlgorithmsWithAnEdwardsOrMontgomeryPoint() {
        Set<Algorithm> guarded = Set.of(Algorithm.ED25519, Algorithm.MLDSA44_ED25519, Algorithm.MLDSA65_ED25519,
                Algorithm.DHKEM_X25519, Algorithm.X_WING);
        for (Algorithm a : Algorithm.wellKnown()) {
            assertEquals(guarded.contains(a), Guarded.guards(a), a.name());
        }
    }

    @Test
    void allowList_parsesAndAllows() {
        Properties p = new Properties();
        p.setProperty(RegistryConfig.ALLOW_PROPERTY, "qsafe, hsm-example,,");
        RegistryConfig c = RegistryConfig.fromProperties(p);
        assertEquals(Set.of("qsafe", "hsm-example"), c.allowed());
        assertTrue(c.allows("bc-classical", true));
        assertTrue(c.allows("hsm-example", false));
        assertFalse(c.allows("other", false));
        assertFalse(c.allows("bc-classical", false), "only the genuine bc-classical counts as qsafe's");
        p.setProperty(RegistryConfig.ALLOW_PROPERTY, "*");
        assertTrue(RegistryConfig.fromProperties(p).allowed().isEmpty());
        assertTrue(RegistryConfig.defaults().allows("anything", false));
        assertNotEquals("", RegistryConfig.defaults().toString());
    }
}
