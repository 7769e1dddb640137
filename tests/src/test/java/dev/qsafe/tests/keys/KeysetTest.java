package dev.qsafe.tests.keys;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.qsafe.api.CryptoMode;
import dev.qsafe.api.InvalidInputException;
import dev.qsafe.api.PasswordKdfParameters;
import dev.qsafe.runtime.QSafe;
import dev.qsafe.runtime.config.QSafeConfig;
import dev.qsafe.runtime.keys.Identity;
import dev.qsafe.runtime.keys.IdentityFileException;
import dev.qsafe.runtime.keys.IdentityFiles;
import dev.qsafe.runtime.keys.KeyInfo;
import dev.qsafe.runtime.keys.KeyStatus;
import dev.qsafe.runtime.keys.KeyStatusException;
import dev.qsafe.runtime.keys.PublicIdentity;
import dev.qsafe.runtime.keys.WrongPassphraseException;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.function.Consumer;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Keysets (docs/KEYS.md, "Keysets"): rotation makes a new primary that senders seal to while envelopes
 * sealed to the old key still open; a retired key refuses to open with a typed error and can be reactivated;
 * a destroyed key's private bytes leave the file; the public file (version 3) carries the primary and
 * active keys under the owner's signature, so that a flipped status or a changed key is refused;
 * single-key identities keep their version 1 and 2 files.
 */
class KeysetTest {
    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final byte[] MESSAGE = "rotate me".getBytes(StandardCharsets.UTF_8);
    private static final PasswordKdfParameters CHEAP = new PasswordKdfParameters(64, 1, 1);
    private static final char[] PASSPHRASE = "correct horse battery staple".toCharArray();

    private QSafe q;
    private Identity alice;
    private Identity bob;

    @BeforeEach
    void parties() {
        q = QSafe.newBuilder().config(QSafeConfig.defaults()).registry(KeyAlgorithms.REGISTRY).build();
        q.config().suite(CryptoMode.PQC).algorithms().forEach(KeyAlgorithms::assumeEngine);
        alice = q.generateIdentity("alice", CryptoMode.PQC);
        bob = q.generateIdentity("bob", CryptoMode.PQC);
    }

    private static String edit(String json, Consumer<ObjectNode> change) {
        ObjectNode root = (ObjectNode) JSON.readTree(json);
        change.accept(root);
        return root.toPrettyString();
    }

    private static ArrayNode kemList(ObjectNode root) {
        return (ArrayNode) root.get("keys").get("kem");
    }

    @Test
    void rotate_thenSeal_usesTheNewPrimary_andTheOldKeyBecomesActive() {
        Identity rotated = bob.rotate(KeyAlgorithms.REGISTRY);
        assertTrue(rotated.isKeyset());
        assertNotEquals(bob.kem().publicKey(), rotated.kem().publicKey());
        List<KeyInfo> keys = rotated.keys();
        assertEquals(2, keys.size());
        assertEquals(KeyStatus.ACTIVE, keys.get(0).status());
        assertEquals(bob.kem().publicKey().keyId(), keys.get(0).keyId());
        assertTrue(keys.get(0).created().isEmpty(), "the first key of a single-key identity has no recorded creation time");
        assertEquals(KeyStatus.PRIMARY, keys.get(1).status());
        assertTrue(keys.get(1).created().isPresent());

        byte[] envelope = q.seal(MESSAGE, rotated.publicIdentity(), alice);
        assertEquals(rotated.kem().publicKey().keyId(), q.inspect(envelope).recipientKeyId());
        assertArrayEquals(MESSAGE, q.open(envelope, rotated, alice.publicIdentity()));
    }

