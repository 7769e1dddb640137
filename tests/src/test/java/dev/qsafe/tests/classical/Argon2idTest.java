package dev.qsafe.tests.classical;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.qsafe.api.Algorithm;
import dev.qsafe.api.InvalidInputException;
import dev.qsafe.api.PasswordKdf;
import dev.qsafe.api.PasswordKdfParameters;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Argon2id (RFC 9106, version 0x13) from {@code bc-classical}, the only provider that offers it.
 *
 * <p>Vectors: libsodium's {@code test/default/pwhash_argon2id.c} ({@code tv3}), the encoded hashes
 * that its {@code .exp} file shows verifying: Argon2id v19 without secret or associated data, with
 * text passphrases and salts of at least 16 bytes, as qsafe's API takes them. (The reference
 * implementation's {@code "password"/"somesalt"} vectors use an 8-byte salt, which qsafe refuses,
 * and RFC 9106 section 5.3 uses a secret and associated data, which qsafe's API does not have.)
 * The three expected values were also checked against Bouncy Castle's generator directly.
 */
class Argon2idTest {
    private static final PasswordKdfParameters CHEAP = new PasswordKdfParameters(64, 1, 1);

    static Stream<Arguments> libsodiumVectors() {
        return Stream.of(
                Arguments.of("", "$argon2id$v=19$m=4882,t=2,p=1$bA81arsiXysd3WbTRzmEOw$Nm8QBM+7RH1DXo9rvp5cwKEOOOfD2g6JuxlXihoNcpE"),
                Arguments.of("^T5H$JYt39n%K*j:W]!1s?vg!:jGi]Ax?..l7[p0v:1jHTpla9;]bUN;?bWyCbtqg ",
                        "$argon2id$v=19$m=4096,t=19,p=1$PkEgMTYtYnl0ZXMgc2FsdA$ltB/ue1kPtBMBGfsysMpPigE6hiNEKZ9vs8vLNVDQGA"),
                Arguments.of("K3S=KyH#)36_?]LxeR8QNKw6X=gFbxai$C%29V*",
                        "$argon2id$v=19$m=4096,t=1,p=3$PkEgcHJldHR5IGxvbmcgc2FsdA$HUqx5Z1b/ZypnUrvvJ5UC2Q+T6Q1WwASK/Kr9dRbGA0"));
    }

    private static PasswordKdf engine() {
        return ClassicalEngines.REGISTRY.passwordKdf(Algorithm.ARGON2ID, ClassicalEngines.BC);
    }

    @Test
    void discovery_onlyBouncyCastleOffersArgon2id_andTheRegistrySelectsIt() {
        assertEquals(List.of(ClassicalEngines.BC), ClassicalEngines.REGISTRY.providersOf(Algorithm.ARGON2ID));
        assertEquals(Algorithm.ARGON2ID, ClassicalEngines.REGISTRY.passwordKdf(Algorithm.ARGON2ID).algorithm());
    }

    @ParameterizedTest(name = "{1}")
    @MethodSource("libsodiumVectors")
    void derive_libsodiumVector_matches(String passphrase, String encoded) {
        // $argon2id$v=19$m=M,t=T,p=P$SALT$HASH, base64 without padding
        String[] parts = encoded.split("\\$");
        assertEquals("v=19", parts[2]);
        int[] cost = Stream.of(parts[3].split(",")).mapToInt(p -> Integer.parseInt(p.substring(2))).toArray();
        byte[] salt = Base64.getDecoder().decode(parts[4]);
        byte[] expected = Base64.getDecoder().decode(parts[5]);
        byte[] out = engine().derive(passphrase.toCharArray(), salt,
                new PasswordKdfParameters(cost[0], cost[1], cost[2]), expected.length);
        assertArrayEquals(expected, out, HexFormat.of().formatHex(out));
    }

    @Test
    void derive_nonAsciiPassphrase_isEncodedAsUtf8() {
        // The same bytes as UTF-8 ("p\u00e4ss" is 70 c3 a4 73 73), so the result must not depend on the platform charset.
        char[] umlaut = "p\u00e4ss".toCharArray();
        char[] asLatin1Bytes = new String("p\u00e4ss".getBytes(StandardCharsets.UTF_8), StandardCharsets.ISO_8859_1).toCharArray();
        byte[] salt = new byte[16];
        assertFalse(java.util.Arrays.equals(engine().derive(umlaut, salt, CHEAP, 32), engine().derive(asLatin1Bytes, salt, CHEAP, 32)));
    }

    @Test
    void derive_deterministic_andSensitiveToEveryInput() {
        byte[] salt = new byte[16];
        byte[] base = engine().derive("secret".toCharArray(), salt, CHEAP, 32);
        assertArrayEquals(base, engine().derive("secret".toCharArray(), salt, CHEAP, 32));
        byte[] otherSalt = salt.clone();
        otherSalt[15] = 1;
        assertFalse(java.util.Arrays.equals(base, engine().derive("secret".toCharArray(), otherSalt, CHEAP, 32)));
        assertFalse(java.util.Arrays.equals(base, engine().derive("secreT".toCharArray(), salt, CHEAP, 32)));
        assertFalse(java.util.Arrays.equals(base, engine().derive("secret".toCharArray(), salt, new PasswordKdfParameters(64, 2, 1), 32)));
        assertEquals(64, engine().derive("secret".toCharArray(), salt, CHEAP, 64).length);
    }

    @Test
    void derive_saltShorterThan16Bytes_failsWithInvalidInput() {
        assertThrows(InvalidInputException.class, () -> engine().derive("pw".toCharArray(), new byte[15], CHEAP, 32));
        assertThrows(InvalidInputException.class, () -> engine().derive("pw".toCharArray(), "somesalt".getBytes(StandardCharsets.US_ASCII), CHEAP, 32));
    }

    @Test
    void derive_lengthOutOfRange_failsWithInvalidInput() {
        for (int length : new int[] {-1, 0, 3, 1025, Integer.MAX_VALUE}) {
            assertThrows(InvalidInputException.class, () -> engine().derive("pw".toCharArray(), new byte[16], CHEAP, length),
                    "length " + length);
        }
        assertEquals(4, engine().derive("pw".toCharArray(), new byte[16], CHEAP, 4).length);
        assertEquals(1024, engine().derive("pw".toCharArray(), new byte[16], CHEAP, 1024).length);
    }

    @Test
    void derive_unpairedSurrogateInPassphrase_failsWithInvalidInput() {
        assertThrows(InvalidInputException.class, () -> engine().derive(new char[] {'a', '\ud800'}, new byte[16], CHEAP, 32));
    }

    @Test
    void parameters_outOfBounds_failWithInvalidInput() {
        assertThrows(InvalidInputException.class, () -> new PasswordKdfParameters(7, 1, 1));
        assertThrows(InvalidInputException.class, () -> new PasswordKdfParameters(64, 0, 1));
        assertThrows(InvalidInputException.class, () -> new PasswordKdfParameters(64, 1, 65));
        assertThrows(InvalidInputException.class, () -> new PasswordKdfParameters(4 * 1024 * 1024 + 1, 1, 1));
    }

    @Test
    void engineOnJdkProvider_doesNotExist() {
        assertThrows(dev.qsafe.api.UnsupportedAlgorithmException.class,
                () -> ClassicalEngines.REGISTRY.passwordKdf(Algorithm.ARGON2ID, ClassicalEngines.JDK));
    }
}
