package dev.qsafe.fuzz;

import static org.junit.jupiter.api.Assertions.assertTrue;

import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.qsafe.api.CryptoMode;
import dev.qsafe.api.QSafeException;
import dev.qsafe.runtime.keys.Identity;
import dev.qsafe.session.Prekeys;
import dev.qsafe.session.Session;
import dev.qsafe.session.SessionConfig;
import dev.qsafe.session.Sessions;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.security.MessageDigest;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * The session parsers (docs/SESSION.md) on hostile bytes. The first input byte picks the mode
 * ({@code % 3}: CLASSICAL, HYBRID, PQC), the rest is the structure. Every session here is the fixed
 * identity's session with itself, so that a state restores with {@link Fixtures#identity}.
 *
 * <ul>
 *   <li>{@link #message}: {@code Session.open} of a session message (header, ratchet fields, AEAD body) on
 *   the responder's state read from the {@code state} seed of the mode; a refusal must leave the state
 *   byte for byte as it was.</li>
 *   <li>{@link #firstMessage}: {@code Sessions.accept} of a first message with the prekeys of the
 *   {@code prekeys} seed of the mode (read afresh per input).</li>
 *   <li>{@link #bundle}: {@code Sessions.initiate} from a prekey bundle of the fixed identity (parse,
 *   signature checks, expiry).</li>
 *   <li>{@link #state}: {@code Sessions.restore} of an exported state, then a message sealed with it.</li>
 *   <li>{@link #prekeys}: {@code Sessions.restorePrekeys} of exported prekeys, then their bundle.</li>
 * </ul>
 *
 * <p>The clock is fixed ({@link #NOW}) and prekeys are valid for 366 days from it, so the seeds of
 * bundles and prekeys never expire.
 */
class SessionFuzzTest {
    /** The fixed time of every session here. */
    static final Instant NOW = Instant.parse("2026-12-01T00:00:00Z");
    /** Sessions on the fixtures' registry, with the fixed clock. */
    static final Sessions SESSIONS = Sessions.of(Fixtures.REGISTRY, SessionConfig.defaults()
            .withClock(Clock.fixed(NOW, ZoneOffset.UTC)).withPrekeyValidity(Duration.ofDays(366)).withOneTimePrekeys(2));
    /** The modes, in the order the first input byte picks them. */
    static final CryptoMode[] MODES = CryptoMode.values();

    private static final Map<CryptoMode, byte[]> STATES = new EnumMap<>(CryptoMode.class);
    private static final Map<CryptoMode, byte[]> PREKEYS = new EnumMap<>(CryptoMode.class);

    @FuzzTest
    void message(byte[] input) {
        if (input.length == 0) {
            return;
        }
        CryptoMode mode = mode(input);
        byte[] message = body(input);
        Identity me = Fixtures.identity(mode);
        Session session = SESSIONS.restore(seed(STATES, "state", mode), me);
        try {
            byte[] before = session.export();
            Optional<QSafeException> failure = Oracle.check(message.length, () -> session.open(message));
            if (failure.isPresent()) {
                assertTrue(MessageDigest.isEqual(before, session.export()),
                        "a refused message changed the session state: " + failure.get());
            }
        } finally {
            session.destroy();
        }
    }

    @FuzzTest
    void firstMessage(byte[] input) {
        if (input.length == 0) {
            return;
        }
        CryptoMode mode = mode(input);
        byte[] message = body(input);
        Identity me = Fixtures.identity(mode);
        Prekeys prekeys = SESSIONS.restorePrekeys(seed(PREKEYS, "prekeys", mode), me);
        Oracle.check(message.length, () -> SESSIONS.accept(prekeys, message, null).session().destroy());
    }

    @FuzzTest
    void bundle(byte[] input) {
        if (input.length == 0) {
            return;
        }
        CryptoMode mode = mode(input);
        byte[] bundle = body(input);
        Identity me = Fixtures.identity(mode);
        Oracle.check(bundle.length, () -> SESSIONS.initiate(me, me.publicIdentity(), bundle, new byte[0]).session().destroy());
    }

    @FuzzTest
    void state(byte[] input) {
        if (input.length == 0) {
            return;
        }
        CryptoMode mode = mode(input);
        byte[] state = body(input);
        Identity me = Fixtures.identity(mode);
        Oracle.check(state.length, () -> {
            Session s = SESSIONS.restore(state, me);
            try {
                s.seal(Fixtures.MESSAGE);
            } finally {
                s.destroy();
            }
        });
    }

    @FuzzTest
    void prekeys(byte[] input) {
        if (input.length == 0) {
            return;
        }
        CryptoMode mode = mode(input);
        byte[] exported = body(input);
        Identity me = Fixtures.identity(mode);
        Oracle.check(exported.length, () -> SESSIONS.restorePrekeys(exported, me).bundle());
    }

    static CryptoMode mode(byte[] input) {
        return MODES[(input[0] & 0xFF) % MODES.length];
    }

    private static byte[] body(byte[] input) {
        return Arrays.copyOfRange(input, 1, input.length);
    }

    /** The body of {@code seed-<mode>} of {@code target}'s inputs (read once). */
    private static synchronized byte[] seed(Map<CryptoMode, byte[]> cache, String target, CryptoMode mode) {
        return cache.computeIfAbsent(mode, m -> {
            String name = "SessionFuzzTestInputs/" + target + "/seed-" + m.name().toLowerCase(Locale.ROOT);
            try (InputStream in = SessionFuzzTest.class.getResourceAsStream(name)) {
                if (in == null) {
                    throw new IllegalStateException("no seed " + name + ": write the seeds (docs/FUZZING.md)");
                }
                return body(in.readAllBytes());
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }).clone();
    }
}
