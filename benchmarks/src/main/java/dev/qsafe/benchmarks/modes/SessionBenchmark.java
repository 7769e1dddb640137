package dev.qsafe.benchmarks.modes;

import dev.qsafe.api.Aead;
import dev.qsafe.api.CryptoMode;
import dev.qsafe.api.Encapsulation;
import dev.qsafe.api.Kdf;
import dev.qsafe.api.Kem;
import dev.qsafe.api.KeyPair;
import dev.qsafe.api.PublicKey;
import dev.qsafe.api.SecretBytes;
import dev.qsafe.api.SignatureScheme;
import dev.qsafe.benchmarks.spi.Registry;
import dev.qsafe.runtime.QSafe;
import dev.qsafe.runtime.config.QSafeConfig;
import dev.qsafe.runtime.keys.Identity;
import dev.qsafe.runtime.keys.PublicIdentity;
import dev.qsafe.runtime.registry.CryptoRegistry;
import dev.qsafe.runtime.suite.Suite;
import dev.qsafe.session.Prekeys;
import dev.qsafe.session.Session;
import dev.qsafe.session.SessionConfig;
import dev.qsafe.session.Sessions;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.AuxCounters;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

/**
 * Secure sessions (docs/SESSION.md) per mode, each next to the sum of the primitives it performs on the
 * engines the session selects, so the ratios come from one run (issue 15's targets, docs/BENCHMARKS.md).
 *
 * <ul>
 *   <li>{@link #message()}: a steady-state 1 KiB message, sealed by one side and opened by the other, in
 *   one direction (no KEM ratchet step is due: a party opens an epoch only after the peer answered).</li>
 *   <li>{@link #messagePrimitives()}: what one such message costs in primitives: the sender derives the
 *   generation's key, nonce and next chain key (three labeled HKDF expands), seals; the receiver derives
 *   the same three and opens; the same KDF and AEAD engines, the same input sizes (header as AAD).</li>
 *   <li>{@link #amortized()}: a conversation, {@value #ROUNDS} rounds of one message each way, with the
 *   KEM ratchet steps the mode's default interval makes due (CLASSICAL: every turn; HYBRID and PQC: every
 *   {@value SessionConfig#PQ_RATCHET_INTERVAL} messages a party sends); reported per message.</li>
 *   <li>{@link #setup()}: the initiator verifies the bundle and starts the session (HPKE to the signed
 *   prekey, a ratchet key pair, its signature), the responder accepts (HPKE open, signature check). The
 *   bundle is fetched once, outside the measurement, and carries the signed prekey only (no one-time
 *   prekeys: with {@code n} of them the initiator verifies {@code n} more signatures).</li>
 *   <li>{@link #setupPrimitives()}: the KEM and signature operations of one setup: one verify of the
 *   bundle's prekey, one encapsulation, one key generation, one sign, one decapsulation, one verify. The
 *   two keys a setup receives as bytes (the prekey, from the bundle; the initiator's signature key, from
 *   the first message) are read from bytes here too, so that the engines' per-key preparation (a native
 *   engine imports a key it has not seen) counts on both sides; the bundle owner's key and the private
 *   keys are reused on both sides, as in a setup.</li>
 *   <li>{@link #setupInterleaved} and {@link #messageInterleaved}: the same two pairs (setup and its
 *   primitives; a message and its primitives) measured in one invocation each, one after the other (the
 *   order alternating from one invocation to the next), each timed with {@link System#nanoTime()} into
 *   JMH's auxiliary counters ({@link SetupClock}, {@link MessageClock}). A host whose speed drifts over
 *   seconds (this one's does: docs/BENCHMARKS.md) moves both sides of the ratio alike, which it does not
 *   for two benchmarks run a minute apart. The primary score (the pair) is not a target; the report takes
 *   the ratio of the two counters.</li>
 * </ul>
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
public class SessionBenchmark {
    /** Rounds (one message each way) per {@link #amortized()} call: a multiple of every mode's default interval. */
    public static final int ROUNDS = SessionConfig.PQ_RATCHET_INTERVAL;
    /** Accepts on one signed prekey before the benchmark rotates it (the replay cache holds 65,536). */
    static final int ACCEPTS_PER_PREKEY = 50_000;

    /** The mode, with its default suite. */
    @Param({"CLASSICAL", "HYBRID", "PQC"})
    public String mode;

    /** Message bytes. */
    @Param({"1024"})
    public int size;

    private Sessions sessions;
    private Identity alice;
    private Identity bob;
    private PublicIdentity bobPublic;
    private Prekeys bobPrekeys;
    private byte[] bundle;
    private int accepts;
    private Session aliceSession;
    private Session bobSession;
    private Session aliceConversation;
    private Session bobConversation;
    private byte[] message;
    private final byte[] hello = new byte[0];

    // The primitives of the same suite, as the registry selects them (the engines a session uses).
    private Kem kem;
    private SignatureScheme signature;
    private Aead aead;
    private Kdf kdf;
    private byte[] chainKey;
    private byte[][] infos;
    private byte[] header;
    private final byte[] nonceBuffer = new byte[12];
    private long counter;
    private KeyPair prekey;
    private KeyPair initiatorSignature;
    private byte[] prekeyPublic;
    private byte[] initiatorPublic;
    private byte[] prekeyStatement;
    private byte[] prekeySignature;
    private byte[] transcript;
    private final byte[] empty = new byte[0];

    @Setup
    public void prepare() {
        CryptoRegistry registry = Registry.get();
        CryptoMode m = CryptoMode.valueOf(mode);
        QSafe qsafe = QSafe.newBuilder().config(QSafeConfig.defaults()).registry(registry).build();
        alice = qsafe.generateIdentity("alice", m);
        bob = qsafe.generateIdentity("bob", m);
        bobPublic = bob.publicIdentity();
        sessions = Sessions.of(registry, SessionConfig.defaults().withOneTimePrekeys(0));
        if (ROUNDS % sessions.config().ratchetIntervalFor(m) != 0) {
            throw new IllegalStateException(mode + "'s ratchet interval does not divide " + ROUNDS);
        }
        SecureRandom random = new SecureRandom();
        message = new byte[size];
        random.nextBytes(message);
        freshPrekeys();

        // the steady-state pair, and the conversation pair
        Session[] pair = pair();
        aliceSession = pair[0];
        bobSession = pair[1];
        if (!MessageDigest.isEqual(message(), message)) {
            throw new IllegalStateException(mode + " session message does not round-trip");
        }
        pair = pair();
        aliceConversation = pair[0];
        bobConversation = pair[1];
        long before = aliceConversation.epoch();
        amortized();
        if (aliceConversation.epoch() <= before) {
            throw new IllegalStateException(mode + ": no KEM ratchet step in " + ROUNDS + " rounds");
        }
        setup();

        // message primitives
        Suite suite = qsafe.config().suite(m);
        kem = registry.kem(suite.kem());
        signature = registry.signature(suite.signature());
        aead = registry.aead(suite.aead());
        kdf = registry.kdf(suite.kdf());
        chainKey = new byte[kdf.algorithm().keySize()];
        random.nextBytes(chainKey);
        infos = new byte[][] {treeInfo("key", suite.aead().keySize()), treeInfo("nonce", suite.aead().nonceSize()),
            treeInfo("secret", kdf.algorithm().keySize())};
        header = new byte[29]; // magic, session id, epoch, generation, flags (docs/SESSION.md)
        random.nextBytes(header);

        // setup primitives
        prekey = kem.generateKeyPair();
        prekeyPublic = prekey.publicKey().encoded();
        initiatorSignature = signature.generateKeyPair();
        initiatorPublic = initiatorSignature.publicKey().encoded();
        prekeyStatement = new byte[64 + suite.kem().publicKeySize()];
        random.nextBytes(prekeyStatement);
        prekeySignature = signature.sign(initiatorSignature.privateKey(), prekeyStatement, empty);
        transcript = new byte[64];
        random.nextBytes(transcript);
        messagePrimitives();
        setupPrimitives();
    }

    private void freshPrekeys() {
        bobPrekeys = sessions.newPrekeys(bob);
        bundle = bobPrekeys.bundle();
        accepts = 0;
    }

    private Session[] pair() {
        Sessions.Initiation i = sessions.initiate(alice, bobPublic, bundle, hello);
        Sessions.Acceptance a = sessions.accept(bobPrekeys, i.firstMessage(), null);
        accepts++;
        return new Session[] {i.session(), a.session()};
    }

    /** RFC 9420's KDFLabel for DeriveTreeSecret with the session prefix: u16(L) || v(label) || v(u32 generation). */
    private static byte[] treeInfo(String label, int length) {
        byte[] l = ("qsafe/1 " + label).getBytes(StandardCharsets.US_ASCII);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write(length >>> 8);
        out.write(length);
        out.write(l.length);
        out.writeBytes(l);
        out.write(4);
        out.writeBytes(new byte[4]);
        return out.toByteArray();
    }

    /** One 1 KiB message: sealed by the initiator, opened by the responder. */
    @Benchmark
    public byte[] message() {
        return bobSession.open(aliceSession.seal(message));
    }

    /** The KDF steps and AEAD calls of one message, on the same engines. */
    @Benchmark
    public byte[] messagePrimitives() {
        long n = ++counter;
        for (int i = 0; i < 8; i++) {
            nonceBuffer[i] = (byte) (n >>> (8 * i));
        }
        // sender: key, nonce, next chain key; seal. The chain advances as a session's does, so every
        // message has a key of its own (an engine that keeps the last key's schedule gains nothing here,
        // as it gains nothing in a session)
        byte[] ck = chainKey;
        byte[] key = kdf.expand(ck, infos[0], aead.algorithm().keySize());
        kdf.expand(ck, infos[1], aead.algorithm().nonceSize());
        byte[] next = kdf.expand(ck, infos[2], kdf.algorithm().keySize());
        SecretBytes k = SecretBytes.wrap(key);
        byte[] ct = aead.seal(k, nonceBuffer, message, header);
        // receiver: the same three from the same chain key; open
        SecretBytes r = SecretBytes.wrap(kdf.expand(ck, infos[0], aead.algorithm().keySize()));
        kdf.expand(ck, infos[1], aead.algorithm().nonceSize());
        kdf.expand(ck, infos[2], kdf.algorithm().keySize());
        byte[] opened = aead.open(r, nonceBuffer, ct, header);
        k.destroy();
        r.destroy();
        chainKey = next;
        return opened;
    }

    /**
     * {@value #ROUNDS} rounds of a conversation (initiator to responder, then back), KEM ratchet steps
     * included as the default interval makes them due; the score is per message.
     */
    @Benchmark
    @OperationsPerInvocation(2 * ROUNDS)
    public byte[] amortized() {
        byte[] last = null;
        for (int i = 0; i < ROUNDS; i++) {
            bobConversation.open(aliceConversation.seal(message));
            last = aliceConversation.open(bobConversation.seal(message));
        }
        return last;
    }

    /** Initiate from the (already fetched) bundle and accept; both sessions wiped afterwards. */
    @Benchmark
    public Session setup() {
        rotateIfDue();
        return setupOnly();
    }

    /**
     * New prekeys once the signed prekey has taken {@value #ACCEPTS_PER_PREKEY} first messages (its replay
     * cache holds 65,536): a responder's upkeep, not part of a setup, so {@link #setupInterleaved} calls it
     * outside its clocks ({@link #setup()} inside JMH's, once per 50,000 setups).
     */
    private void rotateIfDue() {
        if (accepts >= ACCEPTS_PER_PREKEY) {
            freshPrekeys();
        }
    }

    /** One setup, with no prekey upkeep. */
    private Session setupOnly() {
        Sessions.Initiation i = sessions.initiate(alice, bobPublic, bundle, hello);
        Sessions.Acceptance a = sessions.accept(bobPrekeys, i.firstMessage(), null);
        accepts++;
        i.session().destroy();
        a.session().destroy();
        return a.session();
    }

    /** The KEM and signature operations of one setup, on the same engines. */
    @Benchmark
    public SecretBytes setupPrimitives() {
        // initiator: verify the bundle's prekey, encapsulate to it (a key read from the bundle's bytes, as
        // setup reads it), a ratchet key pair, sign the transcript
        signature.verify(initiatorSignature.publicKey(), prekeyStatement, prekeySignature, empty);
        Encapsulation e = kem.encapsulate(PublicKey.of(prekey.publicKey().algorithm(), prekeyPublic));
        KeyPair ratchet = kem.generateKeyPair();
        byte[] sig = signature.sign(initiatorSignature.privateKey(), transcript, empty);
        // responder: decapsulate, verify the initiator's signature with the key read from the first message
        SecretBytes shared = kem.decapsulate(prekey.privateKey(), e.ciphertext());
        signature.verify(PublicKey.of(initiatorSignature.publicKey().algorithm(), initiatorPublic), transcript, sig, empty);
        e.sharedSecret().destroy();
        ratchet.privateKey().destroy();
        return shared;
    }

    /** Nanoseconds spent in {@link #setup()} and in {@link #setupPrimitives()} within one iteration (JMH reports them). */
    @State(Scope.Thread)
    @AuxCounters(AuxCounters.Type.EVENTS)
    public static class SetupClock {
        /** Nanoseconds in session setups this iteration. */
        public long setupNanos;
        /** Nanoseconds in their KEM and signature operations this iteration. */
        public long primitivesNanos;
        /**
         * Milliseconds of garbage-collection pauses that fell within {@link #setupNanos} this iteration
         * (what the JVM's collectors report, concurrent cycles left out): where a pause lands is where the
         * heap ran full, so it shows how much of a clock's spread is collection, not work.
         */
        public long setupGcMillis;
        /** Milliseconds of garbage-collection pauses that fell within {@link #primitivesNanos} this iteration. */
        public long primitivesGcMillis;
        private long turn;

        /** Starts each iteration from zero. */
        @Setup(Level.Iteration)
        public void reset() {
            setupNanos = 0;
            primitivesNanos = 0;
            setupGcMillis = 0;
            primitivesGcMillis = 0;
        }
    }

    /** The collectors whose time is pause time (G1's young and old collections; not its concurrent cycle). */
    private static final java.util.List<java.lang.management.GarbageCollectorMXBean> PAUSING_COLLECTORS =
            java.lang.management.ManagementFactory.getGarbageCollectorMXBeans().stream()
                    .filter(b -> !b.getName().contains("Concurrent")).toList();

    /** Milliseconds the pausing collectors have spent so far. */
    private static long gcMillis() {
        long sum = 0;
        for (java.lang.management.GarbageCollectorMXBean b : PAUSING_COLLECTORS) {
            sum += Math.max(0, b.getCollectionTime());
        }
        return sum;
    }

    /** Nanoseconds spent in {@link #message()} and in {@link #messagePrimitives()} within one iteration (JMH reports them). */
    @State(Scope.Thread)
    @AuxCounters(AuxCounters.Type.EVENTS)
    public static class MessageClock {
        /** Nanoseconds in session messages this iteration. */
        public long messageNanos;
        /** Nanoseconds in their KDF steps and AEAD calls this iteration. */
        public long primitivesNanos;
        private long turn;

        /** Starts each iteration from zero. */
        @Setup(Level.Iteration)
        public void reset() {
            messageNanos = 0;
            primitivesNanos = 0;
        }
    }

    /** One setup and its primitives, timed apart, in alternating order (see the class comment). */
    @Benchmark
    public Object[] setupInterleaved(SetupClock clock) {
        rotateIfDue();
        boolean setupFirst = (clock.turn++ & 1) == 0;
        long g0 = gcMillis();
        long t0 = System.nanoTime();
        Object first = setupFirst ? setupOnly() : setupPrimitives();
        long t1 = System.nanoTime();
        long g1 = gcMillis(); // between the clocks
        long t1b = System.nanoTime();
        Object second = setupFirst ? setupPrimitives() : setupOnly();
        long t2 = System.nanoTime();
        long g2 = gcMillis();
        clock.setupNanos += setupFirst ? t1 - t0 : t2 - t1b;
        clock.primitivesNanos += setupFirst ? t2 - t1b : t1 - t0;
        clock.setupGcMillis += setupFirst ? g1 - g0 : g2 - g1;
        clock.primitivesGcMillis += setupFirst ? g2 - g1 : g1 - g0;
        return new Object[] {first, second};
    }

    /** One message and its primitives, timed apart, in alternating order (see the class comment). */
    @Benchmark
    public byte[][] messageInterleaved(MessageClock clock) {
        boolean messageFirst = (clock.turn++ & 1) == 0;
        long t0 = System.nanoTime();
        byte[] first = messageFirst ? message() : messagePrimitives();
        long t1 = System.nanoTime();
        byte[] second = messageFirst ? messagePrimitives() : message();
        long t2 = System.nanoTime();
        clock.messageNanos += messageFirst ? t1 - t0 : t2 - t1;
        clock.primitivesNanos += messageFirst ? t2 - t1 : t1 - t0;
        return new byte[][] {first, second};
    }

    @TearDown
    public void wipe() {
        for (Session s : new Session[] {aliceSession, bobSession, aliceConversation, bobConversation}) {
            if (s != null) {
                s.destroy();
            }
        }
    }
}
