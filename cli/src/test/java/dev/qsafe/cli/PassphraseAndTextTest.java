package dev.qsafe.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** The passphrase file's first line decoded without a String, the weak-passphrase rule, and escaping for the terminal. */
class PassphraseAndTextTest {
    @Test
    void firstLine_decodesUtf8WithoutLineEnd() {
        assertArrayEquals("pässwörd lang".toCharArray(),
                PassphraseOptions.firstLine("pässwörd lang\r\nsecond line".getBytes(StandardCharsets.UTF_8)));
        assertArrayEquals("only".toCharArray(), PassphraseOptions.firstLine("only".getBytes(StandardCharsets.UTF_8)));
        assertEquals(0, PassphraseOptions.firstLine("\n".getBytes(StandardCharsets.UTF_8)).length);
    }

    @Test
    void weakness_followsTheDocumentedRule() {
        assertTrue(PassphraseOptions.weakness("password1".toCharArray()).isPresent(), "short");
        assertTrue(PassphraseOptions.weakness("aaaaaaaaaaaaaaaaaaaa".toCharArray()).isPresent(), "one character");
        assertTrue(PassphraseOptions.weakness("passwordpassw".toCharArray()).isPresent(), "13 characters, one class");
        assertFalse(PassphraseOptions.weakness("Passw0rd-2024".toCharArray()).isPresent(), "13 characters, four classes");
        assertFalse(PassphraseOptions.weakness("correct horse battery".toCharArray()).isPresent(), "16 characters or more");
    }

    @Test
    void escape_showsControlFormatAndBidiCharacters_andDoublesBackslashes() {
        assertEquals("a\\u001B[2Kb\\u000D\\u202E\\u2066\\u200Bc\\\\u0041", Text.escape("a\u001b[2Kb\r\u202e\u2066\u200bc\\u0041"));
        assertEquals("Алиса 名前 🔑", Text.escape("Алиса 名前 🔑"));
        assertEquals("a b \\u202E", Text.oneLine("a\nb \u202e"));
    }
}
