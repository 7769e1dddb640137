package dev.qsafe.tests.concurrency;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.qsafe.api.Algorithm;
import dev.qsafe.api.CryptoMode;
import dev.qsafe.api.DecryptionFailedException;
import dev.qsafe.api.InvalidKeyException;
import dev.qsafe.api.InvalidSignatureException;
import dev.qsafe.api.KeyPair;
import dev.qsafe.runtime.QSafe;
import dev.qsafe.runtime.config.QSafeConfig;
import dev.qsafe.runtime.hpke.Hpke;
import dev.qsafe.runtime.keys.Identity;
import dev.qsafe.runtime.registry.CryptoRegistry;
import dev.qsafe.runtime.registry.RegistryConfig;
import dev.qsafe.runtime.suite.Suite;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Many threads through ONE {@link QSafe} (so one registry and one engine per algorithm) and shared
 * HPKE sender contexts, for a bounded number of operations: mixed seal, open, sign and verify in every
 * mode that has engines here.
 *
 * <p>The registry is fresh, so the threads also race to create the engines. Each thread seals to its
 * neighbour and posts the envelope to the neighbour's inbox, which the neighbour opens concurrently;
 * every result is checked (plaintexts equal their inputs, signatures verify), every cross-check fails
 * as it must (a third party's identity is refused, another signer's key does not verify), and no
 * exception escapes. The shared HPKE senders are checked afterwards: every ciphertext opens at exactly
 * one sequence number, so no nonce was used twice and no message was lost or garbled.
 */
class SharedFacadeStressTest {
    private static final int THREADS = 8;
    private static final int ROUNDS_PER_THREAD = 60;
    private static final byte[] INFO = "stress".getBytes(StandardCharsets.US_ASCII);

    /** An envelope in flight, and what its recipient must find in it. */
    private record Posted(byte[] envelope, CryptoMode mode, int sender, int recipient, byte[] message) {
    }

    /** A ciphertext of a shared HPKE sender, with its associated data and plaintext. */
    private record HpkeMessage(byte[] aad, byte[] plaintext, byte[] ciphertext) {
    }

    /** One shared sender context and the recipient key it seals to. */
    private record SharedSender(Hpke hpke, KeyPair recipient, Hpke.Sender sender, Queue<HpkeMessage> sealed) {
    }

    private final QSafe qsafe = QSafe.newBuilder()
            .registry(CryptoRegistry.discover(RegistryConfig.defaults()))
            .config(QSafeConfig.defaults())
            .build();
    private final List<CryptoMode> modes = availableModes(qsafe);
    private final Identity[][] identities = new Identity[THREADS][CryptoMode.values().length];
    private final List<Queue<Posted>> inboxes = new ArrayList<>();
    private final Map<Algorithm, Set<Object>> enginesSeen = new ConcurrentHashMap<>();
    private final CyclicBarrier everyoneHasIdentities = new CyclicBarrier(THREADS);
    private final List<SharedSender> sharedSenders = new ArrayList<>();

    @Test
    @Timeout(value = 120, unit = TimeUnit.SECONDS)
    void mixedOperations_manyThreadsOneFacadeSharedHpkeSenders_allCorrectNoCrossTalkNoExceptions() throws Exception {
        Assumptions.assumeFalse(modes.isEmpty(), "no mode has engines on this module path");
        for (int t = 0; t < THREADS; t++) {
            inboxes.add(new ConcurrentLinkedQueue<>());
        }
        for (CryptoMode mode : modes) {
            Suite suite = qsafe.config().suite(mode);
            Hpke hpke = Hpke.of(qsafe.registry(), suite.kem(), suite.kdf(), suite.aead());
            KeyPair recipient = qsafe.registry().kem(suite.kem()).generateKeyPair();
            sharedSenders.add(new SharedSender(hpke, recipient, hpke.setupBaseSender(recipient.publicKey(), INFO),
                    new ConcurrentLinkedQueue<>()));
        }
        List<Integer> opened = Collections.synchronizedList(new ArrayList<>());
        try (ExecutorService pool = Executors.newFixedThreadPool(THREADS)) {
            List<Future<Integer>> results = new ArrayList<>();
            for (int t = 0; t < THREADS; t++) {
                int self = t;
                results.add(pool.submit(() -> worker(self)));
            }
            for (Future<Integer> f : results) {
                opened.add(f.get(100, TimeUnit.SECONDS)); // rethrows the first failure of a worker
            }
        }
        int late = 0;
        for (int t = 0; t < THREADS; t++) {
            for (Posted p; (p = inboxes.get(t).poll()) != null; late++) {
                openPosted(t, p);
            }
        }
        assertEquals(THREADS * ROUNDS_PER_THREAD, opened.stream().mapToInt(Integer::intValue).sum() + late,
                "every posted envelope was opened by its recipient exactly once");
        enginesSeen.forEach((alg, engines) -> assertEquals(1, engines.size(), alg + ": one engine shared by every thread"));
        int hpkeMessages = 0;
        for (SharedSender s : sharedSenders) {
            hpkeMessages += assertOpenInSomeOrder(s);
        }
        assertEquals(THREADS * ROUNDS_PER_THREAD, hpkeMessages, "every message of the shared HPKE senders was sealed once");
    }

