package dev.qsafe.relay.internal;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.InvalidKeyException;
import java.security.KeyFactory;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.SecureRandom;
import java.security.Signature;
import java.security.SignatureException;
import java.security.spec.InvalidKeySpecException;
import java.security.spec.PKCS8EncodedKeySpec;
import java.security.spec.X509EncodedKeySpec;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.function.Function;

/**
 * RFC 9421 HTTP message signatures with Ed25519 (the JDK's engine), as the relay uses them: the
 * signature base of section 2.5, the {@code Signature-Input} and {@code Signature} dictionaries
 * (RFC 8941 structured fields, one member), and {@code Content-Digest} (RFC 9530, SHA-256).
 * Parsing is strict and bounded: anything outside the subset the relay needs is refused with an
 * {@link IllegalArgumentException}. The exported {@code dev.qsafe.relay.HttpSignatures} is its face.
 */
public final class Rfc9421 {

    /** The components and parameters every relay request must sign. */
    public static final List<String> REQUIRED_COMPONENTS = List.of("@method", "@target-uri", "content-digest");

    private static final int MAX_HEADER_CHARS = 4096;
    private static final byte[] SPKI_PREFIX = HexFormat.of().parseHex("302a300506032b6570032100");
    private static final byte[] PKCS8_PREFIX = HexFormat.of().parseHex("302e020100300506032b657004220420");
    private static final SecureRandom RANDOM = new SecureRandom();

    private Rfc9421() {
    }

    /**
     * A parsed {@code Signature-Input} member: its label, covered components (in order) and parameters
     * (in order; values are {@link Long} or {@link String}).
     */
    public record SignatureInput(String label, List<String> components, Map<String, Object> params) {
        public SignatureInput {
            Objects.requireNonNull(label);
            components = List.copyOf(components);
            params = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(params));
        }

        /** The inner list with its parameters, serialized as RFC 8941 requires (the {@code @signature-params} value). */
        public String serialize() {
            StringBuilder sb = new StringBuilder("(");
            for (int i = 0; i < components.size(); i++) {
                if (i > 0) {
                    sb.append(' ');
                }
                sb.append('"').append(components.get(i)).append('"');
            }
            sb.append(')');
            params.forEach((k, v) -> {
                sb.append(';').append(k).append('=');
                if (v instanceof Long l) {
                    sb.append(l);
                } else {
                    sb.append('"').append(v).append('"');
                }
            });
            return sb.toString();
        }

        /** A parameter as a string, or null. */
        public String string(String name) {
            return params.get(name) instanceof String s ? s : null;
        }

