package dev.qsafe.tests.session;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.qsafe.api.CryptoMode;
import dev.qsafe.runtime.keys.Identity;
import dev.qsafe.runtime.suite.Suite;
import dev.qsafe.session.Prekeys;
import dev.qsafe.session.Session;
import dev.qsafe.session.Sessions;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.EnumSet;
import java.util.HexFormat;
import java.util.Set;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The frozen transcripts of protocol version 1 ({@code src/test/resources/session/transcripts-v1.json},
 * written by {@link SessionTranscriptGenerator}) still open with today's code: bundle, first message,
 * exported prekeys and states, and every message, in every mode.
 */
class SessionTranscriptTest {
    private static final HexFormat HEX = HexFormat.of();

    @Test
    void frozenTranscripts_openWithTodaysCode() throws IOException {
        if (Boolean.getBoolean("qsafe.session.transcripts.update")) {
            SessionTranscriptGenerator.write(SessionTranscriptGenerator.FILE);
        }
        JsonNode all = JsonMapper.builder().build().readTree(Files.readString(SessionTranscriptGenerator.FILE));
        Set<CryptoMode> seen = EnumSet.noneOf(CryptoMode.class);
        Sessions sessions = Sessions.of(SessionFixture.REGISTRY, SessionTranscriptGenerator.config());
        for (JsonNode t : all) {
            CryptoMode mode = CryptoMode.valueOf(t.get("mode").asText());
            Suite suite = Suite.builtIn(t.get("suite").asText()).orElseThrow();
            Identity alice = SessionTranscriptGenerator.identity(t.get("alice"), suite);
            Identity bob = SessionTranscriptGenerator.identity(t.get("bob"), suite);
            // the bundle still verifies (a fresh initiation from it)
            sessions.initiate(alice, bob.publicIdentity(), HEX.parseHex(t.get("bundle").asText()), new byte[0]);
            Prekeys prekeys = sessions.restorePrekeys(HEX.parseHex(t.get("prekeys").asText()), bob);
            Sessions.Acceptance accepted = sessions.accept(prekeys, HEX.parseHex(t.get("first").asText()), alice.publicIdentity()::equals);
            assertEquals(t.get("firstPayload").asText(), new String(accepted.payload(), StandardCharsets.UTF_8));
            JsonNode firstToBob = null;
            int ratcheted = 0;
            for (JsonNode m : t.get("messages")) {
                Identity receiver = m.get("from").asText().equals("alice") ? bob : alice;
                if (firstToBob == null && receiver == bob) {
                    firstToBob = m;
                }
                Session s = sessions.restore(HEX.parseHex(m.get("stateBefore").asText()), receiver);
                assertEquals(m.get("plaintext").asText(), new String(s.open(HEX.parseHex(m.get("message").asText())),
                        StandardCharsets.UTF_8), mode + " " + m.get("plaintext").asText());
                ratcheted = (int) Math.max(ratcheted, s.epoch());
            }
            assertTrue(firstToBob != null && ratcheted >= 3, mode + ": the transcript crosses KEM ratchet steps");
            // accepting the first message again gives exactly the recorded responder state
            assertArrayEquals(HEX.parseHex(firstToBob.get("stateBefore").asText()), accepted.session().export(),
                    mode + ": the responder's state after setup is frozen too");
            seen.add(mode);
        }
        assertEquals(EnumSet.allOf(CryptoMode.class), seen);
    }
}