    @Test
    void envelopeSealedToTheOldKey_stillOpens_afterRotation_andAfterTheFileRoundTrip() {
        byte[] old = q.seal(MESSAGE, bob.publicIdentity(), alice);
        Identity rotated = bob.rotate(KeyAlgorithms.REGISTRY).rotate(KeyAlgorithms.REGISTRY);
        assertEquals(3, rotated.keys().size());
        assertArrayEquals(MESSAGE, q.open(old, rotated, alice.publicIdentity()));

        String file = IdentityFiles.write(rotated, PASSPHRASE, CHEAP, KeyAlgorithms.REGISTRY);
        assertEquals(IdentityFiles.KEYSET_VERSION, JSON.readTree(file).get("version").asInt());
        Identity read = IdentityFiles.read(file, PASSPHRASE, KeyAlgorithms.REGISTRY);
        assertEquals(rotated.keys(), read.keys());
        assertArrayEquals(MESSAGE, q.open(old, read, alice.publicIdentity()));
        Identity unprotected = IdentityFiles.readUnprotected(IdentityFiles.writeUnprotected(rotated), KeyAlgorithms.REGISTRY);
        assertArrayEquals(MESSAGE, q.open(old, unprotected, alice.publicIdentity()));
    }

    @Test
    void streamingEnvelopeSealedToTheOldKey_stillOpens_afterRotation() throws IOException {
        ByteArrayOutputStream sealed = new ByteArrayOutputStream();
        q.sealStream(new ByteArrayInputStream(MESSAGE), sealed, bob.publicIdentity(), alice);
        Identity rotated = bob.rotate(KeyAlgorithms.REGISTRY);
        ByteArrayOutputStream opened = new ByteArrayOutputStream();
        q.openStream(new ByteArrayInputStream(sealed.toByteArray()), opened, rotated, alice.publicIdentity());
        assertArrayEquals(MESSAGE, opened.toByteArray());
    }

    @Test
    void retiredKey_refusesToOpen_withATypedError_andOpensAgainWhenReactivated() {
        byte[] old = q.seal(MESSAGE, bob.publicIdentity(), alice);
        String oldId = bob.kem().publicKey().keyId();
        Identity retired = bob.rotate(KeyAlgorithms.REGISTRY).retire(oldId);
        KeyStatusException e = assertThrows(KeyStatusException.class, () -> q.open(old, retired, alice.publicIdentity()));
        assertEquals(KeyStatus.RETIRED, e.status());
        assertEquals(oldId, e.keyId());
        assertTrue(e.getMessage().contains("retired"), e.getMessage());
        assertFalse(retired.publicIdentity().keys().stream().anyMatch(k -> k.keyId().equals(oldId)),
                "a retired key is not published");

        // kept in the file, through a round trip
        Identity read = IdentityFiles.read(IdentityFiles.write(retired, PASSPHRASE, CHEAP, KeyAlgorithms.REGISTRY), PASSPHRASE,
                KeyAlgorithms.REGISTRY);
        assertEquals(KeyStatus.RETIRED, read.keys().get(0).status());
        assertArrayEquals(MESSAGE, q.open(old, read.reactivate(oldId), alice.publicIdentity()));
    }

    @Test
    void destroyedKey_privateBytesAreGoneFromTheFile_andOpeningSaysDestroyed() {
        byte[] old = q.seal(MESSAGE, bob.publicIdentity(), alice);
        String oldId = bob.kem().publicKey().keyId();
        Identity rotated = bob.rotate(KeyAlgorithms.REGISTRY);
        String before = IdentityFiles.writeUnprotected(rotated);
        String oldPrivate = JSON.readTree(before).get("keys").get("kem").get(0).get("privateKey").asString();

        Identity destroyed = rotated.destroyKey(oldId);
        String after = IdentityFiles.writeUnprotected(destroyed);
        JsonNode entry = JSON.readTree(after).get("keys").get("kem").get(0);
        assertEquals("destroyed", entry.get("status").asString());
        assertEquals(oldId, entry.get("keyId").asString());
        assertFalse(entry.has("privateKey"));
        assertFalse(after.contains(oldPrivate), "the destroyed key's PKCS#8 is not in the file");

        String protectedFile = IdentityFiles.write(destroyed, PASSPHRASE, CHEAP, KeyAlgorithms.REGISTRY);
        assertFalse(JSON.readTree(protectedFile).get("keys").get("kem").get(0).has("privateKey"));
        Identity read = IdentityFiles.read(protectedFile, PASSPHRASE, KeyAlgorithms.REGISTRY);
        KeyStatusException e = assertThrows(KeyStatusException.class, () -> q.open(old, read, alice.publicIdentity()));
        assertEquals(KeyStatus.DESTROYED, e.status());
        assertThrows(KeyStatusException.class,
                () -> q.open(old, IdentityFiles.readUnprotected(after, KeyAlgorithms.REGISTRY), alice.publicIdentity()));
        assertThrows(InvalidInputException.class, () -> read.reactivate(oldId), "destruction cannot be undone");
    }

