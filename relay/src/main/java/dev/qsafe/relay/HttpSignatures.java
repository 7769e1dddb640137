package dev.qsafe.relay;

import java.net.URI;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

import dev.qsafe.relay.internal.Rfc9421;

/**
 * RFC 9421 HTTP message signatures with Ed25519 (the JDK's engine), as relay clients and the relay use
 * them (docs/RELAY.md, "Fetch authentication"). Malformed headers are refused with
 * {@link IllegalArgumentException}.
 */
public final class HttpSignatures {

    /** The components every relay request must cover. */
    public static final List<String> REQUIRED_COMPONENTS = Rfc9421.REQUIRED_COMPONENTS;

    private HttpSignatures() {
    }

    /**
     * The signature base (RFC 9421 section 2.5) of a request for a {@code Signature-Input} header with
     * one member; header fields are looked up by lower-case name with {@code header}.
     */
    public static String signatureBase(String signatureInputHeader, String method, URI target,
            Function<String, String> header) {
        return Rfc9421.signatureBase(Rfc9421.parseSignatureInput(signatureInputHeader), method, target, header);
    }

    /** The signature bytes of a {@code Signature} header with one member labelled {@code label}. */
    public static byte[] parseSignature(String signatureHeader, String label) {
        return Rfc9421.parseSignature(signatureHeader, label);
    }

    /** Ed25519 signature of a signature base. */
    public static byte[] sign(PrivateKey key, String base) {
        return Rfc9421.sign(key, base);
    }

    /** Whether the Ed25519 signature of a signature base verifies. */
    public static boolean verify(PublicKey key, String base, byte[] signature) {
        return Rfc9421.verify(key, base, signature);
    }

    /** {@code sha-256=:BASE64:} of a body (RFC 9530). */
    public static String contentDigest(byte[] body) {
        return Rfc9421.contentDigest(body);
    }

    /**
     * The {@code Content-Digest}, {@code Signature-Input} and {@code Signature} headers of a signed relay
     * request ({@code @method}, {@code @target-uri}, {@code content-digest}; {@code created},
     * {@code nonce}, {@code keyid}, {@code alg="ed25519"}).
     */
    public static Map<String, String> signRequest(PrivateKey key, String keyid, String method, URI target, byte[] body,
            long createdEpochSeconds, String nonce) {
        return Rfc9421.signRequest(key, keyid, method, target, body, createdEpochSeconds, nonce);
    }

    /** A fresh random nonce. */
    public static String newNonce() {
        return Rfc9421.newNonce();
    }

    /** An Ed25519 public key from its 32 raw bytes. */
    public static PublicKey ed25519PublicKey(byte[] raw) {
        return Rfc9421.ed25519PublicKey(raw);
    }

    /** An Ed25519 private key from its 32-byte seed. */
    public static PrivateKey ed25519PrivateKey(byte[] seed) {
        return Rfc9421.ed25519PrivateKey(seed);
    }

    /** The 32 raw bytes of an Ed25519 public key. */
    public static byte[] rawPublicKey(PublicKey key) {
        return Rfc9421.rawPublicKey(key);
    }
}
