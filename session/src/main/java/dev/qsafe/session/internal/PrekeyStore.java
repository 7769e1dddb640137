package dev.qsafe.session.internal;

import dev.qsafe.api.KeyPair;
import dev.qsafe.api.PrivateKey;
import dev.qsafe.api.PublicKey;
import dev.qsafe.api.SecretAccess;
import dev.qsafe.api.SessionRefusedException;
import dev.qsafe.api.SessionRefusedException.Reason;
import dev.qsafe.runtime.keys.Identity;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A responder's private prekeys (docs/SESSION.md, "The prekey bundle"): signed medium-term prekeys
 * (the newest is published; older ones are kept until they expire), one-time prekeys (deleted on first
 * use) and the replay cache of first messages to each signed prekey. Not thread-safe: the public
 * {@code Prekeys} serializes calls.
 */
public final class PrekeyStore {
    public static final int KIND_SIGNED = 1;
    public static final int KIND_ONE_TIME = 2;
    /** One-time prekeys held (and published) at most. */
    public static final int MAX_ONE_TIME = 100;
    /** First messages remembered per signed prekey. */
    public static final int REPLAY_CACHE_SIZE = 65_536;
    private static final int MAX_SIGNED = 8;

    final Engines engines;
    final Identity me;
    final List<Prekey> signed = new ArrayList<>();
    final LinkedHashMap<Long, Prekey> oneTime = new LinkedHashMap<>();
    final Map<Long, ReplayCache> replay = new LinkedHashMap<>();
    long nextId;

    /** A prekey with its private key and the identity's signature over its statement. */
    record Prekey(int kind, long id, long expiry, KeyPair keys, byte[] signature) {
    }

    PrekeyStore(Engines engines, Identity me) {
        this.engines = engines;
        this.me = me;
    }

    public static PrekeyStore generate(Engines engines, Identity me, Duration validity, int oneTimeCount, Instant now) {
        PrekeyStore s = new PrekeyStore(engines, me);
        s.nextId = new SecureRandom().nextInt(1 << 30);
        s.rotate(validity, now);
        s.addOneTime(oneTimeCount, validity, now);
        return s;
    }

    private Prekey make(int kind, Duration validity, Instant now) {
        long id = nextId;
        nextId = (nextId + 1) & SessionCore.MAX_U32;
        long expiry = now.plus(validity).getEpochSecond();
        KeyPair kp = engines.kem().generateKeyPair();
        byte[] tbs = Setup.prekeyTbs(engines.suite(), Setup.fingerprint(me), kind, id, expiry, kp.publicKey().encoded());
        return new Prekey(kind, id, expiry, kp, engines.signature().sign(me.signature().privateKey(), tbs, new byte[0]));
    }

    /** A new signed prekey; expired ones are deleted. */
    public void rotate(Duration validity, Instant now) {
        dropExpired(now);
        if (signed.size() >= MAX_SIGNED) {
            Prekey old = signed.remove(0);
            old.keys.privateKey().destroy();
            replay.remove(old.id);
        }
        Prekey p = make(KIND_SIGNED, validity, now);
        signed.add(p);
        replay.put(p.id, new ReplayCache(REPLAY_CACHE_SIZE));
    }

    public void addOneTime(int count, Duration validity, Instant now) {
        if (count < 0 || oneTime.size() + count > MAX_ONE_TIME) {
            throw new IllegalArgumentException("at most " + MAX_ONE_TIME + " one-time prekeys are held; have "
                    + oneTime.size() + ", asked for " + count + " more");
        }
        for (int i = 0; i < count; i++) {
            Prekey p = make(KIND_ONE_TIME, validity, now);
            oneTime.put(p.id, p);
        }
    }

    public void dropExpired(Instant now) {
        long t = now.getEpochSecond();
        signed.removeIf(p -> {
            if (p.expiry < t && p != signed.get(signed.size() - 1)) {
                p.keys.privateKey().destroy();
                replay.remove(p.id);
                return true;
            }
            return false;
        });
        oneTime.values().removeIf(p -> {
            if (p.expiry < t) {
                p.keys.privateKey().destroy();
                return true;
            }
            return false;
        });
    }

