package dev.qsafe.session;

import dev.qsafe.runtime.keys.Identity;
import dev.qsafe.runtime.keys.PublicIdentity;
import dev.qsafe.runtime.registry.CryptoRegistry;
import dev.qsafe.runtime.suite.Suite;
import dev.qsafe.session.internal.Counters;
import dev.qsafe.session.internal.Engines;
import dev.qsafe.session.internal.Limits;
import dev.qsafe.session.internal.PrekeyStore;
import dev.qsafe.session.internal.Setup;
import dev.qsafe.session.internal.StateCodec;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Predicate;

/**
 * The entry point of secure sessions (docs/SESSION.md), over the engines a registry selects.
 *
 * {@snippet :
 * Sessions sessions = Sessions.of(registry);
 * Prekeys bobPrekeys = sessions.newPrekeys(bob);              // Bob publishes bobPrekeys.bundle()
 * Sessions.Initiation i = sessions.initiate(alice, bob.publicIdentity(), bundle, hello);
 * Sessions.Acceptance a = sessions.accept(bobPrekeys, i.firstMessage(), peer -> trusted(peer));
 * byte[] reply = a.session().seal(answer);                    // i.session().open(reply)
 * }
 */
public final class Sessions {
    private final CryptoRegistry registry;
    private final SessionConfig config;
    private final Counters counters = new Counters();
    private final Map<String, Engines> engines = new ConcurrentHashMap<>();

    private Sessions(CryptoRegistry registry, SessionConfig config) {
        this.registry = Objects.requireNonNull(registry, "registry");
        this.config = Objects.requireNonNull(config, "config");
    }

    /** Sessions with the default configuration. */
    public static Sessions of(CryptoRegistry registry) {
        return new Sessions(registry, SessionConfig.defaults());
    }

    /** Sessions with a configuration. */
    public static Sessions of(CryptoRegistry registry, SessionConfig config) {
        return new Sessions(registry, config);
    }

    /** The configuration. */
    public SessionConfig config() {
        return config;
    }

    private Engines engines(Suite suite) {
        Engines e = engines.get(suite.name()); // the common case: no capturing lambda to allocate
        return e != null ? e : engines.computeIfAbsent(suite.name(), n -> Engines.of(registry, suite));
    }

    private Limits limits(Suite suite) {
        return new Limits(config.ratchetIntervalFor(suite.mode()), config.maxForwardJump(), config.maxSkippedKeys(), config.epochsKept());
    }

    /** New prekeys for {@code me}: a signed prekey and {@link SessionConfig#oneTimePrekeys()} one-time prekeys. */
    public Prekeys newPrekeys(Identity me) {
        PrekeyStore store = PrekeyStore.generate(engines(me.suite()), me, config.prekeyValidity(), config.oneTimePrekeys(),
                config.clock().instant());
        return new Prekeys(store, config.clock(), config.prekeyValidity());
    }

    /** Prekeys read back from {@link Prekeys#export()}. */
    public Prekeys restorePrekeys(byte[] exported, Identity me) {
        return new Prekeys(PrekeyStore.read(exported, engines(me.suite()), me), config.clock(), config.prekeyValidity());
    }

    /**
     * A started session and its first message.
     *
     * @param session      the initiator's session
     * @param firstMessage to deliver to the peer first (and again until it answers)
     */
    public record Initiation(Session session, byte[] firstMessage) {
        /** Copies the message. */
        public Initiation {
            firstMessage = firstMessage.clone();
        }

        /** A copy of the first message. */
        @Override
        public byte[] firstMessage() {
            return firstMessage.clone();
        }
    }

    /**
     * An accepted session.
     *
     * @param session the responder's session
     * @param payload what the first message carried
     */
    public record Acceptance(Session session, byte[] payload) {
        /** The initiator, as its signature proved. */
        public PublicIdentity peer() {
            return session.peer();
        }
    }

    /**
     * A bundle from {@link Prekeys#signedBundle()} with one record of {@link Prekeys#oneTimeRecords()}
     * (as a relay hands them out: each one-time prekey to one initiator).
     *
     * @throws dev.qsafe.api.SessionRefusedException either part malformed
     */
    public static byte[] joinBundle(byte[] signedBundle, byte[] oneTimeRecord) {
        return PrekeyStore.join(signedBundle, oneTimeRecord);
    }

