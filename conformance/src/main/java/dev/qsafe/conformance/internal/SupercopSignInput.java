package dev.qsafe.conformance.internal;

import static dev.qsafe.conformance.internal.Checks.equal;

import dev.qsafe.api.Algorithm;
import dev.qsafe.api.KeyPair;
import dev.qsafe.api.PublicKey;
import dev.qsafe.api.spi.SignatureSpi;
import java.util.Arrays;
import java.util.List;

/**
 * The Ed25519 known answers of SUPERCOP and ed25519.cr.yp.to, {@code sign.input}: one case per line,
 * {@code sk:pk:m:sm:} in hex, where sk is the 32-byte seed followed by the 32-byte public key, pk the public
 * key, m the message (possibly empty) and sm the 64-byte signature followed by m. A text file is in this
 * layout when every non-empty line is: four colon-separated hex fields and a trailing colon, sk of 64
 * bytes, pk of 32, sm of at least 64. Per line, on every Ed25519 engine: KeyGen(seed) = pk, signing m
 * gives exactly the signature, which verifies under pk, the public key half of sk is pk, and sm ends with m.
 */
final class SupercopSignInput {
    private static final byte[] NO_CONTEXT = new byte[0];
    private static final int SEED = Algorithm.ED25519.privateKeySize();
    private static final int PUBLIC_KEY = Algorithm.ED25519.publicKeySize();
    private static final int SIGNATURE = Algorithm.ED25519.signatureSize();

    private SupercopSignInput() {
    }

    /** The parsed file if every non-empty line of {@code lines} is in the layout, else {@code null}. */
    static Recognised recognise(List<String> lines, Context context) {
        List<String> content = lines.stream().map(String::strip).filter(l -> !l.isEmpty()).toList();
        if (content.isEmpty()) {
            return null;
        }
        Plan plan = context.plan();
        int number = 0;
        for (String line : lines) {
            number++;
            String l = line.strip();
            if (l.isEmpty()) {
                continue;
            }
            String[] f = l.split(":", -1);
            if (f.length != 5 || !f[4].isEmpty() || !isHex(f[0], 2 * (SEED + PUBLIC_KEY)) || !isHex(f[1], 2 * PUBLIC_KEY)
                    || !isHex(f[2], f[2].length()) || f[3].length() < 2 * SIGNATURE || !isHex(f[3], f[3].length())) {
                return null;
            }
            add(plan, "line " + number, f);
        }
        return new Recognised("SUPERCOP Ed25519 sign.input (sk:pk:m:sm: per line)", "", plan);
    }

    private static void add(Plan plan, String id, String[] f) {
        byte[] sk = Fields.hex(f[0], "sk");
        byte[] seed = Arrays.copyOf(sk, SEED);
        byte[] skPublic = Arrays.copyOfRange(sk, SEED, sk.length);
        byte[] pk = Fields.hex(f[1], "pk");
        byte[] m = Fields.hex(f[2], "m");
        byte[] sm = Fields.hex(f[3], "sm");
        byte[] signature = Arrays.copyOf(sm, SIGNATURE);
        byte[] smMessage = Arrays.copyOfRange(sm, SIGNATURE, sm.length);
        plan.add(Algorithm.ED25519.name(), plan.engines()::signature, VectorCase.of(id, Expectation.VALID, (SignatureSpi dsa) -> {
            KeyPair pair = SignatureChecks.keyGen(dsa, seed, pk, null);
            SignatureChecks.sign(dsa, pair.privateKey(), m, NO_CONTEXT, null, signature, PublicKey.of(dsa.algorithm(), pk));
            equal("public key half of sk", pk, skPublic);
            equal("message in sm", m, smMessage);
        }));
    }

    /** Whether {@code s} is hex of exactly {@code length} characters (an even number). */
    private static boolean isHex(String s, int length) {
        if (s.length() != length || length % 2 != 0 || length > Fields.MAX_ENCODED_CHARS) {
            return false;
        }
        for (int i = 0; i < s.length(); i++) {
            if (Character.digit(s.charAt(i), 16) < 0) {
                return false;
            }
        }
        return true;
    }
}
