package dev.qsafe.tests.envelope;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.qsafe.api.Algorithm;
import dev.qsafe.api.CryptoMode;
import dev.qsafe.api.PrivateKey;
import dev.qsafe.api.PublicKey;
import dev.qsafe.api.SecretAccess;
import dev.qsafe.runtime.QSafe;
import dev.qsafe.runtime.config.QSafeConfig;
import dev.qsafe.runtime.keys.Identity;
import dev.qsafe.runtime.keys.IdentityFiles;
import dev.qsafe.runtime.keys.PublicIdentity;
import dev.qsafe.runtime.suite.Suite;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * The published vectors of envelope version 2 (streaming), {@code docs/vectors/envelope-v2/envelope-v2.json}:
 * each case's envelope opens, in memory and streamed, for the recipient (identity file given, unprotected)
 * to the message, from the sender's public identity; and {@link StreamEnvelopeReference}, reading
 * docs/FORMAT.md independently, with only the recipient's raw KEM private key and the sender's raw
 * signature public key, finds the same header, key ids, stream key, nonce prefix, per-chunk nonces, trailer
 * and signed bytes as the file lists, and verifies the sender's signature over them. Sealing is randomised
 * (encapsulation, signatures), so the vectors are fixed bytes to open, with the intermediate values for
 * another implementation to check step by step.
 *
 * <p>To write the file again (new identities, new envelopes):
 * {@code ./mvnw -B -pl tests -am verify -Dtest=EnvelopeV2VectorsTest -Dsurefire.failIfNoSpecifiedTests=false
 * -Dqsafe.vectors.write=true}.
 */
class EnvelopeV2VectorsTest {
    static final Path FILE = Path.of("..", "docs", "vectors", "envelope-v2", "envelope-v2.json");
    private static final HexFormat HEX = HexFormat.of();
    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final int SMALL = 256;

    @Test
    void publishedVectors_open_andMatchTheReference() throws IOException {
        if (Boolean.getBoolean("qsafe.vectors.write")) {
            write();
        }
        QSafe q = Parties.qsafe();
        var registry = q.registry();
        JsonNode doc = JSON.readTree(Files.readString(FILE));
        assertEquals("qsafe envelope v2", doc.get("format").asString());
        Set<String> suites = new TreeSet<>();
        boolean empty = false;
        boolean full = false;
        boolean several = false;
        for (JsonNode c : doc.get("cases")) {
            String name = c.get("name").asString();
            byte[] envelope = HEX.parseHex(c.get("envelope").asString());
            byte[] message = HEX.parseHex(c.get("message").asString());
            PublicIdentity sender = IdentityFiles.readPublic(c.get("sender").asString(), registry);
            Identity recipient = IdentityFiles.readUnprotected(c.get("recipient").asString(), registry);
            assertEquals(c.get("suite").asString(), recipient.suite().name(), name);
            suites.add(recipient.suite().name());

            // The runtime opens it, in memory and streamed.
            assertArrayEquals(message, q.open(envelope, recipient, sender), name);
            ByteArrayOutputStream streamed = new ByteArrayOutputStream();
            q.openStream(new ByteArrayInputStream(envelope), streamed, recipient, sender);
            assertArrayEquals(message, streamed.toByteArray(), name);

            // The reference, from the raw keys the file lists.
            StreamEnvelopeReference.Header h = StreamEnvelopeReference.parse(envelope);
            assertEquals(c.get("headerLength").asInt(), h.length(), name);
            assertEquals(c.get("chunkSize").asInt(), h.chunkSize(), name);
            assertEquals(recipient.suite().kem(), h.kem(), name);
            assertEquals(recipient.suite().kdf(), h.kdf(), name);
            assertEquals(recipient.suite().aead(), h.aead(), name);
            byte[] kemPrivate = HEX.parseHex(c.get("recipientKemPrivateKey").asString());
            byte[] kemPublic = HEX.parseHex(c.get("recipientKemPublicKey").asString());
            assertArrayEquals(recipient.kem().privateKey().rawBytes(SecretAccess.INSECURE), kemPrivate, name);
            assertArrayEquals(recipient.kem().publicKey().encoded(), kemPublic, name);
            assertArrayEquals(StreamEnvelopeReference.keyId(h.kem(), kemPublic), h.recipientKeyId(), name);
            byte[] secret = StreamEnvelopeReference.streamSecret(registry, h, envelope, PrivateKey.of(h.kem(), kemPrivate));
            int nk = h.aead().keySize();
            assertEquals(c.get("streamKey").asString(), HEX.formatHex(secret, 0, nk), name);
            assertEquals(c.get("noncePrefix").asString(), HEX.formatHex(secret, nk, nk + 7), name);
            int n = StreamEnvelopeReference.chunkCount(envelope.length, h.length(), h.chunkLog2());
            JsonNode nonces = c.get("nonces");
            assertEquals(n, nonces.size(), name + ": one nonce per chunk");
            for (int i = 0; i < n; i++) {
                assertEquals(nonces.get(i).asString(), HEX.formatHex(StreamEnvelopeReference.nonce(secret, nk, i, i == n - 1)), name);
            }

            byte[] p = StreamEnvelopeReference.decryptChunks(registry, h.aead(), h.chunkLog2(), h.length(), envelope, secret);
            StreamEnvelopeReference.Trailer t = StreamEnvelopeReference.Trailer.of(p);
            assertEquals(c.get("trailerLength").asInt(), t.length(), name);
            assertArrayEquals(message, Arrays.copyOf(p, p.length - t.length()), name + ": P = message || trailer");
            byte[] sigPublic = HEX.parseHex(c.get("senderSignaturePublicKey").asString());
            assertArrayEquals(sender.signature().encoded(), sigPublic, name);
            Algorithm sigAlg = sender.signature().algorithm();
            assertEquals(sigAlg.name(), t.sigAlg(), name);
            assertArrayEquals(StreamEnvelopeReference.keyId(sigAlg, sigPublic), t.senderKeyId(), name);
            byte[] tbs = StreamEnvelopeReference.toBeSigned(StreamEnvelopeReference.LABEL, envelope, h.length(), t, p);
            assertEquals(c.get("toBeSigned").asString(), HEX.formatHex(tbs), name);
            registry.signature(sigAlg).verify(PublicKey.of(sigAlg, sigPublic), tbs, t.signature(), new byte[0]);

            empty |= message.length == 0;
            full |= p.length % h.chunkSize() == 0;
            several |= n >= 3;
        }
        assertTrue(suites.containsAll(Set.of("classical-v1", "hybrid-v1", "pqc-v1")), "a case per mode: " + suites);
        assertTrue(empty && full && several, "an empty message, a full last chunk and several chunks");
    }

