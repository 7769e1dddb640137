package dev.qsafe.session.internal;

import dev.qsafe.api.KeyPair;
import dev.qsafe.api.PrivateKey;
import dev.qsafe.api.PublicKey;
import dev.qsafe.api.SecretAccess;
import dev.qsafe.api.SessionRefusedException;
import dev.qsafe.api.SessionRefusedException.Reason;
import java.util.Arrays;
import java.util.Map;

/**
 * A session's state as bytes (docs/SESSION.md, "State export"). The bytes hold secrets: a store encrypts
 * them. Deterministic: the same state always gives the same bytes, so tests compare states by them.
 */
public final class StateCodec {
    private static final int MAX_KEY = 8192;

    private StateCodec() {
    }

    public static byte[] write(SessionCore s) {
        int nh = s.engines.nh();
        Wire.Writer w = new Wire.Writer(512 + s.skipped.size() * 56);
        w.magic(Wire.TYPE_STATE);
        w.u8(s.initiator ? 1 : 2).vec(s.engines.suite().name()).raw(s.sid);
        Setup.writeIdentity(w, s.peer);
        Limits l = s.limits;
        w.u32(l.ratchetInterval()).u32(l.maxForwardJump()).u32(l.maxSkippedKeys()).u8(l.epochsKept());
        w.raw(s.root).u32(s.latest).u8(s.latestMine ? 1 : 0).raw(s.sendCk).u64(s.sendN).u64(s.sentSinceRatchet);
        if (s.myRatchet != null) {
            byte[] sk = s.myRatchet.privateKey().rawBytes(SecretAccess.INSECURE);
            w.u8(1).vec(s.myRatchet.publicKey().encoded()).vec(sk);
            Arrays.fill(sk, (byte) 0);
        } else {
            w.u8(0);
        }
        if (s.peerRatchet != null) {
            w.u8(1).vec(s.peerRatchet.encoded());
        } else {
            w.u8(0);
        }
        if (s.pending != null) {
            w.u8(1).u32(s.pending.epoch()).vec(s.pending.ct()).vec(s.pending.ek());
        } else {
            w.u8(0);
        }
        w.u8(s.recv.size());
        for (Map.Entry<Long, SessionCore.Recv> e : s.recv.entrySet()) {
            w.u32(e.getKey()).raw(e.getValue().ck).u64(e.getValue().next);
        }
        w.u32(s.skipped.size());
        for (Map.Entry<SessionCore.Slot, byte[]> e : s.skipped.entrySet()) {
            w.u32(e.getKey().epoch()).u32(e.getKey().n()).raw(e.getValue());
        }
        if (nh != s.root.length) {
            throw new IllegalStateException("root length");
        }
        return w.toByteArray();
    }

    /**
     * Reads a state written by {@link #write}. {@code engines} must be of the identity's suite.
     *
     * @throws SessionRefusedException {@link Reason#MALFORMED} or {@link Reason#SUITE_MISMATCH}
     */
    public static SessionCore read(byte[] bytes, Engines engines, Counters counters) {
        Wire.Reader r = new Wire.Reader(bytes, "session state");
        r.magic(Wire.TYPE_STATE);
        int role = r.u8();
        if (role != 1 && role != 2) {
            throw Wire.malformed("session state: unknown role " + role);
        }
        String suite = r.string(64);
        if (!suite.equalsIgnoreCase(engines.suite().name())) {
            throw new SessionRefusedException(Reason.SUITE_MISMATCH, "the session state is of suite " + suite + ", the identity's is "
                    + engines.suite().name());
        }
        byte[] sid = r.fixed(16);
        var peer = Setup.readIdentity(r, engines.suite());
        Limits limits;
        try {
            limits = new Limits((int) r.u32(), (int) r.u32(), (int) r.u32(), r.u8());
        } catch (IllegalArgumentException e) {
            throw Wire.malformed("session state: " + e.getMessage());
        }
        SessionCore s = new SessionCore(engines, counters, limits, role == 1, sid, peer);
        int nh = engines.nh();
        s.root = r.fixed(nh);
        s.latest = r.u32();
        s.latestMine = flag(r);
        s.sendCk = r.fixed(nh);
        s.sendN = r.u64();
        s.sentSinceRatchet = r.u64();
        if (s.sendN > SessionCore.MAX_U32 + 1 || s.sentSinceRatchet < 0) {
            throw Wire.malformed("session state: counter out of range");
        }
        if (flag(r)) {
            PublicKey pk = PublicKey.of(engines.suite().kem(), r.vecExact(engines.suite().kem().publicKeySize(), "ratchet public key"));
            byte[] sk = r.vec(MAX_KEY);
            s.myRatchet = new KeyPair(pk, PrivateKey.of(engines.suite().kem(), sk));
            Arrays.fill(sk, (byte) 0);
        }
        if (flag(r)) {
            s.peerRatchet = PublicKey.of(engines.suite().kem(), r.vecExact(engines.suite().kem().publicKeySize(), "peer ratchet key"));
        }
        if (flag(r)) {
            long e = r.u32();
            byte[] ct = r.vecExact(engines.suite().kem().ciphertextSize(), "ratchet ciphertext");
            byte[] ek = r.vecExact(engines.suite().kem().publicKeySize(), "ratchet public key");
            s.pending = new SessionCore.Pending(e, ct, ek);
        }
        int epochs = r.u8();
        if (epochs < 1 || epochs > limits.epochsKept()) {
            throw Wire.malformed("session state: " + epochs + " epochs, at most " + limits.epochsKept());
        }
        for (int i = 0; i < epochs; i++) {
            long e = r.u32();
            byte[] ck = r.fixed(nh);
            long next = r.u64();
            if (e > s.latest || next > SessionCore.MAX_U32 + 1 || next < 0 || s.recv.put(e, new SessionCore.Recv(ck, next)) != null) {
                throw Wire.malformed("session state: invalid receiving chain");
            }
        }
        if (!s.recv.containsKey(s.latest)) {
            throw Wire.malformed("session state: no receiving chain of the latest epoch");
        }
        long count = r.u32();
        if (count > limits.maxSkippedKeys()) {
            throw Wire.malformed("session state: " + count + " skipped keys, at most " + limits.maxSkippedKeys());
        }
        int kn = engines.nk() + engines.nn();
        for (long i = 0; i < count; i++) {
            SessionCore.Slot slot = new SessionCore.Slot(r.u32(), r.u32());
            if (!s.recv.containsKey(slot.epoch()) || s.skipped.put(slot, r.fixed(kn)) != null) {
                throw Wire.malformed("session state: invalid skipped key");
            }
        }
        r.end();
        return s;
    }

    private static boolean flag(Wire.Reader r) {
        int f = r.u8();
        if (f > 1) {
            throw Wire.malformed("session state: invalid flag " + f);
        }
        return f == 1;
    }
}