    public int oneTimeCount() {
        return oneTime.size();
    }

    public Identity identity() {
        return me;
    }

    public Engines engines() {
        return engines;
    }

    /** The bundle to publish: the newest signed prekey and every unexpired one-time prekey. */
    public byte[] bundle(Instant now) {
        return bundle(now, true);
    }

    /** The bundle with the newest signed prekey and, if {@code withOneTime}, every unexpired one-time prekey. */
    public byte[] bundle(Instant now, boolean withOneTime) {
        Wire.Writer w = new Wire.Writer(4096);
        w.magic(Wire.TYPE_BUNDLE).vec(engines.suite().name()).raw(Setup.fingerprint(me));
        List<Prekey> list = new ArrayList<>();
        list.add(signed.get(signed.size() - 1));
        if (withOneTime) {
            for (Prekey p : oneTime.values()) {
                if (p.expiry >= now.getEpochSecond()) {
                    list.add(p);
                }
            }
        }
        w.u8(list.size());
        for (Prekey p : list) {
            record(w, p);
        }
        return w.toByteArray();
    }

    /** Each unexpired one-time prekey as its bundle record, by prekey id (for a relay that hands out each once). */
    public Map<Long, byte[]> oneTimeRecords(Instant now) {
        Map<Long, byte[]> out = new LinkedHashMap<>();
        for (Prekey p : oneTime.values()) {
            if (p.expiry >= now.getEpochSecond()) {
                Wire.Writer w = new Wire.Writer(2048);
                record(w, p);
                out.put(p.id, w.toByteArray());
            }
        }
        return out;
    }

    private static void record(Wire.Writer w, Prekey p) {
        w.u8(p.kind).u32(p.id).u64(p.expiry).vec(p.keys.publicKey().encoded()).vec(p.signature);
    }

    /**
     * A bundle of one signed prekey (from {@link #bundle(Instant, boolean)} without one-time prekeys)
     * with one one-time prekey record (from {@link #oneTimeRecords}) appended. Only the shape is
     * checked here; the signatures are checked when the bundle is used.
     */
    public static byte[] join(byte[] signedOnly, byte[] oneTimeRecord) {
        Wire.Reader r = new Wire.Reader(signedOnly, "prekey bundle");
        r.magic(Wire.TYPE_BUNDLE);
        String suite = r.string(64);
        byte[] fp = r.fixed(32);
        if (r.u8() != 1) {
            throw Wire.malformed("prekey bundle: a bundle to join a one-time prekey to has only the signed prekey");
        }
        byte[] signedRecord = r.fixed(r.remaining());
        Wire.Reader o = new Wire.Reader(oneTimeRecord, "one-time prekey record");
        if (o.u8() != KIND_ONE_TIME) {
            throw Wire.malformed("one-time prekey record: wrong kind");
        }
        o.u32();
        o.u64();
        o.vec(8192);
        o.vec(16384);
        o.end();
        return new Wire.Writer(signedOnly.length + oneTimeRecord.length + 8).magic(Wire.TYPE_BUNDLE).vec(suite).raw(fp).u8(2)
                .raw(signedRecord).raw(oneTimeRecord).toByteArray();
    }

    /** The prekey a first message names, checked but not consumed. */
    Prekey find(int kind, long id, Instant now) {
        Prekey p = null;
        if (kind == KIND_ONE_TIME) {
            p = oneTime.get(id);
        } else if (kind == KIND_SIGNED) {
            for (Prekey s : signed) {
                if (s.id == id) {
                    p = s;
                }
            }
        }
        if (p == null) {
            throw new SessionRefusedException(Reason.PREKEY_UNKNOWN, "the first message names prekey " + id
                    + ", which is unknown, expired and deleted, or a one-time prekey already used");
        }
        if (p.expiry < now.getEpochSecond()) {
            throw new SessionRefusedException(Reason.PREKEY_EXPIRED, "prekey " + id + " expired at "
                    + Instant.ofEpochSecond(p.expiry) + "; the initiator needs a fresh bundle");
        }
        return p;
    }

