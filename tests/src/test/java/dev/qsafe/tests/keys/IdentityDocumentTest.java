package dev.qsafe.tests.keys;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.qsafe.api.PasswordKdfParameters;
import dev.qsafe.runtime.keys.Identity;
import dev.qsafe.runtime.keys.IdentityFileException;
import dev.qsafe.runtime.keys.IdentityFiles;
import dev.qsafe.runtime.suite.Suite;
import org.junit.jupiter.api.Test;

/**
 * An identity file's text parsed once ({@link IdentityFiles#document}) and read from that: the format
 * is known before any reader runs (what the CLI decides on), and the readers of a document give what the
 * readers of the text give, with the same errors.
 */
class IdentityDocumentTest {
    private static final PasswordKdfParameters CHEAP = new PasswordKdfParameters(256, 1, 1);
    private static final char[] PASSPHRASE = "pass".toCharArray();
    private static final Identity ALICE = Identity.generate("alice", Suite.CLASSICAL, KeyAlgorithms.REGISTRY);

    @Test
    void document_namesItsFormat_andEachReaderReadsIt() {
        String protectedFile = IdentityFiles.write(ALICE, PASSPHRASE, CHEAP, KeyAlgorithms.REGISTRY);
        String unprotected = IdentityFiles.writeUnprotected(ALICE);
        String pub = IdentityFiles.writePublic(ALICE, KeyAlgorithms.REGISTRY);
        assertEquals(IdentityFiles.FORMAT, IdentityFiles.document(protectedFile).format());
        assertEquals(IdentityFiles.UNPROTECTED_FORMAT, IdentityFiles.document(unprotected).format());
        assertEquals(IdentityFiles.PUBLIC_FORMAT, IdentityFiles.document(pub).format());
        assertEquals("", IdentityFiles.document("{\"name\":\"x\"}").format());
        assertEquals("", IdentityFiles.document("{\"format\":7}").format());

        assertEquals(ALICE.publicIdentity(), IdentityFiles.readPublic(IdentityFiles.document(pub), KeyAlgorithms.REGISTRY));
        assertEquals(ALICE.kem().publicKey(), IdentityFiles.read(IdentityFiles.document(protectedFile), PASSPHRASE,
                KeyAlgorithms.REGISTRY).kem().publicKey());
        assertEquals(ALICE.signature().publicKey(), IdentityFiles.readUnprotected(IdentityFiles.document(unprotected),
                KeyAlgorithms.REGISTRY).signature().publicKey());
        assertTrue(IdentityFiles.document(protectedFile).toString().contains(IdentityFiles.FORMAT));
        assertTrue(!IdentityFiles.document(unprotected).toString().contains("privateKey"), "never prints the contents");
    }

    @Test
    void aDocumentOfAnotherFormat_isRefusedAsTheTextIs() {
        String pub = IdentityFiles.writePublic(ALICE, KeyAlgorithms.REGISTRY);
        IdentityFileException fromText = assertThrows(IdentityFileException.class,
                () -> IdentityFiles.readUnprotected(pub, KeyAlgorithms.REGISTRY));
        IdentityFileException fromDocument = assertThrows(IdentityFileException.class,
                () -> IdentityFiles.readUnprotected(IdentityFiles.document(pub), KeyAlgorithms.REGISTRY));
        assertEquals(fromText.getMessage(), fromDocument.getMessage());
    }

    @Test
    void notAJsonObject_isRefusedWhenParsed() {
        assertThrows(IdentityFileException.class, () -> IdentityFiles.document("not json"));
        assertThrows(IdentityFileException.class, () -> IdentityFiles.document("[1, 2]"));
        assertThrows(IdentityFileException.class, () -> IdentityFiles.document("{\"a\":1,\"a\":2}"), "strict: duplicate fields");
        assertThrows(IdentityFileException.class, () -> IdentityFiles.document("x".repeat(IdentityFiles.MAX_FILE_CHARS + 1)));
    }
}