    /** Opens every ciphertext of a shared sender with one recipient context; each must open at its own sequence number. */
    private static int assertOpenInSomeOrder(SharedSender s) {
        Hpke.Recipient recipient = s.hpke().setupBaseRecipient(s.recipient().privateKey(), s.sender().enc(), INFO);
        List<HpkeMessage> remaining = new ArrayList<>(s.sealed());
        int count = remaining.size();
        for (int sequence = 0; sequence < count; sequence++) {
            HpkeMessage next = null;
            for (HpkeMessage m : remaining) {
                try {
                    assertArrayEquals(m.plaintext(), recipient.open(m.aad(), m.ciphertext()));
                    next = m;
                    break;
                } catch (DecryptionFailedException notThisOne) {
                    // sealed at another sequence number; a failed open does not advance the context
                }
            }
            assertTrue(next != null, s.hpke() + ": no ciphertext opens at sequence number " + sequence
                    + " (a nonce was used twice or a message was garbled)");
            remaining.remove(next);
        }
        return count;
    }

    /** One thread: identities, then rounds of seal / open / sign / verify with cross-checks. Returns how many it opened. */
    private int worker(int self) throws Exception {
        try {
            return rounds(self);
        } catch (Throwable e) {
            everyoneHasIdentities.reset(); // the others stop waiting for this thread
            throw e;
        }
    }

    private int rounds(int self) throws Exception {
        for (CryptoMode mode : modes) {
            Suite suite = qsafe.config().suite(mode);
            for (Algorithm a : suite.algorithms()) {
                Object engine = switch (a.kind()) {
                    case KEM -> qsafe.registry().kem(a);
                    case SIGNATURE -> qsafe.registry().signature(a);
                    case AEAD -> qsafe.registry().aead(a);
                    case KDF -> qsafe.registry().kdf(a);
                    default -> throw new AssertionError(a);
                };
                enginesSeen.computeIfAbsent(a, k -> Collections.newSetFromMap(Collections.synchronizedMap(new IdentityHashMap<>())))
                        .add(engine);
            }
            identities[self][mode.ordinal()] = qsafe.generateIdentity("thread-" + self + "-" + mode, mode);
        }
        everyoneHasIdentities.await(60, TimeUnit.SECONDS);

        int neighbour = (self + 1) % THREADS;
        int stranger = (self + 2) % THREADS;
        int opened = 0;
        for (int i = 0; i < ROUNDS_PER_THREAD; i++) {
            CryptoMode mode = modes.get((self + i) % modes.size());
            Identity me = identities[self][mode.ordinal()];
            Identity them = identities[neighbour][mode.ordinal()];
            Identity other = identities[stranger][mode.ordinal()];
            byte[] message = message(self, i, mode.name());

            byte[] envelope = qsafe.seal(message, them.publicIdentity(), me);
            assertThrows(InvalidKeyException.class, () -> qsafe.open(envelope, other, me.publicIdentity()),
                    "a third party's identity never opens it");
            assertThrows(DecryptionFailedException.class, () -> qsafe.open(envelope, them, other.publicIdentity()),
                    "it does not verify as someone else's");
            inboxes.get(neighbour).add(new Posted(envelope, mode, self, neighbour, message));

            byte[] signature = qsafe.sign(message, me);
            qsafe.verify(message, signature, me.publicIdentity());
            assertThrows(InvalidSignatureException.class, () -> qsafe.verify(message, signature, them.publicIdentity()));

            SharedSender shared = sharedSenders.get((self + i) % sharedSenders.size());
            byte[] aad = ("thread " + self).getBytes(StandardCharsets.US_ASCII);
            shared.sealed().add(new HpkeMessage(aad, message, shared.sender().seal(aad, message)));
            Hpke.Sender own = shared.hpke().setupBaseSender(shared.recipient().publicKey(), INFO);
            byte[] ct = own.seal(aad, message);
            assertArrayEquals(message, shared.hpke().setupBaseRecipient(shared.recipient().privateKey(), own.enc(), INFO)
                    .open(aad, ct), "a fresh context of the shared suite object round-trips");

            for (Posted p; (p = inboxes.get(self).poll()) != null; opened++) {
                openPosted(self, p);
            }
        }
        return opened;
    }

    private void openPosted(int self, Posted p) {
        assertEquals(self, p.recipient(), "an envelope reached the wrong inbox");
        Identity recipient = identities[self][p.mode().ordinal()];
        Identity sender = identities[p.sender()][p.mode().ordinal()];
        assertArrayEquals(p.message(), qsafe.open(p.envelope(), recipient, sender.publicIdentity()),
                "thread " + self + " opened another plaintext than thread " + p.sender() + " sealed");
    }

    /** A message unique to a thread and round, with a length that varies. */
    private static byte[] message(int thread, int round, String what) {
        return ("thread " + thread + " round " + round + " " + what + " " + "x".repeat(round * 7 % 50))
                .getBytes(StandardCharsets.UTF_8);
    }

    private static List<CryptoMode> availableModes(QSafe qsafe) {
        List<CryptoMode> out = new ArrayList<>();
        for (CryptoMode mode : CryptoMode.values()) {
            if (qsafe.config().suite(mode).algorithms().stream()
                    .allMatch(a -> qsafe.registry().selection(a).selected().isPresent())) {
                out.add(mode);
            }
        }
        return out;
    }
}