    /**
     * Checks a bundle against its owner's public identity as {@link #initiate} would: suite,
     * fingerprint, every prekey's signature, the signed prekey not expired.
     *
     * @throws dev.qsafe.api.InvalidSignatureException a prekey not signed by {@code owner}
     * @throws dev.qsafe.api.SessionRefusedException   expired, another identity's or suite's bundle, malformed
     */
    public void verifyBundle(PublicIdentity owner, byte[] bundle) {
        Setup.verifyBundle(engines(owner.suite()), bundle, owner, config.clock().instant());
    }

    /**
     * Starts a session with {@code peer} from its bundle.
     *
     * @throws dev.qsafe.api.InvalidSignatureException a prekey not signed by the peer's identity
     * @throws dev.qsafe.api.SessionRefusedException   an expired signed prekey, another identity's or suite's bundle, malformed
     */
    public Initiation initiate(Identity me, PublicIdentity peer, byte[] bundle, byte[] firstPayload) {
        Engines e = engines(me.suite());
        Setup.Initiated i = Setup.initiate(e, counters, limits(me.suite()), me, peer, bundle, firstPayload, config.clock().instant());
        return new Initiation(new Session(i.session()), i.message());
    }

    /**
     * Accepts a first message sent to {@code prekeys}; {@code trusted} decides on the initiator's
     * identity (null: any identity whose signature verifies). A refusal consumes no prekey.
     *
     * @throws dev.qsafe.api.SessionRefusedException   unknown, used or expired prekey, replay, untrusted peer, malformed
     * @throws dev.qsafe.api.DecryptionFailedException the first message was modified or not for this prekey
     * @throws dev.qsafe.api.InvalidSignatureException the initiator's signature does not verify
     */
    public Acceptance accept(Prekeys prekeys, byte[] firstMessage, Predicate<PublicIdentity> trusted) {
        PrekeyStore store = prekeys.store();
        synchronized (prekeys) {
            Setup.Accepted a = Setup.accept(store.engines(), counters, limits(store.identity().suite()), store, firstMessage, trusted,
                    config.clock().instant());
            return new Acceptance(new Session(a.session()), a.payload());
        }
    }

    /** A session read back from {@link Session#export()}; {@code me} is the identity it belongs to. */
    public Session restore(byte[] state, Identity me) {
        counters.restored();
        return new Session(StateCodec.read(state, engines(me.suite()), counters));
    }

    /**
     * The embedded session store in {@code dir} for {@code me} (created if needed): a file per session,
     * encrypted under a key only {@code me}'s private KEM key opens (docs/SESSION.md, "Storing sessions").
     * Close it when done; one process holds a directory at a time.
     *
     * @throws SessionStoreException {@link SessionStoreException.Kind#LOCKED}, {@code WRONG_IDENTITY}, {@code CORRUPT}, {@code IO}
     */
    public FileSessionStore fileStore(java.nio.file.Path dir, Identity me) {
        return FileSessionStore.open(dir, me, engines(me.suite()));
    }

    /**
     * The session {@code sessionId} read back from {@code store} and attached to it
     * ({@link Session#persistTo(SessionStore)}), or empty if the store holds no such session.
     *
     * @throws SessionStoreException if the stored state is damaged or rolled back
     */
    public java.util.Optional<Session> load(SessionStore store, byte[] sessionId, Identity me) {
        java.util.Optional<byte[]> state = store.load(sessionId);
        if (state.isEmpty()) {
            return java.util.Optional.empty();
        }
        byte[] b = state.get();
        try {
            Session s = restore(b, me);
            if (!java.security.MessageDigest.isEqual(s.sessionId(), sessionId)) {
                s.destroy();
                throw new SessionStoreException(SessionStoreException.Kind.CORRUPT, "the store returned another session's state", null);
            }
            s.attach(state2 -> store.save(sessionId, state2));
            return java.util.Optional.of(s);
        } finally {
            java.util.Arrays.fill(b, (byte) 0);
        }
    }

    /**
     * Counters of this {@code Sessions} (docs/SESSION.md, "Metrics"): sessions initiated, accepted, restored
     * and live, messages sealed and opened, KEM ratchet steps, skipped keys stored and held now, refusals by reason.
     */
    public Map<String, Long> metrics() {
        return counters.snapshot();
    }

    @Override
    public String toString() {
        return "Sessions" + metrics();
    }

}
