package dev.qsafe.session.internal;

import dev.qsafe.api.DecryptionFailedException;
import dev.qsafe.api.InvalidKeyException;
import dev.qsafe.api.InvalidSignatureException;
import dev.qsafe.api.KeyPair;
import dev.qsafe.api.PublicKey;
import dev.qsafe.api.SessionRefusedException;
import dev.qsafe.api.SessionRefusedException.Reason;
import dev.qsafe.runtime.hpke.Hpke;
import dev.qsafe.runtime.keys.Identity;
import dev.qsafe.runtime.keys.PublicIdentity;
import dev.qsafe.runtime.suite.Suite;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.function.Predicate;

/** Session setup (docs/SESSION.md, "Setup"): bundles, the first message, accepting it. */
public final class Setup {
    static final int MAX_SIGNATURE = 16_384;
    static final int MAX_NAME = 256;
    private static final int MAX_PAYLOAD = SessionCore.MAX_PLAINTEXT;

    private Setup() {
    }

    public static byte[] fingerprint(PublicIdentity id) {
        return HexFormat.of().parseHex(id.fingerprint());
    }

    /** An identity's own fingerprint, which it computes once. */
    public static byte[] fingerprint(Identity me) {
        return HexFormat.of().parseHex(me.fingerprint());
    }

    private static final byte[] PREKEY_LABEL = Wire.utf8("qsafe/1 prekey");
    private static final byte[] INIT_LABEL = Wire.utf8("qsafe/1 init");
    private static final byte[] ROOT_LABEL = Wire.utf8("qsafe/1 root");
    private static final byte[] SID_LABEL = Wire.utf8("qsafe/1 sid");
    private static final byte[] NO_CONTEXT = new byte[0];

    static byte[] prekeyTbs(Suite suite, byte[] ownerFp, int kind, long id, long expiry, byte[] pk) {
        byte[] name = Wire.utf8(suite.name());
        int size = Wire.vecSize(PREKEY_LABEL.length) + Wire.vecSize(name.length) + ownerFp.length + 1 + 4 + 8 + Wire.vecSize(pk.length);
        return new Wire.Writer(size).vec(PREKEY_LABEL).vec(name).raw(ownerFp).u8(kind).u32(id).u64(expiry).vec(pk).toByteArray();
    }

    static void writeIdentity(Wire.Writer w, PublicIdentity id) {
        w.vec(id.name()).vec(id.kem().encoded()).vec(id.signature().encoded());
    }

    static PublicIdentity readIdentity(Wire.Reader r, Suite suite) {
        String name = new String(r.vec(MAX_NAME), java.nio.charset.StandardCharsets.UTF_8);
        byte[] kem = r.vecExact(suite.kem().publicKeySize(), "the identity's KEM key");
        byte[] sig = r.vecExact(suite.signature().publicKeySize(), "the identity's signature key");
        try {
            return new PublicIdentity(name, suite, PublicKey.of(suite.kem(), kem), PublicKey.of(suite.signature(), sig));
        } catch (InvalidKeyException e) {
            throw Wire.malformed("an identity in the session structure is invalid: " + e.getMessage());
        }
    }

    /** A verified prekey of a bundle. */
    public record BundlePrekey(int kind, long id, long expiry, PublicKey key) {
    }

    /**
     * Parses and verifies a bundle against its owner's public identity.
     *
     * @return the signed prekey first, then the unexpired one-time prekeys
     */
    public static List<BundlePrekey> verifyBundle(Engines engines, byte[] bundle, PublicIdentity owner, Instant now) {
        return verifyBundle(engines, bundle, owner, fingerprint(owner), now);
    }