    /** The generator: new identities, new envelopes, their intermediate values computed by the reference. */
    private static void write() throws IOException {
        ObjectNode doc = JSON.createObjectNode();
        doc.put("format", "qsafe envelope v2");
        doc.put("description", "Streaming envelopes as docs/FORMAT.md (\"Sealed envelope, version 2\") defines them."
                + " The recipient's identity file (unprotected; test-only keys) opens the envelope to the message, signed by"
                + " the sender's public identity; recipientKemPrivateKey/recipientKemPublicKey and senderSignaturePublicKey"
                + " are the raw keys in those files. headerLength is 30 + enc_len; streamKey || noncePrefix is the HPKE"
                + " exporter's output; nonces are the chunks' nonces in order; trailerLength counts the trailer with its"
                + " 4-byte length; toBeSigned is what the sender's signature covers. Checked by"
                + " tests/.../envelope/EnvelopeV2VectorsTest, which also writes this file.");
        ArrayNode cases = doc.putArray("cases");
        QSafe q = Parties.qsafe();
        Identity alice = Parties.identity(q, "alice-classical", CryptoMode.CLASSICAL);
        Identity bob = Parties.identity(q, "bob-classical", CryptoMode.CLASSICAL);
        addCase(q, cases, "classical, empty message, 256-byte chunks (one chunk: the trailer)", alice, bob, SMALL, new byte[0]);
        addCase(q, cases, "classical, 600-byte message in 256-byte chunks (three chunks)", alice, bob, SMALL,
                text("Three chunks of 256 bytes: the message, then the trailer across the last two. ", 600));
        // P = message || trailer exactly two chunks: the last chunk full (flag 01 on a C + 16-byte chunk)
        int trailer = trailerLength(q, alice, bob);
        addCase(q, cases, "classical, last chunk exactly full (" + (2 * SMALL - trailer) + "-byte message, 256-byte chunks)",
                alice, bob, SMALL, text("The last chunk is exactly full. ", 2 * SMALL - trailer));
        QSafe chacha = Parties.qsafe(QSafeConfig.newBuilder().suite(Suite.CLASSICAL_CHACHA20).build());
        addCase(chacha, cases, "classical-chacha20-v1 (ChaCha20-Poly1305 chunks), 256-byte chunks",
                Parties.identity(chacha, "alice-chacha20", CryptoMode.CLASSICAL),
                Parties.identity(chacha, "bob-chacha20", CryptoMode.CLASSICAL), SMALL, text("ChaCha20-Poly1305 chunks. ", 300));
        addCase(q, cases, "hybrid, 64 KiB chunks (the default)", Parties.identity(q, "alice-hybrid", CryptoMode.HYBRID),
                Parties.identity(q, "carol-hybrid", CryptoMode.HYBRID), QSafe.DEFAULT_CHUNK_SIZE,
                text("A hybrid streaming envelope: one chunk of 64 KiB holds the message and its trailer. ", 200));
        addCase(q, cases, "PQC, 1000-byte message in 1 KiB chunks", Parties.identity(q, "alice-pqc", CryptoMode.PQC),
                Parties.identity(q, "dave-pqc", CryptoMode.PQC), 1024, text("ML-KEM-1024 and ML-DSA-87, 1 KiB chunks. ", 1000));
        QSafe cnsa2 = Parties.qsafe(QSafeConfig.newBuilder().suite(Suite.PQC_CNSA2).build());
        addCase(cnsa2, cases, "pqc-cnsa2-v1 (HKDF-SHA384 exporter), 4 KiB chunks", Parties.identity(cnsa2, "alice-cnsa2", CryptoMode.PQC),
                Parties.identity(cnsa2, "dave-cnsa2", CryptoMode.PQC), 4096, text("CNSA 2.0: HKDF-SHA384. ", 100));
        Files.createDirectories(FILE.getParent());
        Files.writeString(FILE, doc.toPrettyString() + "\n");
    }

