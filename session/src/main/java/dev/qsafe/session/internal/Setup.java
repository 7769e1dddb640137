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

    static byte[] prekeyTbs(Suite suite, byte[] ownerFp, int kind, long id, long expiry, byte[] pk) {
        return new Wire.Writer(64 + pk.length).vec("qsafe/1 prekey").vec(suite.name()).raw(ownerFp).u8(kind).u32(id).u64(expiry)
                .vec(pk).toByteArray();
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
                engines.signature().verify(owner.signature(), prekeyTbs(suite, fp, kind, id, expiry, pk), sig, new byte[0]);
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
            byte[] header = new Wire.Writer(128 + suite.kem().ciphertextSize()).magic(Wire.TYPE_INIT).vec(suite.name()).raw(fpB)
                    .u8(chosen.kind()).u32(chosen.id()).vec(ctx.enc()).toByteArray();
            KeyPair ratchet = engines.kem().generateKeyPair();
            byte[] ek = ratchet.publicKey().encoded();
            byte[] th = transcriptHash(header, fingerprint(me), ek);
            byte[] root = ctx.export(exportContext("qsafe/1 root", th), engines.nh());
            byte[] sid = ctx.export(exportContext("qsafe/1 sid", th), 16);
            byte[] sig = engines.signature().sign(me.signature().privateKey(), signedInit(th, sid), new byte[0]);
            Wire.Writer inner = new Wire.Writer(256 + ek.length + sig.length + payload.length);
            Wire.Writer idw = new Wire.Writer();
            writeIdentity(idw, me.publicIdentity());
            inner.vec(idw.toByteArray()).vec(ek).vec(sig).vec(payload);
            byte[] body = ctx.seal(header, inner.toByteArray());
            byte[] msg = Arrays.copyOf(header, header.length + body.length);
            System.arraycopy(body, 0, msg, header.length, body.length);
            SessionCore s = SessionCore.fromSetup(engines, counters, limits, true, sid, peer, root, ratchet, null);
            Arrays.fill(root, (byte) 0);
            counters.initiated();
            return new Initiated(s, msg, chosen);
        } finally {
            ctx.destroy();
        }
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
            byte[] inner = ctx.open(header, Arrays.copyOfRange(message, headerLength, message.length));
            Wire.Reader in = new Wire.Reader(inner, "first message");
            Wire.Reader idr = new Wire.Reader(in.vec(4 * MAX_SIGNATURE), "initiator identity");
            PublicIdentity initiator = readIdentity(idr, suite);
            idr.end();
            byte[] ek = in.vecExact(suite.kem().publicKeySize(), "the initiator's ratchet key");
            byte[] sig = in.vec(MAX_SIGNATURE);
            byte[] payload = in.vec(MAX_PAYLOAD);
            in.end();
            byte[] th = transcriptHash(header, fingerprint(initiator), ek);
            byte[] sid = ctx.export(exportContext("qsafe/1 sid", th), 16);
            try {
                engines.signature().verify(initiator.signature(), signedInit(th, sid), sig, new byte[0]);
            } catch (InvalidSignatureException e) {
                throw new InvalidSignatureException("the first message is not signed by the identity it names; refusing it");
            }
            if (trusted != null && !trusted.test(initiator)) {
                throw new SessionRefusedException(Reason.UNTRUSTED_PEER, "the initiator's identity " + initiator.name()
                        + " (fingerprint " + initiator.fingerprint() + ") is not trusted");
            }
            store.checkReplay(prekey, sid);
            byte[] root = ctx.export(exportContext("qsafe/1 root", th), engines.nh());
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
        return new Wire.Writer(96).vec("qsafe/1 init").vec(suite.name()).raw(fpB).u8(kind).u32(id).toByteArray();
    }

    static byte[] exportContext(String label, byte[] th) {
        return new Wire.Writer(64).vec(label).raw(th).toByteArray();
    }

    static byte[] signedInit(byte[] th, byte[] sid) {
        return new Wire.Writer(64).vec("qsafe/1 init").raw(th).raw(sid).toByteArray();
    }

    static byte[] transcriptHash(byte[] header, byte[] fpA, byte[] ek) {
        try {
            MessageDigest md = MessageDigest.getInstance("SHA-256");
            md.update(header);
            md.update(fpA);
            md.update(new Wire.Writer(8 + ek.length).vec(ek).toByteArray());
            return md.digest();
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is required by every Java platform", e);
        }
    }
}
