package dev.qsafe.tests.relay;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.security.KeyFactory;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.spec.PKCS8EncodedKeySpec;
import java.security.spec.X509EncodedKeySpec;
import java.util.Base64;
import java.util.Map;
import java.util.function.Function;

import org.junit.jupiter.api.Test;

import dev.qsafe.relay.HttpSignatures;

/**
 * RFC 9421 Appendix B.2.6 ("Signing a Request Using ed25519") with the test key of Appendix B.1.4:
 * the published signature base, Signature-Input and Signature, byte for byte. Ed25519 is
 * deterministic, so signing the base again must give the published signature.
 */
class HttpSignaturesVectorTest {

    // RFC 9421 B.1.4 test-key-ed25519 (PKCS #8 and SPKI bodies as published)
    private static final String PRIVATE_PKCS8 = "MC4CAQAwBQYDK2VwBCIEIJ+DYvh6SEqVTm50DFtMDoQikTmiCqirVv9mWG9qfSnF";
    private static final String PUBLIC_SPKI = "MCowBQYDK2VwAyEAJrQLj5P/89iXES9+vFgrIy29clF9CC/oPPsw3c5D0bs=";

    // RFC 9421 B.2 test request and B.2.6
    private static final String METHOD = "POST";
    private static final URI TARGET = URI.create("https://example.com/foo?param=Value&Pet=dog");
    private static final Map<String, String> HEADERS = Map.of(
            "host", "example.com",
            "date", "Tue, 20 Apr 2021 02:07:55 GMT",
            "content-type", "application/json",
            "content-digest", "sha-512=:WZDPaVn/7XgHaAy8pmojAkGWoRx2UFChF41A2svX+TaPm+AbwAgBWnrIiYllu7BNNyealdVLvRwEmTHWXvJwew==:",
            "content-length", "18");
    private static final String SIGNATURE_INPUT =
            "sig-b26=(\"date\" \"@method\" \"@path\" \"@authority\" \"content-type\" \"content-length\");created=1618884473;keyid=\"test-key-ed25519\"";
    private static final String SIGNATURE =
            "sig-b26=:wqcAqbmYJ2ji2glfAMaRy4gruYYnx2nEFN2HN6jrnDnQCK1u02Gb04v9EDgwUPiu4A0w6vuQv5lIp5WPpBKRCw==:";
    private static final String BASE = String.join("\n",
            "\"date\": Tue, 20 Apr 2021 02:07:55 GMT",
            "\"@method\": POST",
            "\"@path\": /foo",
            "\"@authority\": example.com",
            "\"content-type\": application/json",
            "\"content-length\": 18",
            "\"@signature-params\": (\"date\" \"@method\" \"@path\" \"@authority\" \"content-type\" \"content-length\");created=1618884473;keyid=\"test-key-ed25519\"");

    private static final Function<String, String> LOOKUP = HEADERS::get;

    @Test
    void b26_signatureBase_isThePublishedOne() {
        assertEquals(BASE, HttpSignatures.signatureBase(SIGNATURE_INPUT, METHOD, TARGET, LOOKUP));
    }

    @Test
    void b26_publishedSignature_verifies_andSigningAgainGivesIt() throws Exception {
        PublicKey pub = KeyFactory.getInstance("Ed25519").generatePublic(
                new X509EncodedKeySpec(Base64.getDecoder().decode(PUBLIC_SPKI)));
        PrivateKey priv = KeyFactory.getInstance("Ed25519").generatePrivate(
                new PKCS8EncodedKeySpec(Base64.getDecoder().decode(PRIVATE_PKCS8)));
        byte[] sig = HttpSignatures.parseSignature(SIGNATURE, "sig-b26");
        String base = HttpSignatures.signatureBase(SIGNATURE_INPUT, METHOD, TARGET, LOOKUP);
        assertTrue(HttpSignatures.verify(pub, base, sig));
        assertArrayEquals(sig, HttpSignatures.sign(priv, base));
        // the raw-key round trip the relay stores
        assertTrue(HttpSignatures.verify(HttpSignatures.ed25519PublicKey(HttpSignatures.rawPublicKey(pub)), base, sig));
    }

    @Test
    void b26_anyChangeToTheRequest_breaksTheSignature() throws Exception {
        PublicKey pub = KeyFactory.getInstance("Ed25519").generatePublic(
                new X509EncodedKeySpec(Base64.getDecoder().decode(PUBLIC_SPKI)));
        byte[] sig = HttpSignatures.parseSignature(SIGNATURE, "sig-b26");
        String otherPath = HttpSignatures.signatureBase(SIGNATURE_INPUT, METHOD,
                URI.create("https://example.com/bar?param=Value&Pet=dog"), LOOKUP);
        assertFalse(HttpSignatures.verify(pub, otherPath, sig));
        String otherMethod = HttpSignatures.signatureBase(SIGNATURE_INPUT, "GET", TARGET, LOOKUP);
        assertFalse(HttpSignatures.verify(pub, otherMethod, sig));
        String laterCreated = HttpSignatures.signatureBase(SIGNATURE_INPUT.replace("1618884473", "1618884474"), METHOD,
                TARGET, LOOKUP);
        assertFalse(HttpSignatures.verify(pub, laterCreated, sig));
    }

    @Test
    void malformedHeaders_areRefused_notCrashing() {
        for (String bad : new String[] {"", "sig1", "sig1=", "sig1=(\"@method\"", "sig1=(\"@method\");created=x",
                "SIG=(\"@method\")", "sig1=(\"@method\"), sig2=(\"@path\")", "sig1=(\"@method\");created=1;created=2",
                "sig1=(\"@signature-params\")", "sig1=(\"a\\\"b\")", "x".repeat(5000)}) {
            assertThrows(IllegalArgumentException.class,
                    () -> HttpSignatures.signatureBase(bad, METHOD, TARGET, LOOKUP), bad);
        }
        assertThrows(IllegalArgumentException.class, () -> HttpSignatures.parseSignature("sig1=:not base64!:", "sig1"));
        assertThrows(IllegalArgumentException.class, () -> HttpSignatures.parseSignature(SIGNATURE, "sig1"));
    }
}