    /** Refuses a replayed first message to a signed prekey; does not record it. */
    void checkReplay(Prekey p, byte[] sid) {
        if (p.kind != KIND_SIGNED) {
            return;
        }
        ReplayCache seen = replay.get(p.id);
        if (seen.contains(sid)) {
            throw new SessionRefusedException(Reason.REPLAYED_SETUP, "this first message was accepted before");
        }
        if (seen.isFull()) {
            throw new SessionRefusedException(Reason.REPLAY_CACHE_FULL, "the signed prekey's replay cache is full;"
                    + " rotate the signed prekey");
        }
    }

    /** Consumes a one-time prekey or records the first message in the signed prekey's replay cache. */
    void commit(Prekey p, byte[] sid) {
        if (p.kind == KIND_ONE_TIME) {
            oneTime.remove(p.id);
            p.keys.privateKey().destroy();
        } else {
            replay.get(p.id).add(sid);
        }
    }

    // ---- export (secrets: a store encrypts it) ----

    public byte[] export() {
        Wire.Writer w = new Wire.Writer(8192);
        w.magic(Wire.TYPE_PREKEYS).vec(engines.suite().name()).raw(Setup.fingerprint(me)).u32(nextId);
        w.u8(signed.size());
        for (Prekey p : signed) {
            writePrekey(w, p);
            ReplayCache seen = replay.get(p.id);
            w.u32(seen.size());
            seen.writeTo(w);
        }
        w.u8(oneTime.size());
        for (Prekey p : oneTime.values()) {
            writePrekey(w, p);
        }
        return w.toByteArray();
    }

    private static void writePrekey(Wire.Writer w, Prekey p) {
        byte[] sk = p.keys.privateKey().rawBytes(SecretAccess.INSECURE);
        w.u8(p.kind).u32(p.id).u64(p.expiry).vec(p.keys.publicKey().encoded()).vec(sk).vec(p.signature);
        Arrays.fill(sk, (byte) 0);
    }

    public static PrekeyStore read(byte[] bytes, Engines engines, Identity me) {
        Wire.Reader r = new Wire.Reader(bytes, "prekeys");
        r.magic(Wire.TYPE_PREKEYS);
        String suite = r.string(64);
        if (!suite.equalsIgnoreCase(engines.suite().name())) {
            throw new SessionRefusedException(Reason.SUITE_MISMATCH, "the prekeys are of suite " + suite);
        }
        if (!java.security.MessageDigest.isEqual(r.fixed(32), Setup.fingerprint(me))) {
            throw new SessionRefusedException(Reason.WRONG_IDENTITY, "the prekeys belong to another identity");
        }
        PrekeyStore s = new PrekeyStore(engines, me);
        s.nextId = r.u32();
        int n = r.u8();
        if (n < 1 || n > MAX_SIGNED) {
            throw Wire.malformed("prekeys: " + n + " signed prekeys");
        }
        for (int i = 0; i < n; i++) {
            Prekey p = readPrekey(r, engines, KIND_SIGNED);
            ReplayCache seen = ReplayCache.read(r, r.u32(), REPLAY_CACHE_SIZE);
            s.signed.add(p);
            s.replay.put(p.id, seen);
        }
        int m = r.u8();
        if (m > MAX_ONE_TIME) {
            throw Wire.malformed("prekeys: " + m + " one-time prekeys");
        }
        for (int i = 0; i < m; i++) {
            Prekey p = readPrekey(r, engines, KIND_ONE_TIME);
            s.oneTime.put(p.id, p);
        }
        r.end();
        return s;
    }

    private static Prekey readPrekey(Wire.Reader r, Engines engines, int expectedKind) {
        int kind = r.u8();
        if (kind != expectedKind) {
            throw Wire.malformed("prekeys: unexpected prekey kind " + kind);
        }
        long id = r.u32();
        long expiry = r.u64();
        PublicKey pk = PublicKey.of(engines.suite().kem(), r.vecExact(engines.suite().kem().publicKeySize(), "prekey"));
        byte[] sk = r.vec(8192);
        byte[] sig = r.vec(Setup.MAX_SIGNATURE);
        KeyPair kp = new KeyPair(pk, PrivateKey.of(engines.suite().kem(), sk));
        Arrays.fill(sk, (byte) 0);
        return new Prekey(kind, id, expiry, kp, sig);
    }
}