    @Test
    void primary_cannotBeRetiredOrDestroyed_andUnknownIdsAreNamed() {
        Identity rotated = bob.rotate(KeyAlgorithms.REGISTRY);
        String primary = rotated.kem().publicKey().keyId();
        assertTrue(assertThrows(InvalidInputException.class, () -> rotated.retire(primary)).getMessage().contains("rotate first"));
        assertThrows(InvalidInputException.class, () -> rotated.destroyKey(primary));
        assertThrows(InvalidInputException.class, () -> bob.retire(bob.kem().publicKey().keyId()), "a single key is the primary");
        assertThrows(InvalidInputException.class, () -> rotated.retire("00".repeat(16)));
    }

    @Test
    void singleKeyIdentities_keepTheirFileVersions() {
        assertFalse(bob.isKeyset());
        assertEquals(IdentityFiles.VERSION, JSON.readTree(IdentityFiles.writeUnprotected(bob)).get("version").asInt());
        assertEquals(IdentityFiles.PUBLIC_VERSION,
                JSON.readTree(IdentityFiles.writePublic(bob, KeyAlgorithms.REGISTRY)).get("version").asInt());
        assertEquals(1, bob.keys().size());
        assertEquals(KeyStatus.PRIMARY, bob.keys().get(0).status());
    }

    @Test
    void publicKeysetFile_carriesPrimaryAndActiveKeys_andReadsBackEqual() {
        Identity rotated = bob.rotate(KeyAlgorithms.REGISTRY).rotate(KeyAlgorithms.REGISTRY);
        rotated = rotated.retire(rotated.keys().get(0).keyId());
        String pub = IdentityFiles.writePublic(rotated, KeyAlgorithms.REGISTRY);
        JsonNode root = JSON.readTree(pub);
        assertEquals(IdentityFiles.PUBLIC_KEYSET_VERSION, root.get("version").asInt());
        assertEquals(2, root.get("keys").get("kem").size(), "primary and active, not the retired key");
        PublicIdentity read = IdentityFiles.readPublic(pub, KeyAlgorithms.REGISTRY);
        assertEquals(rotated.publicIdentity(), read);
        assertEquals(rotated.kem().publicKey(), read.kem());
        // a sender sealing to the public file uses the primary
        byte[] envelope = q.seal(MESSAGE, read, alice);
        assertEquals(rotated.kem().publicKey().keyId(), q.inspect(envelope).recipientKeyId());
    }

    @Test
    void fingerprint_changesOnceAtTheFirstRotation_thenStaysTheSame() {
        Identity once = bob.rotate(KeyAlgorithms.REGISTRY);
        Identity twice = once.rotate(KeyAlgorithms.REGISTRY);
        assertNotEquals(bob.publicIdentity().fingerprint(), once.publicIdentity().fingerprint());
        assertEquals(once.publicIdentity().fingerprint(), twice.publicIdentity().fingerprint());
        assertEquals(once.publicIdentity().fingerprint(), twice.retire(twice.keys().get(0).keyId()).publicIdentity().fingerprint());
    }