    /** {@code length} bytes of {@code phrase} repeated. */
    private static byte[] text(String phrase, int length) {
        byte[] p = phrase.getBytes(StandardCharsets.US_ASCII);
        byte[] out = new byte[length];
        for (int i = 0; i < length; i++) {
            out[i] = p[i % p.length];
        }
        return out;
    }

    private static byte[] seal(QSafe q, Identity sender, Identity recipient, int chunkSize, byte[] message) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        q.sealStream(new ByteArrayInputStream(message), out, recipient.publicIdentity(), sender, chunkSize);
        return out.toByteArray();
    }

    /** The trailer's length for this sender, read from an envelope the reference opens. */
    private static int trailerLength(QSafe q, Identity sender, Identity recipient) throws IOException {
        byte[] envelope = seal(q, sender, recipient, SMALL, new byte[0]);
        StreamEnvelopeReference.Header h = StreamEnvelopeReference.parse(envelope);
        byte[] secret = StreamEnvelopeReference.streamSecret(q.registry(), h, envelope, recipient.kem().privateKey());
        return StreamEnvelopeReference.decryptChunks(q.registry(), h.aead(), h.chunkLog2(), h.length(), envelope, secret).length;
    }

    private static void addCase(QSafe q, ArrayNode cases, String name, Identity sender, Identity recipient, int chunkSize,
                                byte[] message) throws IOException {
        var registry = q.registry();
        byte[] envelope = seal(q, sender, recipient, chunkSize, message);
        StreamEnvelopeReference.Header h = StreamEnvelopeReference.parse(envelope);
        byte[] secret = StreamEnvelopeReference.streamSecret(registry, h, envelope, recipient.kem().privateKey());
        int nk = h.aead().keySize();
        byte[] p = StreamEnvelopeReference.decryptChunks(registry, h.aead(), h.chunkLog2(), h.length(), envelope, secret);
        StreamEnvelopeReference.Trailer t = StreamEnvelopeReference.Trailer.of(p);
        int n = StreamEnvelopeReference.chunkCount(envelope.length, h.length(), h.chunkLog2());
        ObjectNode c = cases.addObject();
        c.put("name", name);
        c.put("suite", recipient.suite().name());
        c.put("chunkSize", chunkSize);
        c.put("message", HEX.formatHex(message));
        c.put("recipient", IdentityFiles.writeUnprotected(recipient));
        c.put("recipientKemPrivateKey", HEX.formatHex(recipient.kem().privateKey().rawBytes(SecretAccess.INSECURE)));
        c.put("recipientKemPublicKey", HEX.formatHex(recipient.kem().publicKey().encoded()));
        c.put("sender", IdentityFiles.writePublic(sender, registry));
        c.put("senderSignaturePublicKey", HEX.formatHex(sender.signature().publicKey().encoded()));
        c.put("headerLength", h.length());
        c.put("streamKey", HEX.formatHex(secret, 0, nk));
        c.put("noncePrefix", HEX.formatHex(secret, nk, nk + 7));
        ArrayNode nonces = c.putArray("nonces");
        for (int i = 0; i < n; i++) {
            nonces.add(HEX.formatHex(StreamEnvelopeReference.nonce(secret, nk, i, i == n - 1)));
        }
        c.put("trailerLength", t.length());
        c.put("toBeSigned", HEX.formatHex(StreamEnvelopeReference.toBeSigned(StreamEnvelopeReference.LABEL, envelope, h.length(), t, p)));
        c.put("envelope", HEX.formatHex(envelope));
    }
}