        /** A parameter as an integer, or null. */
        public Long integer(String name) {
            return params.get(name) instanceof Long l ? l : null;
        }
    }

    /**
     * The value of one covered component of a request. Derived components: {@code @method},
     * {@code @target-uri}, {@code @authority}, {@code @scheme}, {@code @path}, {@code @query};
     * anything else is a header field (lower-case name), looked up with {@code header}.
     *
     * @throws IllegalArgumentException if the component is unknown or the header is absent
     */
    public static String componentValue(String component, String method, URI target, Function<String, String> header) {
        return switch (component) {
            case "@method" -> method;
            case "@target-uri" -> target.toString();
            case "@authority" -> authority(target);
            case "@scheme" -> target.getScheme().toLowerCase(Locale.ROOT);
            case "@path" -> target.getRawPath() == null || target.getRawPath().isEmpty() ? "/" : target.getRawPath();
            case "@query" -> "?" + (target.getRawQuery() == null ? "" : target.getRawQuery());
            default -> {
                if (component.startsWith("@") || !component.equals(component.toLowerCase(Locale.ROOT))) {
                    throw new IllegalArgumentException("unsupported component " + component);
                }
                String v = header.apply(component);
                if (v == null) {
                    throw new IllegalArgumentException("covered header " + component + " is missing");
                }
                yield v.strip();
            }
        };
    }

    private static String authority(URI target) {
        String host = target.getHost().toLowerCase(Locale.ROOT);
        int port = target.getPort();
        String scheme = target.getScheme().toLowerCase(Locale.ROOT);
        boolean defaultPort = port == -1 || ("http".equals(scheme) && port == 80) || ("https".equals(scheme) && port == 443);
        return defaultPort ? host : host + ":" + port;
    }

    /** The signature base (RFC 9421 section 2.5): one line per component, then {@code @signature-params}; no final newline. */
    public static String signatureBase(SignatureInput input, String method, URI target, Function<String, String> header) {
        StringBuilder sb = new StringBuilder();
        for (String c : input.components()) {
            if (c.equals("@signature-params")) {
                throw new IllegalArgumentException("@signature-params cannot be covered");
            }
            sb.append('"').append(c).append("\": ").append(componentValue(c, method, target, header)).append('\n');
        }
        sb.append("\"@signature-params\": ").append(input.serialize());
        return sb.toString();
    }

    /** {@code sha-256=:BASE64:} of the body (RFC 9530). */
    public static String contentDigest(byte[] body) {
        try {
            byte[] d = MessageDigest.getInstance("SHA-256").digest(body);
            return "sha-256=:" + Base64.getEncoder().encodeToString(d) + ":";
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from the JDK", e);
        }
    }

    /** Whether a {@code Content-Digest} header holds the body's SHA-256 (other algorithms are refused). */
    public static boolean digestMatches(String header, byte[] body) {
        if (header == null) {
            return false;
        }
        byte[] want = contentDigest(body).getBytes(StandardCharsets.US_ASCII);
        return MessageDigest.isEqual(want, header.strip().getBytes(StandardCharsets.US_ASCII));
    }

    /** Ed25519 signature of the base's UTF-8 bytes. */
    public static byte[] sign(PrivateKey key, String base) {
        try {
            Signature s = Signature.getInstance("Ed25519");
            s.initSign(key);
            s.update(base.getBytes(StandardCharsets.UTF_8));
            return s.sign();
        } catch (GeneralSecurityException e) {
            throw new IllegalArgumentException("cannot sign with this key: " + e.getClass().getSimpleName(), e);
        }
    }

    /** Whether {@code signature} is a valid Ed25519 signature of the base under {@code key}. */
    public static boolean verify(PublicKey key, String base, byte[] signature) {
        try {
            Signature s = Signature.getInstance("Ed25519");
            s.initVerify(key);
            s.update(base.getBytes(StandardCharsets.UTF_8));
            return s.verify(signature);
        } catch (InvalidKeyException | SignatureException e) {
            return false;
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("Ed25519 is missing from the JDK", e);
        }
    }

    /** An Ed25519 public key from its 32 raw bytes. */
    public static PublicKey ed25519PublicKey(byte[] raw) {
        if (raw == null || raw.length != 32) {
            throw new IllegalArgumentException("an Ed25519 public key is 32 bytes");
        }
        try {
            byte[] spki = Arrays.copyOf(SPKI_PREFIX, SPKI_PREFIX.length + 32);
            System.arraycopy(raw, 0, spki, SPKI_PREFIX.length, 32);
            return KeyFactory.getInstance("Ed25519").generatePublic(new X509EncodedKeySpec(spki));
        } catch (InvalidKeySpecException e) {
            throw new IllegalArgumentException("not an Ed25519 public key", e);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("Ed25519 is missing from the JDK", e);
        }
    }

    /** An Ed25519 private key from its 32-byte seed. */
    public static PrivateKey ed25519PrivateKey(byte[] seed) {
        if (seed == null || seed.length != 32) {
            throw new IllegalArgumentException("an Ed25519 private key is a 32-byte seed");
        }
        byte[] pkcs8 = Arrays.copyOf(PKCS8_PREFIX, PKCS8_PREFIX.length + 32);
        System.arraycopy(seed, 0, pkcs8, PKCS8_PREFIX.length, 32);
        try {
            return KeyFactory.getInstance("Ed25519").generatePrivate(new PKCS8EncodedKeySpec(pkcs8));
        } catch (InvalidKeySpecException e) {
            throw new IllegalArgumentException("not an Ed25519 private key", e);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("Ed25519 is missing from the JDK", e);
        } finally {
            Arrays.fill(pkcs8, (byte) 0);
        }
    }

    /** The 32 raw bytes of an Ed25519 public key (the end of its X.509 encoding). */
    public static byte[] rawPublicKey(PublicKey key) {
        byte[] enc = key.getEncoded();
        if (!"Ed25519".equalsIgnoreCase(key.getAlgorithm()) && !"EdDSA".equalsIgnoreCase(key.getAlgorithm())
                || enc.length != SPKI_PREFIX.length + 32) {
            throw new IllegalArgumentException("not an Ed25519 public key");
        }
        return Arrays.copyOfRange(enc, SPKI_PREFIX.length, enc.length);
    }

    /** A fresh nonce: 16 random bytes, base64url. */
    public static String newNonce() {
        byte[] b = new byte[16];
        RANDOM.nextBytes(b);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(b);
    }

    /**
     * Signs a relay request: returns the {@code Content-Digest}, {@code Signature-Input} and
     * {@code Signature} headers (label {@code sig1}) covering {@link #REQUIRED_COMPONENTS} with
     * {@code created}, {@code nonce}, {@code keyid} and {@code alg="ed25519"}.
     */
    public static Map<String, String> signRequest(PrivateKey key, String keyid, String method, URI target, byte[] body,
            long createdEpochSeconds, String nonce) {
        String digest = contentDigest(body);
        Map<String, Object> params = new LinkedHashMap<>();
        params.put("created", createdEpochSeconds);
        params.put("nonce", nonce);
        params.put("keyid", keyid);
        params.put("alg", "ed25519");
        SignatureInput input = new SignatureInput("sig1", REQUIRED_COMPONENTS, params);
        String base = signatureBase(input, method, target, h -> h.equals("content-digest") ? digest : null);
        byte[] sig = sign(key, base);
        Map<String, String> headers = new LinkedHashMap<>();
        headers.put("Content-Digest", digest);
        headers.put("Signature-Input", "sig1=" + input.serialize());
        headers.put("Signature", "sig1=:" + Base64.getEncoder().encodeToString(sig) + ":");
        return headers;
    }

    /**
     * Parses a {@code Signature-Input} header with exactly one member.
     *
     * @throws IllegalArgumentException if it is malformed, too long, or has more than one member
     */
    public static SignatureInput parseSignatureInput(String header) {
        Cursor c = new Cursor(header);
        String label = c.key();
        c.expect('=');
        c.expect('(');
        List<String> components = new ArrayList<>();
        while (true) {
            if (c.peek() == ')') {
                c.next();
                break;
            }
            if (!components.isEmpty()) {
                c.expect(' ');
            }
            components.add(c.string());
            if (components.size() > 32) {
                throw new IllegalArgumentException("too many covered components");
            }
        }
        Map<String, Object> params = new LinkedHashMap<>();
        while (c.more() && c.peek() == ';') {
            c.next();
            String k = c.key();
            c.expect('=');
            Object v = c.peek() == '"' ? c.string() : c.integer();
            if (params.put(k, v) != null) {
                throw new IllegalArgumentException("duplicate parameter " + k);
            }
        }
        c.end();
        return new SignatureInput(label, components, params);
    }

    /**
     * Parses a {@code Signature} header with exactly one member labelled {@code label}; returns the signature bytes.
     *
     * @throws IllegalArgumentException if it is malformed or has another label
     */
    public static byte[] parseSignature(String header, String label) {
        Cursor c = new Cursor(header);
        String l = c.key();
        if (!l.equals(label)) {
            throw new IllegalArgumentException("Signature and Signature-Input labels differ");
        }
        c.expect('=');
        c.expect(':');
        int start = c.pos;
        while (c.more() && c.peek() != ':') {
            c.next();
        }
        String b64 = header.substring(start, c.pos);
        c.expect(':');
        c.end();
        try {
            return Base64.getDecoder().decode(b64);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("signature is not base64");
        }
    }

    /** A strict, bounded RFC 8941 reader for the subset above. */
    private static final class Cursor {
        private final String s;
        private int pos;

        Cursor(String s) {
            if (s == null || s.isEmpty()) {
                throw new IllegalArgumentException("header is missing");
            }
            if (s.length() > MAX_HEADER_CHARS) {
                throw new IllegalArgumentException("header is too long");
            }
            this.s = s.strip();
        }

        boolean more() {
            return pos < s.length();
        }

        char peek() {
            if (!more()) {
                throw new IllegalArgumentException("header ends early");
            }
            return s.charAt(pos);
        }

        char next() {
            char ch = peek();
            pos++;
            return ch;
        }

        void expect(char ch) {
            if (next() != ch) {
                throw new IllegalArgumentException("expected '" + ch + "' at " + (pos - 1));
            }
        }

        void end() {
            if (more()) {
                throw new IllegalArgumentException("only one signature is accepted");
            }
        }

        String key() {
            int start = pos;
            char first = peek();
            if (!(first >= 'a' && first <= 'z') && first != '*') {
                throw new IllegalArgumentException("bad key at " + pos);
            }
            while (more()) {
                char ch = s.charAt(pos);
                if ((ch >= 'a' && ch <= 'z') || (ch >= '0' && ch <= '9') || ch == '_' || ch == '-' || ch == '.' || ch == '*') {
                    pos++;
                } else {
                    break;
                }
            }
            return s.substring(start, pos);
        }

        String string() {
            expect('"');
            StringBuilder sb = new StringBuilder();
            while (true) {
                char ch = next();
                if (ch == '"') {
                    return sb.toString();
                }
                if (ch == '\\' || ch < 0x20 || ch > 0x7e) {
                    throw new IllegalArgumentException("unsupported character in string");
                }
                sb.append(ch);
            }
        }

        Long integer() {
            int start = pos;
            if (more() && peek() == '-') {
                pos++;
            }
            while (more() && Character.isDigit(s.charAt(pos)) && s.charAt(pos) < 128) {
                pos++;
            }
            String digits = s.substring(start, pos);
            if (digits.isEmpty() || digits.equals("-") || digits.length() > 16) {
                throw new IllegalArgumentException("bad integer at " + start);
            }
            return Long.parseLong(digits);
        }
    }
}
