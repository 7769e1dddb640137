package dev.qsafe.tests.session;

import dev.qsafe.api.CryptoMode;
import dev.qsafe.api.KeyPair;
import dev.qsafe.api.PrivateKey;
import dev.qsafe.api.PublicKey;
import dev.qsafe.api.SecretAccess;
import dev.qsafe.runtime.keys.Identity;
import dev.qsafe.runtime.suite.Suite;
import dev.qsafe.session.Prekeys;
import dev.qsafe.session.Session;
import dev.qsafe.session.SessionConfig;
import dev.qsafe.session.Sessions;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.HexFormat;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Writes the frozen session transcripts (docs/SESSION.md, "Frozen transcripts"): per mode, test
 * identities with their private keys, the responder's exported prekeys, the bundle, a first message and
 * messages in both directions across KEM ratchet steps, each with the receiver's exported state before
 * it. Run {@code main(path)} or the transcript test with {@code -Dqsafe.session.transcripts.update=true};
 * only for a new protocol version.
 */
public final class SessionTranscriptGenerator {
    static final Path FILE = Path.of("src", "test", "resources", "session", "transcripts-v1.json");
    static final Instant TIME = Instant.parse("2026-06-01T00:00:00Z");
    private static final HexFormat HEX = HexFormat.of();

    private SessionTranscriptGenerator() {
    }

    public static void main(String[] args) throws IOException {
        write(args.length > 0 ? Path.of(args[0]) : FILE);
    }

    static SessionConfig config() {
        return SessionConfig.defaults().withClock(Clock.fixed(TIME, ZoneOffset.UTC)).withRatchetInterval(1).withOneTimePrekeys(2);
    }

    static void write(Path file) throws IOException {
        JsonMapper json = JsonMapper.builder().build();
        ArrayNode all = json.createArrayNode();
        Sessions sessions = Sessions.of(SessionFixture.REGISTRY, config());
        for (CryptoMode mode : CryptoMode.values()) {
            Suite suite = Suite.defaultFor(mode);
            Identity alice = Identity.generate("alice", suite, SessionFixture.REGISTRY);
            Identity bob = Identity.generate("bob", suite, SessionFixture.REGISTRY);
            Prekeys prekeys = sessions.newPrekeys(bob);
            ObjectNode t = all.addObject();
            t.put("mode", mode.name());
            t.put("suite", suite.name());
            t.set("alice", identity(json, alice));
            t.set("bob", identity(json, bob));
            t.put("time", TIME.toString());
            t.put("prekeys", HEX.formatHex(prekeys.export()));
            byte[] bundle = prekeys.bundle();
            t.put("bundle", HEX.formatHex(bundle));
            Sessions.Initiation i = sessions.initiate(alice, bob.publicIdentity(), bundle, "first".getBytes(StandardCharsets.UTF_8));
            t.put("first", HEX.formatHex(i.firstMessage()));
            t.put("firstPayload", "first");
            Session a = i.session();
            Session b = sessions.accept(prekeys, i.firstMessage(), null).session();
            ArrayNode messages = t.putArray("messages");
            String[] script = {"alice", "bob", "bob", "alice", "bob", "alice"};
            for (int k = 0; k < script.length; k++) {
                boolean fromAlice = script[k].equals("alice");
                Session from = fromAlice ? a : b;
                Session to = fromAlice ? b : a;
                String text = script[k] + " " + k;
                byte[] m = from.seal(text.getBytes(StandardCharsets.UTF_8));
                ObjectNode o = messages.addObject();
                o.put("from", script[k]);
                o.put("stateBefore", HEX.formatHex(to.export()));
                o.put("message", HEX.formatHex(m));
                o.put("plaintext", text);
                to.open(m);
            }
        }
        Files.createDirectories(file.getParent());
        Files.writeString(file, json.writerWithDefaultPrettyPrinter().writeValueAsString(all) + "\n");
    }

    private static ObjectNode identity(JsonMapper json, Identity id) {
        ObjectNode o = json.createObjectNode();
        o.put("name", id.name());
        o.put("kemPublic", HEX.formatHex(id.kem().publicKey().encoded()));
        o.put("kemPrivate", HEX.formatHex(id.kem().privateKey().rawBytes(SecretAccess.INSECURE)));
        o.put("signaturePublic", HEX.formatHex(id.signature().publicKey().encoded()));
        o.put("signaturePrivate", HEX.formatHex(id.signature().privateKey().rawBytes(SecretAccess.INSECURE)));
        return o;
    }

    static Identity identity(JsonNode o, Suite suite) {
        return new Identity(o.get("name").asText(), suite,
                new KeyPair(PublicKey.of(suite.kem(), HEX.parseHex(o.get("kemPublic").asText())),
                        PrivateKey.of(suite.kem(), HEX.parseHex(o.get("kemPrivate").asText()))),
                new KeyPair(PublicKey.of(suite.signature(), HEX.parseHex(o.get("signaturePublic").asText())),
                        PrivateKey.of(suite.signature(), HEX.parseHex(o.get("signaturePrivate").asText()))));
    }
}
