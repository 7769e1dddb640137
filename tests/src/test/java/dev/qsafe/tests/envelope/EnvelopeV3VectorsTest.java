package dev.qsafe.tests.envelope;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.qsafe.api.CryptoMode;
import dev.qsafe.runtime.QSafe;
import dev.qsafe.runtime.keys.Identity;
import dev.qsafe.runtime.keys.IdentityFiles;
import dev.qsafe.runtime.keys.PublicIdentity;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * The published vectors of envelope version 3, {@code docs/vectors/envelope-v3/envelope-v3.json}: each
 * case's envelope opens for each listed recipient (identity file given, unprotected) to the message, from
 * the sender's public identity; and {@link MultiEnvelopeReference}, reading docs/FORMAT.md independently,
 * finds the same header fields, content key, stream key and nonce prefix as the file lists. Sealing is
 * randomised (content key, encapsulations, signatures), so the vectors are fixed bytes to open, with the
 * intermediate values for another implementation to check step by step.
 *
 * <p>To write the file again (new identities, new envelopes):
 * {@code ./mvnw -B -pl tests -am verify -Dtest=EnvelopeV3VectorsTest -Dsurefire.failIfNoSpecifiedTests=false
 * -Dqsafe.vectors.write=true}.
 */
class EnvelopeV3VectorsTest {
    static final Path FILE = Path.of("..", "docs", "vectors", "envelope-v3", "envelope-v3.json");
    private static final HexFormat HEX = HexFormat.of();
    private static final JsonMapper JSON = JsonMapper.builder().build();

    @Test
    void publishedVectors_openForEveryRecipient_andMatchTheReference() throws IOException {
        if (Boolean.getBoolean("qsafe.vectors.write")) {
            write();
        }
        QSafe q = Parties.qsafe();
        var registry = q.registry();
        JsonNode doc = JSON.readTree(Files.readString(FILE));
        assertEquals("qsafe envelope v3", doc.get("format").asString());
        int cases = 0;
        for (JsonNode c : doc.get("cases")) {
            cases++;
            byte[] envelope = HEX.parseHex(c.get("envelope").asString());
            byte[] message = HEX.parseHex(c.get("message").asString());
            PublicIdentity sender = IdentityFiles.readPublic(c.get("sender").asString(), registry);
            MultiEnvelopeReference.Header h = MultiEnvelopeReference.parse(envelope);
            byte[] header = Arrays.copyOf(envelope, h.length());
            assertEquals(c.get("headerLength").asInt(), h.length(), c.get("name").asString());
            assertEquals(c.get("recipients").size(), h.entries().size());
            assertEquals(c.get("keyIds").asBoolean(), h.keyIds());
            assertEquals(q.inspect(envelope).recipientCount(), h.entries().size());
            for (JsonNode r : c.get("recipients")) {
                Identity id = IdentityFiles.readUnprotected(r.get("identity").asString(), registry);
                assertArrayEquals(message, q.open(envelope, id, sender), c.get("name").asString());
                int index = r.get("entry").asInt();
                byte[] dek = MultiEnvelopeReference.unwrap(registry, envelope, h, index, id.kem());
                assertEquals(r.get("dek").asString(), HEX.formatHex(dek));
                byte[] secret = MultiEnvelopeReference.streamSecret(registry, h, header, dek);
                int nk = h.aead().keySize();
                assertEquals(c.get("streamKey").asString(), HEX.formatHex(secret, 0, nk));
                assertEquals(c.get("noncePrefix").asString(), HEX.formatHex(secret, nk, nk + 7));
                byte[] p = MultiEnvelopeReference.decryptChunks(registry, h, envelope, secret);
                assertArrayEquals(message, Arrays.copyOf(p, message.length));
            }
        }
        assertTrue(cases >= 3, "the file has its cases");
    }

