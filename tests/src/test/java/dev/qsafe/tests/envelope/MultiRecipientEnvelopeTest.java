package dev.qsafe.tests.envelope;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.qsafe.api.CryptoMode;
import dev.qsafe.api.DecryptionFailedException;
import dev.qsafe.api.InvalidInputException;
import dev.qsafe.api.InvalidKeyException;
import dev.qsafe.api.PolicyViolationException;
import dev.qsafe.api.QSafeException;
import dev.qsafe.runtime.QSafe;
import dev.qsafe.runtime.envelope.EnvelopeHeader;
import dev.qsafe.runtime.keys.Identity;
import dev.qsafe.runtime.keys.PublicIdentity;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.SequenceInputStream;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Envelope version 3 (several recipients, docs/FORMAT.md): round trips to 1, 2 and 10 recipients of mixed
 * modes, every recipient opening; a non-recipient refused; every header byte flipped, entries reordered,
 * dropped, added, the count changed, every truncation; an oversized count refused before allocation; and
 * the sender's signature covering the recipient list (a recipient re-encrypting the payload under a
 * changed list cannot make it open).
 */
class MultiRecipientEnvelopeTest {
    private static QSafe q;
    private static Identity alice;
    private static Identity aliceHybrid;
    private static Identity alicePqc;
    private static final List<Identity> CLASSICAL = new ArrayList<>();
    private static final List<Identity> HYBRID = new ArrayList<>();
    private static Identity pqc;
    private static Identity outsider;

    @BeforeAll
    static void parties() {
        q = Parties.qsafe();
        alice = Parties.identity(q, "alice", CryptoMode.CLASSICAL);
        aliceHybrid = Parties.identity(q, "alice-h", CryptoMode.HYBRID);
        alicePqc = Parties.identity(q, "alice-p", CryptoMode.PQC);
        for (int i = 0; i < 5; i++) {
            CLASSICAL.add(Parties.identity(q, "c" + i, CryptoMode.CLASSICAL));
            HYBRID.add(Parties.identity(q, "h" + i, CryptoMode.HYBRID));
        }
        pqc = Parties.identity(q, "p", CryptoMode.PQC);
        outsider = Parties.identity(q, "eve", CryptoMode.CLASSICAL);
    }

    private static List<PublicIdentity> pub(List<Identity> ids) {
        return ids.stream().map(Identity::publicIdentity).toList();
    }

    private static byte[] message(int n) {
        byte[] b = new byte[n];
        new Random(n).nextBytes(b);
        return b;
    }

