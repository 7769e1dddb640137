package dev.qsafe.session.internal;

import dev.qsafe.api.DecryptionFailedException;
import dev.qsafe.api.Encapsulation;
import dev.qsafe.api.InvalidInputException;
import dev.qsafe.api.KeyPair;
import dev.qsafe.api.PublicKey;
import dev.qsafe.api.QSafeException;
import dev.qsafe.api.SecretAccess;
import dev.qsafe.api.SecretBytes;
import dev.qsafe.api.SessionRefusedException;
import dev.qsafe.api.SessionRefusedException.Reason;
import dev.qsafe.runtime.keys.PublicIdentity;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * One session's ratchet state and its seal/open steps (docs/SESSION.md, "Messages"). Not thread-safe:
 * the public {@code Session} serializes calls. {@link #open} computes everything on the side and
 * changes the state only after the AEAD succeeded, so a refusal leaves the state untouched.
 */
public final class SessionCore {
    /** Bytes of a message header without ratchet fields. */
    public static final int HEADER_LENGTH = 29;
    /** Largest plaintext of one message. */
    public static final int MAX_PLAINTEXT = 16 << 20;
    static final long MAX_U32 = 0xFFFFFFFFL;

    final Engines engines;
    final Counters counters;
    final Limits limits;
    final boolean initiator;
    final byte[] sid;
    final PublicIdentity peer;

    byte[] root;
    long latest;
    boolean latestMine;
    byte[] sendCk;
    long sendN;
    long sentSinceRatchet;
    KeyPair myRatchet;
    PublicKey peerRatchet;
    Pending pending;
    final TreeMap<Long, Recv> recv = new TreeMap<>();
    final LinkedHashMap<Slot, byte[]> skipped = new LinkedHashMap<>();

    /** Ratchet fields attached to every message of an epoch this party opened, until the peer answers in it. */
    record Pending(long epoch, byte[] ct, byte[] ek) {
    }

    /** A receiving chain: the chain key of generation {@code next}. */
    static final class Recv {
        byte[] ck;
        long next;

        Recv(byte[] ck, long next) {
            this.ck = ck;
            this.next = next;
        }
    }

    record Slot(long epoch, long n) {
    }

    SessionCore(Engines engines, Counters counters, Limits limits, boolean initiator, byte[] sid, PublicIdentity peer) {
        this.engines = engines;
        this.counters = counters;
        this.limits = limits;
        this.initiator = initiator;
        this.sid = sid.clone();
        this.peer = peer;
    }

    /** A new session in epoch 0, derived from the setup's root (docs/SESSION.md, "Epochs"). */
    static SessionCore fromSetup(Engines engines, Counters counters, Limits limits, boolean initiator, byte[] sid,
            PublicIdentity peer, byte[] setupRoot, KeyPair myRatchet, PublicKey peerRatchet) {
        SessionCore s = new SessionCore(engines, counters, limits, initiator, sid, peer);
        byte[][] k = s.epochKeys(engines.labeled().expandWithLabel(setupRoot, "epoch", s.epochContext(0), 3 * engines.nh()));
        s.root = k[0];
        s.latest = 0;
        s.latestMine = initiator;
        s.sendCk = initiator ? k[1] : k[2];
        s.recv.put(0L, new Recv(initiator ? k[2] : k[1], 0));
        s.myRatchet = myRatchet;
        s.peerRatchet = peerRatchet;
        // the first message counts as one sent by the initiator; the responder's first reply opens epoch 1
        s.sentSinceRatchet = initiator ? 1 : limits.ratchetInterval();
        return s;
    }

    public byte[] sessionId() {
        return sid.clone();
    }

    public PublicIdentity peer() {
        return peer;
    }

    public boolean initiator() {
        return initiator;
    }

    public long epoch() {
        return latest;
    }

    public int skippedKeys() {
        return skipped.size();
    }

    public Limits limits() {
        return limits;
    }

    public Engines engines() {
        return engines;
    }

    public Counters counters() {
        return counters;
    }

    // ---- sending ----

    /** Seals one message; the state advances before the message is returned. */
    public byte[] seal(byte[] plaintext) {
        return sealReserved(reserve(plaintext.length), plaintext);
    }

    /**
     * The next sending generation, taken out of the state: the state moves past it (a KEM ratchet step
     * first if one is due) before any key of it is used, so a caller can persist the state and only then
     * {@linkplain #sealReserved seal} with it. A generation reserved and never sealed is lost, never reused.
     */
    public Reserved reserve(int plaintextLength) {
        if (plaintextLength > MAX_PLAINTEXT) {
            throw new InvalidInputException("a session message holds at most " + MAX_PLAINTEXT + " bytes, got " + plaintextLength);
        }
        if (!latestMine && peerRatchet != null && sentSinceRatchet >= limits.ratchetInterval()) {
            openEpoch();
        }
        if (sendN > MAX_U32) {
            throw refused(Reason.LIMIT_REACHED, "this epoch's sending chain is exhausted; start a new session");
        }
        Wire.Writer h = new Wire.Writer(HEADER_LENGTH + (pending == null ? 0 : pending.ct.length + pending.ek.length + 8));
        h.magic(Wire.TYPE_MESSAGE).raw(sid).u32(latest).u32(sendN);
        if (pending != null) {
            h.u8(1).vec(pending.ct).vec(pending.ek);
        } else {
            h.u8(0);
        }
        byte[] header = h.toByteArray();
        Labeled l = engines.labeled();
        byte[] key = l.deriveTreeSecret(sendCk, "key", sendN, engines.nk());
        byte[] nonce = l.deriveTreeSecret(sendCk, "nonce", sendN, engines.nn());
        byte[] next = l.deriveTreeSecret(sendCk, "secret", sendN, engines.nh());
        Arrays.fill(sendCk, (byte) 0);
        sendCk = next;
        sendN++;
        sentSinceRatchet++;
        return new Reserved(header, key, nonce, plaintextLength);
    }

    /** Seals {@code plaintext} with a generation {@link #reserve} took; the reservation is wiped after use. */
    public byte[] sealReserved(Reserved r, byte[] plaintext) {
        if (r.key == null) {
            throw new IllegalStateException("this generation was used or discarded");
        }
        if (plaintext.length != r.plaintextLength) {
            r.discard();
            throw new InvalidInputException("the plaintext is not of the reserved length");
        }
        SecretBytes k = SecretBytes.wrap(r.key);
        byte[] body;
        try {
            body = engines.aead().seal(k, r.nonce, plaintext, r.header);
        } finally {
            k.destroy();
            r.discard();
        }
        counters.sealed();
        byte[] out = Arrays.copyOf(r.header, r.header.length + body.length);
        System.arraycopy(body, 0, out, r.header.length, body.length);
        return out;
    }

    /** A generation taken out of the state by {@link #reserve}: its header, key and nonce, for one message. */
    public static final class Reserved {
        private final byte[] header;
        private byte[] key;
        private byte[] nonce;
        private final int plaintextLength;

        Reserved(byte[] header, byte[] key, byte[] nonce, int plaintextLength) {
            this.header = header;
            this.key = key;
            this.nonce = nonce;
            this.plaintextLength = plaintextLength;
        }

        /** Wipes the key and nonce (the generation stays used). */
        public void discard() {
            if (key != null) {
                Arrays.fill(key, (byte) 0);
                Arrays.fill(nonce, (byte) 0);
                key = null;
                nonce = null;
            }
        }

        @Override
        public String toString() {
            return "Reserved[" + header.length + "-byte header]";
        }
    }

    private void openEpoch() {
        if (latest >= MAX_U32) {
            throw refused(Reason.LIMIT_REACHED, "the session's epoch counter is exhausted; start a new session");
        }
        Encapsulation enc = engines.kem().encapsulate(peerRatchet);
        KeyPair next = engines.kem().generateKeyPair();
        byte[] ss = enc.sharedSecret().rawBytes(SecretAccess.INSECURE);
        enc.sharedSecret().destroy();
        long e = latest + 1;
        byte[][] k = deriveEpoch(root, ss, e);
        Arrays.fill(ss, (byte) 0);
        Arrays.fill(root, (byte) 0);
        Arrays.fill(sendCk, (byte) 0);
        root = k[0];
        latest = e;
        latestMine = true;
        sendCk = initiator ? k[1] : k[2];
        sendN = 0;
        recv.put(e, new Recv(initiator ? k[2] : k[1], 0));
        trimEpochs();
        if (myRatchet != null) {
            myRatchet.privateKey().destroy();
        }
        myRatchet = next;
        peerRatchet = null;
        pending = new Pending(e, enc.ciphertext(), next.publicKey().encoded());
        sentSinceRatchet = 0;
        counters.ratchetStep();
    }

    // ---- receiving ----

    /** Parsed message header. */
    private record Header(long epoch, long n, byte[] ct, byte[] ek, int length) {
    }

    private Header parseHeader(byte[] message) {
        Wire.Reader r = new Wire.Reader(message, "session message");
        r.magic(Wire.TYPE_MESSAGE);
        byte[] s = r.fixed(16);
        if (!MessageDigest.isEqual(s, sid)) {
            throw refused(Reason.UNKNOWN_SESSION, "the message belongs to another session");
        }
        long epoch = r.u32();
        long n = r.u32();
        int flags = r.u8();
        byte[] ct = null;
        byte[] ek = null;
        if ((flags & ~1) != 0) {
            throw Wire.malformed("session message: unknown header flags " + flags);
        }
        if (flags == 1) {
            ct = r.vecExact(engines.suite().kem().ciphertextSize(), "the ratchet ciphertext");
            ek = r.vecExact(engines.suite().kem().publicKeySize(), "the ratchet public key");
        }
        if (r.remaining() < engines.suite().aead().tagSize()) {
            throw Wire.malformed("session message is truncated");
        }
        return new Header(epoch, n, ct, ek, r.position());
    }

    /** Opens one message; the state changes only if it opens. */
    public byte[] open(byte[] message) {
        try {
            return doOpen(message);
        } catch (SessionRefusedException ex) {
            counters.refused(ex.reason().name());
            throw ex;
        } catch (DecryptionFailedException ex) {
            counters.refused("DECRYPTION_FAILED");
            throw ex;
        } catch (QSafeException ex) {
            counters.refused("INVALID_INPUT");
            throw ex;
        }
    }

    private byte[] doOpen(byte[] message) {
        Header h = parseHeader(message);
        Labeled l = engines.labeled();
        byte[][] newEpoch = null; // root, own sending ck, peer's ck of the next epoch, derived on the side
        Recv chain;
        if (h.epoch > latest + 1) {
            throw refused(Reason.EPOCH_TOO_FAR, "the message is of epoch " + h.epoch + ", the latest known is " + latest);
        }
        if (h.epoch == latest + 1) {
            if (!latestMine || myRatchet == null || h.ct == null) {
                throw refused(Reason.EPOCH_TOO_FAR, "the message opens epoch " + h.epoch + ", which the peer may not open now");
            }
            SecretBytes ssb = engines.kem().decapsulate(myRatchet.privateKey(), h.ct);
            byte[] ss = ssb.rawBytes(SecretAccess.INSECURE);
            ssb.destroy();
            byte[][] k = deriveEpoch(root, ss, h.epoch);
            Arrays.fill(ss, (byte) 0);
            newEpoch = new byte[][] {k[0], initiator ? k[1] : k[2]};
            chain = new Recv(initiator ? k[2] : k[1], 0);
        } else {
            chain = recv.get(h.epoch);
            if (chain == null) {
                throw refused(Reason.EPOCH_DROPPED, "the keys of epoch " + h.epoch + " were dropped (latest " + latest
                        + ", " + limits.epochsKept() + " epochs kept)");
            }
        }
        Slot slot = new Slot(h.epoch, h.n);
        byte[] skippedKey = skipped.get(slot);
        byte[] key;
        byte[] nonce;
        byte[] nextCk = null;
        List<Map.Entry<Slot, byte[]>> newSkipped = List.of();
        if (skippedKey != null) {
            key = Arrays.copyOf(skippedKey, engines.nk());
            nonce = Arrays.copyOfRange(skippedKey, engines.nk(), skippedKey.length);
        } else if (h.n >= chain.next) {
            long jump = h.n - chain.next;
            if (jump > limits.maxForwardJump()) {
                wipeAll(newEpoch, chain, newEpoch != null);
                throw refused(Reason.TOO_FAR_AHEAD, "the message is " + jump + " generations ahead; at most "
                        + limits.maxForwardJump() + " are allowed");
            }
            newSkipped = new ArrayList<>((int) jump);
            byte[] ck = chain.ck.clone();
            for (long g = chain.next; g < h.n; g++) {
                byte[] kn = new byte[engines.nk() + engines.nn()];
                byte[] kk = l.deriveTreeSecret(ck, "key", g, engines.nk());
                byte[] nn = l.deriveTreeSecret(ck, "nonce", g, engines.nn());
                System.arraycopy(kk, 0, kn, 0, kk.length);
                System.arraycopy(nn, 0, kn, kk.length, nn.length);
                Arrays.fill(kk, (byte) 0);
                newSkipped.add(Map.entry(new Slot(h.epoch, g), kn));
                byte[] nx = l.deriveTreeSecret(ck, "secret", g, engines.nh());
                Arrays.fill(ck, (byte) 0);
                ck = nx;
            }
            key = l.deriveTreeSecret(ck, "key", h.n, engines.nk());
            nonce = l.deriveTreeSecret(ck, "nonce", h.n, engines.nn());
            nextCk = l.deriveTreeSecret(ck, "secret", h.n, engines.nh());
            Arrays.fill(ck, (byte) 0);
        } else {
            wipeAll(newEpoch, chain, newEpoch != null);
            throw refused(Reason.DUPLICATE, "message " + h.n + " of epoch " + h.epoch
                    + " was opened before, or its key was dropped");
        }
        byte[] header = Arrays.copyOf(message, h.length);
        byte[] plaintext;
        SecretBytes k = SecretBytes.wrap(key);
        try {
            plaintext = engines.aead().open(k, nonce, Arrays.copyOfRange(message, h.length, message.length), header);
        } catch (RuntimeException ex) {
            for (Map.Entry<Slot, byte[]> e : newSkipped) {
                Arrays.fill(e.getValue(), (byte) 0);
            }
            if (nextCk != null) {
                Arrays.fill(nextCk, (byte) 0);
            }
            wipeAll(newEpoch, chain, newEpoch != null);
            throw ex;
        } finally {
            k.destroy();
            Arrays.fill(nonce, (byte) 0);
        }
        // commit
        if (newEpoch != null) {
            Arrays.fill(root, (byte) 0);
            Arrays.fill(sendCk, (byte) 0);
            root = newEpoch[0];
            sendCk = newEpoch[1];
            sendN = 0;
            latest = h.epoch;
            latestMine = false;
            recv.put(h.epoch, chain);
            myRatchet.privateKey().destroy();
            myRatchet = null;
            peerRatchet = PublicKey.of(engines.suite().kem(), h.ek);
            pending = null;
            counters.ratchetStep();
        }
        if (skippedKey != null) {
            Arrays.fill(skipped.remove(slot), (byte) 0);
        } else {
            Arrays.fill(chain.ck, (byte) 0);
            chain.ck = nextCk;
            chain.next = h.n + 1;
            for (Map.Entry<Slot, byte[]> e : newSkipped) {
                skipped.put(e.getKey(), e.getValue());
            }
            counters.skippedKeysStored(newSkipped.size());
            Iterator<byte[]> it = skipped.values().iterator();
            while (skipped.size() > limits.maxSkippedKeys() && it.hasNext()) {
                Arrays.fill(it.next(), (byte) 0);
                it.remove();
            }
        }
        if (pending != null && h.epoch >= pending.epoch) {
            pending = null; // the peer answered in the epoch this party opened
        }
        trimEpochs();
        counters.opened();
        return plaintext;
    }

    private static void wipeAll(byte[][] newEpoch, Recv chain, boolean chainIsNew) {
        if (newEpoch != null) {
            for (byte[] b : newEpoch) {
                Arrays.fill(b, (byte) 0);
            }
        }
        if (chainIsNew) {
            Arrays.fill(chain.ck, (byte) 0);
        }
    }

    private void trimEpochs() {
        while (recv.size() > limits.epochsKept()) {
            Map.Entry<Long, Recv> oldest = recv.pollFirstEntry();
            Arrays.fill(oldest.getValue().ck, (byte) 0);
            long e = oldest.getKey();
            skipped.entrySet().removeIf(en -> {
                if (en.getKey().epoch() == e) {
                    Arrays.fill(en.getValue(), (byte) 0);
                    return true;
                }
                return false;
            });
        }
    }

    // ---- key schedule ----

    byte[] epochContext(long e) {
        return new Wire.Writer(20).raw(sid).u32(e).toByteArray();
    }

    /** {@code root || ck_i2r || ck_r2i} of epoch {@code e >= 1}. */
    byte[][] deriveEpoch(byte[] prevRoot, byte[] ss, long e) {
        byte[] prk = engines.labeled().kdf().extract(prevRoot, ss);
        try {
            return epochKeys(engines.labeled().expandWithLabel(prk, "epoch", epochContext(e), 3 * engines.nh()));
        } finally {
            Arrays.fill(prk, (byte) 0);
        }
    }

    byte[][] epochKeys(byte[] okm) {
        int nh = engines.nh();
        byte[][] k = {Arrays.copyOfRange(okm, 0, nh), Arrays.copyOfRange(okm, nh, 2 * nh), Arrays.copyOfRange(okm, 2 * nh, 3 * nh)};
        Arrays.fill(okm, (byte) 0);
        return k;
    }

    static SessionRefusedException refused(Reason reason, String message) {
        return new SessionRefusedException(reason, message);
    }

    /** Wipes every secret; the session is unusable afterwards. */
    public void destroy() {
        if (root != null) {
            Arrays.fill(root, (byte) 0);
        }
        if (sendCk != null) {
            Arrays.fill(sendCk, (byte) 0);
        }
        recv.values().forEach(r -> Arrays.fill(r.ck, (byte) 0));
        skipped.values().forEach(b -> Arrays.fill(b, (byte) 0));
        skipped.clear();
        recv.clear();
        if (myRatchet != null) {
            myRatchet.privateKey().destroy();
        }
    }
}
