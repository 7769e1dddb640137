package dev.qsafe.tests.hygiene;

import static org.junit.jupiter.api.Assertions.fail;

import dev.qsafe.api.PrivateKey;
import dev.qsafe.api.SecretAccess;
import dev.qsafe.api.SecretBytes;
import dev.qsafe.runtime.keys.Identity;
import dev.qsafe.runtime.keys.KeyEncodings;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The secrets a test created, in every textual form a leak could take, and a scanner that fails when
 * any of them shows up in a text.
 *
 * <p>Each secret is searched as lower- and upper-case hex, as standard and URL-safe base64 at each of
 * the three byte alignments it can have inside a longer base64 text (so a key inside a base64 PKCS#8
 * blob or a PEM body is found too), and as its raw bytes read as ISO-8859-1 (for binary outputs).
 * Texts are scanned as they are and with all whitespace removed, which joins line-wrapped base64 and
 * spaced hex. Secrets shorter than {@value #MIN_SECRET_BYTES} bytes are refused: their encodings
 * would match by chance.
 */
public final class Secrets {
    /** The shortest secret accepted. */
    public static final int MIN_SECRET_BYTES = 16;

    private final Map<String, String> needles = new LinkedHashMap<>();
    private int count;

    /** Adds a secret byte string, described by {@code what} in failure messages. */
    public void add(String what, byte[] secret) {
        if (secret.length < MIN_SECRET_BYTES) {
            throw new IllegalArgumentException(what + ": " + secret.length + " bytes is too short to scan for");
        }
        count++;
        needles.put(HexFormat.of().formatHex(secret), what + " as hex");
        needles.put(HexFormat.of().withUpperCase().formatHex(secret), what + " as HEX");
        needles.put(new String(secret, StandardCharsets.ISO_8859_1), what + " as raw bytes");
        for (int shift = 0; shift < 3; shift++) {
            needles.put(base64Core(Base64.getEncoder(), secret, shift), what + " as base64 (alignment " + shift + ")");
            needles.put(base64Core(Base64.getUrlEncoder(), secret, shift), what + " as base64url (alignment " + shift + ")");
        }
    }

    /** Adds a text secret (a passphrase) as it is. */
    public void addText(String what, String secret) {
        if (secret.length() < MIN_SECRET_BYTES) {
            throw new IllegalArgumentException(what + " is too short to scan for");
        }
        count++;
        needles.put(secret, what);
    }

    /** Adds a private key: its raw bytes and, where an encoding exists, its PKCS#8 DER. */
    public void add(String what, PrivateKey key) {
        byte[] raw = key.rawBytes(SecretAccess.INSECURE);
        add(what + " (" + key.algorithm().name() + " raw private key)", raw);
        if (KeyEncodings.supports(key.algorithm())) {
            add(what + " (" + key.algorithm().name() + " PKCS#8)", KeyEncodings.encodePkcs8(key));
        }
    }

    /** Adds a shared secret or symmetric key. */
    public void add(String what, SecretBytes secret) {
        add(what, secret.rawBytes(SecretAccess.INSECURE));
    }

    /** Adds both private keys of an identity. */
    public void add(Identity identity) {
        add(identity.name() + "'s KEM key", identity.kem().privateKey());
        add(identity.name() + "'s signature key", identity.signature().privateKey());
    }

    /** How many secrets were added. */
    public int count() {
        return count;
    }

    /** Fails naming the secret and the place if {@code text} contains any secret in any form. */
    public void assertNoneIn(String where, String text) {
        String joined = text.replaceAll("\\s+", "");
        for (Map.Entry<String, String> n : needles.entrySet()) {
            if (text.contains(n.getKey()) || joined.contains(n.getKey())) {
                fail(where + " leaks " + n.getValue() + ":\n" + abbreviate(text));
            }
        }
    }

    /** Fails if the bytes, read as ISO-8859-1 and as UTF-8, contain any secret in any form. */
    public void assertNoneIn(String where, byte[] output) {
        assertNoneIn(where, new String(output, StandardCharsets.ISO_8859_1));
        assertNoneIn(where + " (as UTF-8)", new String(output, StandardCharsets.UTF_8));
    }

    /**
     * The base64 characters that depend only on the secret when it starts {@code shift} bytes into a
     * longer byte string: whatever comes before and after, a base64 text of it contains them.
     */
    private static String base64Core(Base64.Encoder encoder, byte[] secret, int shift) {
        byte[] shifted = new byte[shift + secret.length];
        System.arraycopy(secret, 0, shifted, shift, secret.length);
        String encoded = encoder.withoutPadding().encodeToString(shifted);
        int firstBit = 8 * shift;
        int endBit = 8 * (shift + secret.length);
        int from = (firstBit + 5) / 6;   // the first character whose 6 bits all come from the secret
        int to = endBit / 6;             // one past the last such character
        return encoded.substring(from, Math.min(to, encoded.length()));
    }

    private static String abbreviate(String text) {
        return text.length() <= 4000 ? text : text.substring(0, 4000) + "... (" + text.length() + " characters)";
    }

    @Override
    public String toString() {
        return "Secrets[" + count + " secrets, " + needles.size() + " forms]";
    }
}