    private static byte[] seal(byte[] m, List<Identity> to, Identity from, int chunk, boolean hide) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        assertEquals(m.length, q.sealStream(new ByteArrayInputStream(m), out, pub(to), from, chunk, hide));
        return out.toByteArray();
    }

    /** Opens through the streaming API; asserts that a failure released nothing. */
    private static byte[] openStream(byte[] env, Identity to, Identity from) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try {
            q.openStream(new ByteArrayInputStream(env), out, to, from.publicIdentity());
        } catch (IOException e) {
            throw new AssertionError(e);
        } catch (QSafeException e) {
            assertEquals(0, out.size(), "no plaintext released before the failure: " + e);
            throw e;
        }
        return out.toByteArray();
    }

    @Test
    void roundTrip_to1_2_10RecipientsOfMixedModes_everyRecipientOpens() throws IOException {
        List<List<Identity>> lists = List.of(List.of(CLASSICAL.get(0)), List.of(CLASSICAL.get(1), HYBRID.get(0)),
                interleave(CLASSICAL, HYBRID));
        for (List<Identity> to : lists) {
            for (boolean hide : new boolean[] {false, true}) {
                for (int size : new int[] {0, 1, 300, 5000}) {
                    byte[] m = message(size);
                    byte[] env = seal(m, to, aliceHybrid, 256, hide);
                    assertEquals(3, env[4], "version 3");
                    for (Identity r : to) {
                        assertArrayEquals(m, q.open(env, r, aliceHybrid.publicIdentity()), r.name());
                        assertArrayEquals(m, openStream(env, r, aliceHybrid), r.name());
                    }
                    EnvelopeHeader h = q.inspect(env);
                    assertEquals(to.size(), h.recipientCount());
                    for (int i = 0; i < to.size(); i++) {
                        assertEquals(hide ? java.util.Optional.empty() : java.util.Optional.of(to.get(i).publicIdentity().kemKeyId()),
                                h.recipients().get(i).keyId());
                        assertEquals(to.get(i).kem().algorithm(), h.recipients().get(i).kem());
                    }
                }
            }
        }
        // classical with PQC (a PQC sender satisfies both), through the byte-array API
        byte[] m = message(1000);
        byte[] env = q.seal(m, pub(List.of(CLASSICAL.get(2), pqc)), alicePqc);
        assertArrayEquals(m, q.open(env, pqc, alicePqc.publicIdentity()));
        assertArrayEquals(m, q.open(env, CLASSICAL.get(2), alicePqc.publicIdentity()));
    }

    private static List<Identity> interleave(List<Identity> a, List<Identity> b) {
        List<Identity> out = new ArrayList<>();
        for (int i = 0; i < a.size(); i++) {
            out.add(a.get(i));
            out.add(b.get(i));
        }
        return out;
    }

    @Test
    void seal_modesNoSignatureSatisfies_refusedNamingTheRecipient() {
        PolicyViolationException e = assertThrows(PolicyViolationException.class,
                () -> q.seal(message(10), pub(List.of(HYBRID.get(0), pqc)), aliceHybrid));
        assertTrue(e.getMessage().contains("'p'"), e.getMessage());
        // a classical sender cannot write to a hybrid recipient, listed with others or not
        assertThrows(PolicyViolationException.class, () -> q.seal(message(10), pub(List.of(CLASSICAL.get(0), HYBRID.get(0))), alice));
    }

    @Test
    void seal_noDuplicateOrTooManyRecipients() {
        assertThrows(InvalidInputException.class, () -> q.seal(message(1), List.of(), alice));
        assertThrows(InvalidInputException.class,
                () -> q.seal(message(1), pub(List.of(CLASSICAL.get(0), CLASSICAL.get(0))), alice));
        List<PublicIdentity> many = new ArrayList<>();
        for (int i = 0; i < 1001; i++) {
            many.add(CLASSICAL.get(0).publicIdentity());
        }
        InvalidInputException e = assertThrows(InvalidInputException.class, () -> q.seal(message(1), many, alice));
        assertTrue(e.getMessage().contains("1000"), e.getMessage());
    }

    @Test
    void nonRecipient_getsTypedError_visibleIdsSayWhy_hiddenIdsCannot() throws IOException {
        List<Identity> to = List.of(CLASSICAL.get(0), CLASSICAL.get(1));
        byte[] visible = seal(message(50), to, alice, 256, false);
        InvalidKeyException e = assertThrows(InvalidKeyException.class, () -> q.open(visible, outsider, alice.publicIdentity()));
        assertTrue(e.getMessage().contains("not among the envelope's 2 recipients"), e.getMessage());
        byte[] hidden = seal(message(50), to, alice, 256, true);
        assertThrows(DecryptionFailedException.class, () -> openStream(hidden, outsider, alice));
        // wrong sender: the uniform failure
        assertThrows(DecryptionFailedException.class, () -> openStream(visible, CLASSICAL.get(0), outsider));
    }

    /** Every header byte flipped, for the first and the last recipient: a typed error and nothing released. */
    @Test
    void everyHeaderByteFlipped_refusedForEveryRecipient() throws IOException {
        List<Identity> to = List.of(CLASSICAL.get(0), CLASSICAL.get(1), CLASSICAL.get(2));
        for (boolean hide : new boolean[] {false, true}) {
            byte[] env = seal(message(700), to, alice, 256, hide);
            int header = MultiEnvelopeReference.parse(env).length();
            for (int i = 0; i < header; i++) {
                for (int bit : new int[] {0x01, 0x80}) {
                    byte[] bad = env.clone();
                    bad[i] ^= (byte) bit;
                    for (Identity r : List.of(to.get(0), to.get(2))) {
                        assertThrows(QSafeException.class, () -> openStream(bad, r, alice), "byte " + i);
                    }
                }
            }
            // and a byte of each chunk
            for (int i = header; i < env.length; i += 97) {
                byte[] bad = env.clone();
                bad[i] ^= 1;
                assertThrows(DecryptionFailedException.class, () -> openStream(bad, to.get(1), alice));
            }
        }
    }

    @Test
    void entriesReorderedDroppedAddedOrCountChanged_refused() throws IOException {
        List<Identity> to = List.of(CLASSICAL.get(0), CLASSICAL.get(1), CLASSICAL.get(2));
        for (boolean hide : new boolean[] {false, true}) {
            byte[] env = seal(message(700), to, alice, 256, hide);
            MultiEnvelopeReference.Header h = MultiEnvelopeReference.parse(env);
            List<byte[]> entries = new ArrayList<>();
            for (MultiEnvelopeReference.Entry e : h.entries()) {
                entries.add(Arrays.copyOfRange(env, e.offset(), e.offset() + e.length()));
            }
            byte[] body = Arrays.copyOfRange(env, h.length(), env.length);
            // reordered
            byte[] swapped = rebuild(env, 3, List.of(entries.get(1), entries.get(0), entries.get(2)), body);
            for (Identity r : to) {
                assertThrows(DecryptionFailedException.class, () -> openStream(swapped, r, alice));
            }
            // dropped (count adjusted)
            byte[] dropped = rebuild(env, 2, List.of(entries.get(0), entries.get(2)), body);
            for (Identity r : List.of(to.get(0), to.get(2))) {
                assertThrows(DecryptionFailedException.class, () -> openStream(dropped, r, alice));
            }
            // added: a copy of an entry, and another recipient's fresh entry for a made-up key
            byte[] added = rebuild(env, 4, List.of(entries.get(0), entries.get(1), entries.get(2), entries.get(0)), body);
            for (Identity r : to) {
                assertThrows(DecryptionFailedException.class, () -> openStream(added, r, alice));
            }
            // count changed, entries as they were
            for (int count : new int[] {0, 2, 4, 1001, 65535}) {
                byte[] bad = rebuild(env, count, entries, body);
                assertThrows(QSafeException.class, () -> openStream(bad, to.get(0), alice), "count " + count);
            }
            // every truncation of the header and some of the body
            for (int n = 0; n < env.length; n += n < h.length() + 20 ? 1 : 37) {
                byte[] cut = Arrays.copyOf(env, n);
                assertThrows(QSafeException.class, () -> openStream(cut, to.get(1), alice), "length " + n);
            }
        }
    }

    private static byte[] rebuild(byte[] env, int count, List<byte[]> entries, byte[] body) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write(env, 0, 11);
        out.write(count >>> 8);
        out.write(count);
        entries.forEach(out::writeBytes);
        out.writeBytes(body);
        return out.toByteArray();
    }

    @Test
    void oversizedCount_refusedBeforeAllocation() {
        // The thread's allocation counter, where the JDK's management module is in the boot layer.
        java.util.Optional<Module> management = ModuleLayer.boot().findModule("jdk.management");
        management.ifPresent(m -> {
            MultiRecipientEnvelopeTest.class.getModule().addReads(m);
            ModuleLayer.boot().findModule("java.management").ifPresent(MultiRecipientEnvelopeTest.class.getModule()::addReads);
        });
        for (int count : new int[] {1001, 65535}) {
            byte[] header = ByteBuffer.allocate(13).put(new byte[] {'q', 's', 'a', 'f', 3, 0, 1, 0, 2, 16, 1})
                    .putShort((short) count).array();
            long[] read = {0};
            InputStream endless = new SequenceInputStream(new ByteArrayInputStream(header), new InputStream() {
                @Override
                public int read() {
                    read[0]++;
                    return 0;
                }
            });
            long before = management.isPresent() ? Allocation.current() : 0;
            InvalidInputException e = assertThrows(InvalidInputException.class,
                    () -> q.openStream(endless, new ByteArrayOutputStream(), CLASSICAL.get(0), alice.publicIdentity()));
            assertTrue(e.getMessage().contains("1 to 1000"), e.getMessage());
            assertEquals(0, read[0], "nothing read past the count");
            if (management.isPresent()) {
                long allocated = Allocation.current() - before;
                assertTrue(allocated < 1024 * 1024, "allocated " + allocated + " bytes to refuse count " + count);
            }
        }
        // at the bound, a header that claims 1000 entries and ends: refused as truncated, after reading what came
        byte[] claims = ByteBuffer.allocate(13).put(new byte[] {'q', 's', 'a', 'f', 3, 0, 1, 0, 2, 16, 1}).putShort((short) 1000).array();
        assertThrows(InvalidInputException.class, () -> q.open(claims, CLASSICAL.get(0), alice.publicIdentity()));
        assertThrows(InvalidInputException.class, () -> q.inspect(claims));
    }

    /**
     * Bob, a recipient, knows the content key and the plaintext; he rebuilds the envelope with a list that
     * leaves Carol out (or adds Eve) and re-encrypts the same payload and Alice's trailer under the new
     * header's key. The chunks then authenticate; only Alice's signature over the original list stops it.
     * The same rebuild with the original list opens: the refusal is the signature's.
     */
    @Test
    void senderSignatureCoversTheRecipientList() throws IOException {
        var registry = q.registry();
        Identity bob = CLASSICAL.get(0);
        Identity carol = CLASSICAL.get(1);
        byte[] m = message(600);
        byte[] env = seal(m, List.of(bob, carol), alice, 256, false);
        MultiEnvelopeReference.Header h = MultiEnvelopeReference.parse(env);
        byte[] header = Arrays.copyOf(env, h.length());
        byte[] dek = MultiEnvelopeReference.unwrap(registry, env, h, 0, bob.kem());
        byte[] p = MultiEnvelopeReference.decryptChunks(registry, h, env,
                MultiEnvelopeReference.streamSecret(registry, h, header, dek));
        assertArrayEquals(m, Arrays.copyOf(p, m.length), "the reference reads what the runtime wrote");

        // control: the original header, payload re-encrypted by the reference, opens
        byte[] same = MultiEnvelopeReference.encryptChunks(registry, h, header, MultiEnvelopeReference.streamSecret(registry, h, header, dek), p);
        assertArrayEquals(m, q.open(same, bob, alice.publicIdentity()));

        for (List<Identity> list : List.of(List.of(bob), List.of(bob, outsider), List.of(bob, carol, outsider))) {
            byte[] fixed = Arrays.copyOf(header, 13);
            fixed[11] = 0;
            fixed[12] = (byte) list.size();
            ByteArrayOutputStream nh = new ByteArrayOutputStream();
            nh.writeBytes(fixed);
            for (int i = 0; i < list.size(); i++) {
                nh.writeBytes(MultiEnvelopeReference.entry(registry, h, fixed, i, list.get(i).kem().publicKey(), dek));
            }
            byte[] newHeader = nh.toByteArray();
            byte[] forged = MultiEnvelopeReference.encryptChunks(registry, h, newHeader,
                    MultiEnvelopeReference.streamSecret(registry, h, newHeader, dek), p);
            assertThrows(DecryptionFailedException.class, () -> openStream(forged, bob, alice), list.size() + " recipients");
        }
    }

    /** The current thread's allocated bytes (loaded only once the module reads jdk.management). */
    private static final class Allocation {
        static long current() {
            return ((com.sun.management.ThreadMXBean) java.lang.management.ManagementFactory.getThreadMXBean())
                    .getCurrentThreadAllocatedBytes();
        }
    }
}