    @Test
    void tamperedPublicKeyset_isRefusedBySignature() {
        Identity rotated = bob.rotate(KeyAlgorithms.REGISTRY);
        String pub = IdentityFiles.writePublic(rotated, KeyAlgorithms.REGISTRY);

        // status flipped: the old key made primary again, the new one active
        String flipped = edit(pub, r -> {
            ((ObjectNode) kemList(r).get(0)).put("status", "primary");
            ((ObjectNode) kemList(r).get(1)).put("status", "active");
        });
        assertEquals("selfSignature", assertThrows(IdentityFileException.class,
                () -> IdentityFiles.readPublic(flipped, KeyAlgorithms.REGISTRY)).field());

        String redated = edit(pub, r -> ((ObjectNode) kemList(r).get(1)).put("created", "2000-01-01T00:00:00Z"));
        assertEquals("selfSignature", assertThrows(IdentityFileException.class,
                () -> IdentityFiles.readPublic(redated, KeyAlgorithms.REGISTRY)).field());

        // another party's KEM key added to the list
        Identity mallory = q.generateIdentity("mallory", CryptoMode.PQC).rotate(KeyAlgorithms.REGISTRY);
        JsonNode mallorysKey = JSON.readTree(IdentityFiles.writePublic(mallory, KeyAlgorithms.REGISTRY)).get("keys").get("kem").get(1);
        String added = edit(pub, r -> {
            ObjectNode k = ((ObjectNode) mallorysKey).deepCopy();
            k.put("status", "active");
            kemList(r).add(k);
        });
        assertEquals("selfSignature", assertThrows(IdentityFileException.class,
                () -> IdentityFiles.readPublic(added, KeyAlgorithms.REGISTRY)).field());

        String dropped = edit(pub, r -> kemList(r).remove(0));
        assertEquals("selfSignature", assertThrows(IdentityFileException.class,
                () -> IdentityFiles.readPublic(dropped, KeyAlgorithms.REGISTRY)).field());

        String retiredInPublic = edit(pub, r -> ((ObjectNode) kemList(r).get(0)).put("status", "retired"));
        assertEquals("keys.kem[0].status", assertThrows(IdentityFileException.class,
                () -> IdentityFiles.readPublic(retiredInPublic, KeyAlgorithms.REGISTRY)).field());
    }

    @Test
    void tamperedPrivateKeyset_isRefused() {
        Identity rotated = bob.rotate(KeyAlgorithms.REGISTRY);
        rotated = rotated.retire(rotated.keys().get(0).keyId());
        String file = IdentityFiles.write(rotated, PASSPHRASE, CHEAP, KeyAlgorithms.REGISTRY);

        // the associated data binds each key's status: a retired key cannot be made active without the passphrase
        String reactivated = edit(file, r -> ((ObjectNode) kemList(r).get(0)).put("status", "active"));
        assertThrows(WrongPassphraseException.class, () -> IdentityFiles.read(reactivated, PASSPHRASE, KeyAlgorithms.REGISTRY));

        String twoPrimaries = edit(file, r -> ((ObjectNode) kemList(r).get(0)).put("status", "primary"));
        assertEquals("keys.kem", assertThrows(IdentityFileException.class,
                () -> IdentityFiles.read(twoPrimaries, PASSPHRASE, KeyAlgorithms.REGISTRY)).field());

        String badTime = edit(file, r -> ((ObjectNode) kemList(r).get(1)).put("created", "2026-01-01T00:00:00.5Z"));
        assertEquals("keys.kem[1].created", assertThrows(IdentityFileException.class,
                () -> IdentityFiles.read(badTime, PASSPHRASE, KeyAlgorithms.REGISTRY)).field());

        String notAList = edit(file, r -> ((ObjectNode) r.get("keys")).set("kem", kemList(r).get(1)));
        assertEquals("keys.kem", assertThrows(IdentityFileException.class,
                () -> IdentityFiles.read(notAList, PASSPHRASE, KeyAlgorithms.REGISTRY)).field());

        String destroyedWithKey = edit(file, r -> ((ObjectNode) kemList(r).get(0)).put("status", "destroyed"));
        assertEquals("keys.kem[0].privateKey", assertThrows(IdentityFileException.class,
                () -> IdentityFiles.read(destroyedWithKey, PASSPHRASE, KeyAlgorithms.REGISTRY)).field());

        String version5 = edit(file, r -> r.put("version", 5));
        assertEquals("version", assertThrows(IdentityFileException.class,
                () -> IdentityFiles.read(version5, PASSPHRASE, KeyAlgorithms.REGISTRY)).field());
        // version 4 is a PBKDF2 keyset file's (docs/KEYS.md), which this Argon2id protection contradicts
        String version4 = edit(file, r -> r.put("version", 4));
        assertEquals("protection.kdf", assertThrows(IdentityFileException.class,
                () -> IdentityFiles.read(version4, PASSPHRASE, KeyAlgorithms.REGISTRY)).field());
    }
}