    /** The generator: new identities, new envelopes, their intermediate values computed by the reference. */
    private static void write() throws IOException {
        QSafe q = Parties.qsafe();
        var registry = q.registry();
        ObjectNode doc = JSON.createObjectNode();
        doc.put("format", "qsafe envelope v3");
        doc.put("description", "Multi-recipient envelopes as docs/FORMAT.md (\"Sealed envelope, version 3\") defines them."
                + " Each recipient's identity file (unprotected) opens the envelope to the message, signed by the sender's"
                + " public identity; dek, streamKey and noncePrefix are the intermediate values. Checked by"
                + " tests/.../envelope/EnvelopeV3VectorsTest, which also writes this file.");
        ArrayNode cases = doc.putArray("cases");
        Identity alice = Parties.identity(q, "alice", CryptoMode.HYBRID);
        Identity alicePqc = Parties.identity(q, "alice-pqc", CryptoMode.PQC);
        Identity classicalSender = Parties.identity(q, "alice-classical", CryptoMode.CLASSICAL);
        Identity bob = Parties.identity(q, "bob", CryptoMode.CLASSICAL);
        Identity carol = Parties.identity(q, "carol", CryptoMode.HYBRID);
        Identity dave = Parties.identity(q, "dave", CryptoMode.PQC);
        Identity erin = Parties.identity(q, "erin", CryptoMode.CLASSICAL);
        addCase(q, cases, "classical and hybrid recipients, key ids present, 256-byte chunks", alice, List.of(bob, carol), false,
                "a message to Bob (CLASSICAL) and Carol (HYBRID), long enough for two chunks of 256 bytes and a trailer:"
                        + " the quick brown fox jumps over the lazy dog. ".repeat(4));
        addCase(q, cases, "classical and PQC recipients, key ids present", alicePqc, List.of(dave, bob), false,
                "to Dave (PQC) and Bob (CLASSICAL)");
        addCase(q, cases, "three classical recipients, key ids hidden", classicalSender, List.of(bob, erin,
                Parties.identity(q, "frank", CryptoMode.CLASSICAL)), true, "");
        Files.createDirectories(FILE.getParent());
        Files.writeString(FILE, doc.toPrettyString() + "\n");
    }

    private static void addCase(QSafe q, ArrayNode cases, String name, Identity sender, List<Identity> to, boolean hide,
                                String text) throws IOException {
        var registry = q.registry();
        byte[] message = text.getBytes(java.nio.charset.StandardCharsets.UTF_8);
        List<PublicIdentity> pubs = new ArrayList<>();
        to.forEach(i -> pubs.add(i.publicIdentity()));
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        q.sealStream(new ByteArrayInputStream(message), out, pubs, sender, 256, hide);
        byte[] envelope = out.toByteArray();
        MultiEnvelopeReference.Header h = MultiEnvelopeReference.parse(envelope);
        byte[] header = Arrays.copyOf(envelope, h.length());
        ObjectNode c = cases.addObject();
        c.put("name", name);
        c.put("sender", IdentityFiles.writePublic(sender, registry));
        c.put("message", HEX.formatHex(message));
        c.put("keyIds", !hide);
        c.put("headerLength", h.length());
        ArrayNode rs = c.putArray("recipients");
        byte[] secret = null;
        for (int i = 0; i < to.size(); i++) {
            byte[] dek = MultiEnvelopeReference.unwrap(registry, envelope, h, i, to.get(i).kem());
            secret = MultiEnvelopeReference.streamSecret(registry, h, header, dek);
            ObjectNode r = rs.addObject();
            r.put("entry", i);
            r.put("identity", IdentityFiles.writeUnprotected(to.get(i)));
            r.put("dek", HEX.formatHex(dek));
        }
        int nk = h.aead().keySize();
        c.put("streamKey", HEX.formatHex(secret, 0, nk));
        c.put("noncePrefix", HEX.formatHex(secret, nk, nk + 7));
        c.put("envelope", HEX.formatHex(envelope));
    }
}