    private static List<BundlePrekey> verifyBundle(Engines engines, byte[] bundle, PublicIdentity owner, byte[] ownerFp,
            Instant now) {
        Suite suite = engines.suite();
        Wire.Reader r = new Wire.Reader(bundle, "prekey bundle");
        r.magic(Wire.TYPE_BUNDLE);
        String s = r.string(64);
        if (!s.equalsIgnoreCase(suite.name()) || !owner.suite().name().equalsIgnoreCase(suite.name())) {
            throw new SessionRefusedException(Reason.SUITE_MISMATCH, "the bundle is of suite " + s + ", this identity's is " + suite.name());
        }
        byte[] fp = r.fixed(32);
        if (!MessageDigest.isEqual(fp, ownerFp)) {
            throw new SessionRefusedException(Reason.WRONG_IDENTITY, "the bundle belongs to another identity than " + owner.name());
        }
        int count = r.u8();
        if (count < 1 || count > PrekeyStore.MAX_ONE_TIME + 1) {
            throw Wire.malformed("prekey bundle: " + count + " prekeys (1.." + (PrekeyStore.MAX_ONE_TIME + 1) + ")");
        }
        List<BundlePrekey> out = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            int kind = r.u8();
            if (kind != (i == 0 ? PrekeyStore.KIND_SIGNED : PrekeyStore.KIND_ONE_TIME)) {
                throw Wire.malformed("prekey bundle: record " + i + " has kind " + kind);
            }
            long id = r.u32();
            long expiry = r.u64();
            byte[] pk = r.vecExact(suite.kem().publicKeySize(), "a prekey");
            byte[] sig = r.vec(MAX_SIGNATURE);
            try {
                engines.signature().verify(owner.signature(), prekeyTbs(suite, fp, kind, id, expiry, pk), sig, NO_CONTEXT);
            } catch (InvalidSignatureException e) {
                throw new InvalidSignatureException("prekey " + id + " of the bundle is not signed by " + owner.name()
                        + "'s identity key; refusing the bundle");
            }
            boolean expired = expiry < now.getEpochSecond();
            if (expired && kind == PrekeyStore.KIND_SIGNED) {
                throw new SessionRefusedException(Reason.PREKEY_EXPIRED, "the bundle's signed prekey expired at "
                        + Instant.ofEpochSecond(expiry) + "; fetch a fresh bundle");
            }
            if (!expired) {
                out.add(new BundlePrekey(kind, id, expiry, PublicKey.of(suite.kem(), pk)));
            }
        }
        r.end();
        return out;
    }

    /** The initiator's new session and its first message. */
    public record Initiated(SessionCore session, byte[] message, BundlePrekey prekey) {
    }

    public static Initiated initiate(Engines engines, Counters counters, Limits limits, Identity me, PublicIdentity peer,
            byte[] bundle, byte[] payload, Instant now) {
        if (!me.suite().name().equalsIgnoreCase(peer.suite().name())) {
            throw new SessionRefusedException(Reason.SUITE_MISMATCH, "both identities must be of one suite: " + me.suite().name()
                    + " and " + peer.suite().name());
        }
        if (payload.length > MAX_PAYLOAD) {
            throw new dev.qsafe.api.InvalidInputException("a first message holds at most " + MAX_PAYLOAD + " bytes");
        }
        byte[] fpB = fingerprint(peer);
        List<BundlePrekey> prekeys = verifyBundle(engines, bundle, peer, fpB, now);
        BundlePrekey chosen = prekeys.size() > 1 ? prekeys.get(1) : prekeys.get(0);
        Suite suite = engines.suite();
        Hpke.Sender ctx = engines.hpke().setupBaseSender(chosen.key(), info(suite, fpB, chosen.kind(), chosen.id()));
        try {
            // Every part is sized before it is written, so each is allocated once (docs/BENCHMARKS.md,
            // "Setup's allocations, cut"); the bytes are those of docs/SESSION.md, "The first message".
            byte[] header = firstHeader(Wire.utf8(suite.name()), fpB, chosen.kind(), chosen.id(), ctx.enc());
            KeyPair ratchet = engines.kem().generateKeyPair();
            byte[] ek = ratchet.publicKey().encoded();
            byte[] th = transcriptHash(header, fingerprint(me), ek);
            byte[] root = ctx.export(exportContext(ROOT_LABEL, th), engines.nh());
            byte[] sid = ctx.export(exportContext(SID_LABEL, th), 16);
            byte[] sig = engines.signature().sign(me.signature().privateKey(), signedInit(th, sid), NO_CONTEXT);
            PublicIdentity mine = me.publicIdentity();
            byte[] inner = firstInner(Wire.utf8(mine.name()), mine.kem().encoded(), mine.signature().encoded(), ek, sig, payload);
            // header || HPKE Seal(aad = header, inner), sealed straight into the message
            byte[] msg = new byte[header.length + inner.length + suite.aead().tagSize()];
            System.arraycopy(header, 0, msg, 0, header.length);
            int sealed = ctx.sealInto(header, inner, 0, inner.length, msg, header.length);
            if (header.length + sealed != msg.length) {
                throw new IllegalStateException("HPKE sealed " + sealed + " bytes of a " + inner.length + "-byte first message");
            }
            SessionCore s = SessionCore.fromSetup(engines, counters, limits, true, sid, peer, root, ratchet, null);
            Arrays.fill(root, (byte) 0);
            counters.initiated();
            return new Initiated(s, msg, chosen);
        } finally {
            ctx.destroy();
        }
    }

    /** The first message's header: magic, v(suite), the responder's fingerprint, prekey kind and id, v(enc). */
    static byte[] firstHeader(byte[] suiteName, byte[] fpB, int kind, long id, byte[] enc) {
        return new Wire.Writer(4 + Wire.vecSize(suiteName.length) + fpB.length + 1 + 4 + Wire.vecSize(enc.length))
                .magic(Wire.TYPE_INIT).vec(suiteName).raw(fpB).u8(kind).u32(id).vec(enc).toByteArray();
    }

    /**
     * The first message's plaintext, {@code v(identity) || v(ek) || v(sig) || v(payload)} with
     * {@code identity = v(name) || v(KEM key) || v(signature key)} (as {@link #writeIdentity}), in one
     * array sized up front.
     */
    static byte[] firstInner(byte[] name, byte[] idKem, byte[] idSig, byte[] ek, byte[] sig, byte[] payload) {
        int identity = Wire.vecSize(name.length) + Wire.vecSize(idKem.length) + Wire.vecSize(idSig.length);
        return new Wire.Writer(Wire.vecSize(identity) + Wire.vecSize(ek.length) + Wire.vecSize(sig.length) + Wire.vecSize(payload.length))
                .vecLength(identity).vec(name).vec(idKem).vec(idSig).vec(ek).vec(sig).vec(payload).toByteArray();
    }

    /** The responder's new session and the first message's payload. */
    public record Accepted(SessionCore session, byte[] payload) {
    }

    public static Accepted accept(Engines engines, Counters counters, Limits limits, PrekeyStore store, byte[] message,
            Predicate<PublicIdentity> trusted, Instant now) {
        try {
            return doAccept(engines, counters, limits, store, message, trusted, now);
        } catch (SessionRefusedException e) {
            counters.refused(e.reason().name());
            throw e;
        } catch (DecryptionFailedException e) {
            counters.refused("DECRYPTION_FAILED");
            throw e;
        } catch (InvalidSignatureException e) {
            counters.refused("BAD_SIGNATURE");
            throw e;
        }
    }

    private static Accepted doAccept(Engines engines, Counters counters, Limits limits, PrekeyStore store, byte[] message,
            Predicate<PublicIdentity> trusted, Instant now) {
        Suite suite = engines.suite();
        Wire.Reader r = new Wire.Reader(message, "first message");
        r.magic(Wire.TYPE_INIT);
        String s = r.string(64);
        if (!s.equalsIgnoreCase(suite.name())) {
            throw new SessionRefusedException(Reason.SUITE_MISMATCH, "the first message is of suite " + s + ", this identity's is " + suite.name());
        }
        byte[] fpB = r.fixed(32);
        if (!MessageDigest.isEqual(fpB, fingerprint(store.me))) {
            throw new SessionRefusedException(Reason.WRONG_IDENTITY, "the first message is for another identity");
        }
        int kind = r.u8();
        long id = r.u32();
        byte[] enc = r.vecExact(suite.kem().ciphertextSize(), "enc");
        int headerLength = r.position();
        byte[] header = Arrays.copyOf(message, headerLength);
        PrekeyStore.Prekey prekey = store.find(kind, id, now);
        Hpke.Recipient ctx = engines.hpke().setupBaseRecipient(prekey.keys().privateKey(), enc, info(suite, fpB, kind, id));
        try {
            // opened from where it lies in the message; shorter than a tag is refused by the AEAD as before
            int sealed = message.length - headerLength;
            byte[] inner = new byte[Math.max(0, sealed - suite.aead().tagSize())];
            ctx.openInto(header, message, headerLength, sealed, inner, 0);
            Wire.Reader in = new Wire.Reader(inner, "first message");
            Wire.Reader idr = in.vecReader(4 * MAX_SIGNATURE, "initiator identity");
            PublicIdentity initiator = readIdentity(idr, suite);
            idr.end();
            byte[] ek = in.vecExact(suite.kem().publicKeySize(), "the initiator's ratchet key");
            byte[] sig = in.vec(MAX_SIGNATURE);
            byte[] payload = in.vec(MAX_PAYLOAD);
            in.end();
            byte[] th = transcriptHash(header, fingerprint(initiator), ek);
            byte[] sid = ctx.export(exportContext(SID_LABEL, th), 16);
            try {
                engines.signature().verify(initiator.signature(), signedInit(th, sid), sig, NO_CONTEXT);
            } catch (InvalidSignatureException e) {
                throw new InvalidSignatureException("the first message is not signed by the identity it names; refusing it");
            }
            if (trusted != null && !trusted.test(initiator)) {
                throw new SessionRefusedException(Reason.UNTRUSTED_PEER, "the initiator's identity " + initiator.name()
                        + " (fingerprint " + initiator.fingerprint() + ") is not trusted");
            }
            store.checkReplay(prekey, sid);
            byte[] root = ctx.export(exportContext(ROOT_LABEL, th), engines.nh());
            SessionCore session = SessionCore.fromSetup(engines, counters, limits, false, sid, initiator, root, null,
                    PublicKey.of(suite.kem(), ek));
            Arrays.fill(root, (byte) 0);
            store.commit(prekey, sid);
            counters.accepted();
            return new Accepted(session, payload);
        } finally {
            ctx.destroy();
        }
    }

    static byte[] info(Suite suite, byte[] fpB, int kind, long id) {
        byte[] name = Wire.utf8(suite.name());
        return new Wire.Writer(Wire.vecSize(INIT_LABEL.length) + Wire.vecSize(name.length) + fpB.length + 1 + 4)
                .vec(INIT_LABEL).vec(name).raw(fpB).u8(kind).u32(id).toByteArray();
    }

    static byte[] exportContext(byte[] label, byte[] th) {
        return new Wire.Writer(Wire.vecSize(label.length) + th.length).vec(label).raw(th).toByteArray();
    }

    static byte[] signedInit(byte[] th, byte[] sid) {
        return new Wire.Writer(Wire.vecSize(INIT_LABEL.length) + th.length + sid.length).vec(INIT_LABEL).raw(th).raw(sid).toByteArray();
    }

    /** SHA-256(header || fpA || v(ek)), fed part by part (no array of the concatenation). */
    static byte[] transcriptHash(byte[] header, byte[] fpA, byte[] ek) {
        try {
            MessageDigest md = MessageDigest.getInstance("SHA-256");
            md.update(header);
            md.update(fpA);
            md.update(Wire.vecPrefix(ek.length));
            md.update(ek);
            return md.digest();
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is required by every Java platform", e);
        }
    }
}
