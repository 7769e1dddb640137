package dev.qsafe.runtime.format;

import dev.qsafe.api.Algorithm;
import dev.qsafe.api.CryptoMode;
import dev.qsafe.api.DecryptionFailedException;
import dev.qsafe.api.InvalidInputException;
import dev.qsafe.api.InvalidKeyException;
import dev.qsafe.api.KeyId;
import dev.qsafe.api.KeyPair;
import dev.qsafe.api.PolicyViolationException;
import dev.qsafe.api.PublicKey;
import dev.qsafe.api.SecretBytes;
import dev.qsafe.runtime.config.QSafeConfig;
import dev.qsafe.runtime.hpke.Hpke;
import dev.qsafe.runtime.keys.Identity;
import dev.qsafe.runtime.keys.KeyInfo;
import dev.qsafe.runtime.keys.PublicIdentity;
import dev.qsafe.runtime.registry.CryptoRegistry;
import dev.qsafe.runtime.suite.ModeRules;
import dev.qsafe.runtime.suite.Policy;
import dev.qsafe.runtime.suite.Suite;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * The cryptography of envelope version 3 (several recipients; docs/FORMAT.md): one random content key
 * wrapped by one HPKE single-shot seal per recipient, the payload streamed once with version 2's chunks
 * and trailer under a key derived from the content key and the whole header. Uses its {@link Envelopes}'
 * resolved suites, signers and chunk loops. Thread-safe.
 */
final class MultiEnvelopes {
    private static final SecureRandom RANDOM = new SecureRandom();

    private final Envelopes envelopes;
    private final CryptoRegistry registry;
    private final QSafeConfig config;
    private final Policy policy;

    MultiEnvelopes(Envelopes envelopes, CryptoRegistry registry, QSafeConfig config) {
        this.envelopes = envelopes;
        this.registry = registry;
        this.config = config;
        this.policy = config.policy();
    }

    /** The suite {@link Envelopes#seal} uses for one recipient: the configured suite of its mode if it has its KEM. */
    private Suite suiteFor(PublicIdentity recipient) {
        Suite configured = config.suite(recipient.suite().mode());
        return configured.kem().equals(recipient.kem().algorithm()) ? configured : recipient.suite();
    }

    private static int rank(CryptoMode mode) {
        return switch (mode) {
            case PQC -> 2;
            case HYBRID -> 1;
            case CLASSICAL -> 0;
        };
    }

    /** Seals {@code in} to every recipient as a version 3 envelope written to {@code out}; returns the payload length. */
    long seal(InputStream in, OutputStream out, List<PublicIdentity> recipients, Identity sender, int chunkSize,
              boolean hideKeyIds) throws IOException {
        Objects.requireNonNull(in, "in");
        Objects.requireNonNull(out, "out");
        Objects.requireNonNull(recipients, "recipients");
        int chunkLog2 = StreamFormat.chunkLog2(chunkSize);
        if (recipients.isEmpty() || recipients.size() > MultiFormat.MAX_RECIPIENTS) {
            throw new InvalidInputException("an envelope has 1 to " + MultiFormat.MAX_RECIPIENTS + " recipients, not "
                    + recipients.size());
        }
        Set<KeyId> seen = new HashSet<>();
        PublicIdentity strictest = null;
        for (PublicIdentity r : recipients) {
            Objects.requireNonNull(r, "recipient");
            if (!seen.add(r.kem().id())) {
                throw new InvalidInputException("recipient '" + r.name() + "' (key " + r.kemKeyId() + ") is listed twice");
            }
            refuseByProfile(r, recipients.size());
            if (strictest == null || rank(r.suite().mode()) > rank(strictest.suite().mode())) {
                strictest = r;
            }
        }
        Suite shared = suiteFor(strictest);
        Algorithm kdf = shared.kdf();
        Algorithm aead = shared.aead();
        KeyPair signerKey = sender.signature();
        Algorithm sig = signerKey.algorithm();
        Set<Algorithm> algorithms = new LinkedHashSet<>();
        for (PublicIdentity r : recipients) {
            algorithms.add(r.kem().algorithm());
        }
        algorithms.add(kdf);
        algorithms.add(aead);
        algorithms.add(sig);
        policy.check("multi-recipient envelope " + algorithms, List.copyOf(algorithms));
        for (PublicIdentity r : recipients) {
            CryptoMode mode = r.suite().mode();
            Algorithm kem = r.kem().algorithm();
            ModeRules.checkMessage("a message to " + mode + " identity '" + r.name() + "' (one of " + recipients.size()
                    + " recipients: " + kem + "/" + kdf + "/" + aead + ") signed with " + sig, mode, kem, sig, aead, kdf);
        }
        Envelopes.Signer signer = envelopes.signer(sig);
        signer.check(policy, "sender signature ");

        byte[] fixed = MultiFormat.fixedHeader(kdf, aead, chunkLog2, !hideKeyIds, recipients.size());
        byte[] dek = new byte[MultiFormat.DEK];
        byte[] header;
        try {
            RANDOM.nextBytes(dek);
            List<MultiFormat.Entry> entries = new ArrayList<>(recipients.size());
            for (int i = 0; i < recipients.size(); i++) {
                PublicKey pk = recipients.get(i).kem();
                KeyId id = hideKeyIds ? null : pk.id();
                Hpke hpke = envelopes.suites(pk.algorithm(), kdf, aead).hpke();
                Hpke.Sender ctx = hpke.setupBaseSender(pk, MultiFormat.LABEL);
                try {
                    byte[] wrapped = ctx.seal(MultiFormat.wrapAad(fixed, i, pk.algorithm(), id), dek);
                    entries.add(new MultiFormat.Entry(pk.algorithm(), id, ctx.enc(), wrapped));
                } finally {
                    ctx.destroy();
                }
            }
            header = MultiFormat.header(fixed, entries);
            Envelopes.StreamKey k = streamKey(dek, header, kdf, aead);
            return envelopes.sealChunks(in, out, header, MultiFormat.LABEL, k, chunkLog2, signer, signerKey);
        } finally {
            java.util.Arrays.fill(dek, (byte) 0);
        }
    }

    /**
     * Refuses, before any suite is chosen or key wrapped, a recipient whose KEM the active policy profile does
     * not admit, naming the recipient and the rule: otherwise the recipient that decides the shared suite could
     * make another rule (e.g. the KDF's) fail first, or the refusal would come from the engine look-up without
     * saying which recipient it concerns.
     */
    private void refuseByProfile(PublicIdentity r, int count) {
        Algorithm kem = r.kem().algorithm();
        if (registry.refusal(kem).isEmpty()) {
            return;
        }
        try {
            registry.config().profile().orElseThrow().check(kem);
        } catch (PolicyViolationException e) {
            PolicyViolationException named = new PolicyViolationException("recipient '" + r.name() + "' (" + r.suite().mode()
                    + ", key " + r.kemKeyId() + ", one of " + count + " recipients): " + e.getMessage());
            named.initCause(e);
            throw named;
        }
    }

    /** {@code key | nonce_prefix = HKDF(salt = "", dek, "qsafe envelope v3 stream" 0x00 | header, Nk + 7)}. */
    private Envelopes.StreamKey streamKey(byte[] dek, byte[] header, Algorithm kdf, Algorithm aead) {
        int nk = aead.keySize();
        byte[] secret = registry.kdf(kdf).derive(new byte[0], dek, MultiFormat.streamInfo(header), nk + StreamFormat.NONCE_PREFIX);
        try {
            return new Envelopes.StreamKey(registry.aead(aead), SecretBytes.wrap(java.util.Arrays.copyOf(secret, nk)),
                    java.util.Arrays.copyOfRange(secret, nk, nk + StreamFormat.NONCE));
        } finally {
            java.util.Arrays.fill(secret, (byte) 0);
        }
    }

    /**
     * Opens a version 3 envelope whose header was read: finds the recipient's entry (by key id, or by
     * trial decapsulation when ids are hidden), unwraps the content key, then the chunks as version 2.
     */
    long open(MultiFormat.Parsed p, InputStream in, OutputStream out, Identity recipient, PublicKey expectedSender)
            throws IOException {
        Envelopes.StreamKey k = streamKey(p, recipient, expectedSender);
        return envelopes.openChunks(p.header(), p.chunkSize(), MultiFormat.LABEL, k, in, out, expectedSender, null);
    }

    /**
     * The checks before any chunk (the policy on the header's KDF/AEAD and every entry's KEM), the
     * recipient's own entry (by key id, or by trial decapsulation when ids are hidden) and its content key,
     * then the stream key of the whole header: what {@link #open} and random access ({@link Envelopes#openChunk})
     * both start with. The caller destroys the key.
     *
     * @throws InvalidKeyException       key ids present and none is the recipient's (or its key was destroyed)
     * @throws DecryptionFailedException the recipient's entry does not open, or with hidden ids no entry does
     */
    Envelopes.StreamKey streamKey(MultiFormat.Parsed p, Identity recipient, PublicKey expectedSender) {
        CryptoMode mode = recipient.suite().mode();
        Set<Algorithm> kems = new LinkedHashSet<>();
        for (MultiFormat.Entry e : p.entries()) {
            kems.add(e.kem());
        }
        for (Algorithm kem : kems) {
            Envelopes.Suites s = envelopes.suites(kem, p.kdf(), p.aead());
            if (!s.allowed) {
                policy.check("envelope suite " + kem + "/" + p.kdf() + "/" + p.aead(), List.of(kem, p.kdf(), p.aead()));
                s.allowed = true;
            }
        }
        byte[] fixed = p.fixedHeader();
        byte[] dek = p.keyIds() ? unwrapById(p, fixed, recipient, expectedSender, mode)
                : unwrapByTrial(p, fixed, recipient, expectedSender, mode);
        try {
            return streamKey(dek, p.header(), p.kdf(), p.aead());
        } finally {
            java.util.Arrays.fill(dek, (byte) 0);
        }
    }

    private byte[] unwrapById(MultiFormat.Parsed p, byte[] fixed, Identity recipient, PublicKey expectedSender, CryptoMode mode) {
        Set<KeyId> own = new HashSet<>();
        for (KeyInfo k : recipient.keys()) {
            own.add(k.publicKey().id());
        }
        List<MultiFormat.Entry> entries = p.entries();
        for (int i = 0; i < entries.size(); i++) {
            MultiFormat.Entry e = entries.get(i);
            if (own.contains(e.keyId())) {
                KeyPair key = recipient.kemFor(e.keyId()); // a retired or destroyed key says so (KeyStatusException)
                admit(key, e, p, expectedSender, mode);
                byte[] dek = unwrap(key, e, i, fixed, p);
                if (dek == null) {
                    throw new DecryptionFailedException();
                }
                return dek;
            }
        }
        List<String> ids = entries.stream().limit(5).map(e -> String.valueOf(e.keyId())).toList();
        throw new InvalidKeyException("identity '" + recipient.name() + "' is not among the envelope's " + entries.size()
                + " recipients (key ids " + String.join(", ", ids) + (entries.size() > 5 ? ", ..." : "")
                + "); this identity's keys: " + recipient.keys().stream().map(KeyInfo::keyId).toList());
    }

    private byte[] unwrapByTrial(MultiFormat.Parsed p, byte[] fixed, Identity recipient, PublicKey expectedSender,
                                 CryptoMode mode) {
        List<MultiFormat.Entry> entries = p.entries();
        boolean anyKem = false;
        for (KeyInfo info : recipient.keys()) {
            if (!info.status().opens()) {
                continue;
            }
            KeyPair key = recipient.kemFor(info.publicKey().id());
            for (int i = 0; i < entries.size(); i++) {
                MultiFormat.Entry e = entries.get(i);
                if (!e.kem().equals(key.algorithm())) {
                    continue;
                }
                if (!anyKem) {
                    admit(key, e, p, expectedSender, mode);
                    anyKem = true;
                }
                byte[] dek = unwrap(key, e, i, fixed, p);
                if (dek != null) {
                    return dek;
                }
            }
        }
        throw new DecryptionFailedException(); // not a recipient, or a modified entry: the two cannot be told apart
    }

    /** The mode rules of the recipient on what it receives, and a destroyed private key, before any decryption. */
    private static void admit(KeyPair key, MultiFormat.Entry e, MultiFormat.Parsed p, PublicKey expectedSender, CryptoMode mode) {
        if (!e.kem().equals(key.algorithm())) {
            throw new InvalidKeyException("the envelope's entry for key " + e.keyId() + " uses " + e.kem()
                    + ", but this identity's key of that id is " + key.algorithm());
        }
        if (ModeRules.violation(mode, e.kem(), expectedSender.algorithm(), p.aead(), p.kdf()).isPresent()) {
            ModeRules.checkMessage("envelope " + e.kem() + "/" + p.kdf() + "/" + p.aead() + " from a "
                    + expectedSender.algorithm() + " sender", mode, e.kem(), expectedSender.algorithm(), p.aead(), p.kdf());
        }
        if (key.privateKey().isDestroyed()) {
            throw new InvalidKeyException("this identity's " + key.algorithm() + " private key has been destroyed"
                    + " and cannot open envelopes");
        }
    }

    /** HPKE single-shot open of entry {@code i}'s wrapped key; {@code null} if it does not authenticate. */
    private byte[] unwrap(KeyPair key, MultiFormat.Entry e, int i, byte[] fixed, MultiFormat.Parsed p) {
        Hpke hpke = envelopes.suites(e.kem(), p.kdf(), p.aead()).hpke();
        try {
            Hpke.Recipient ctx = hpke.setupBaseRecipient(key.privateKey(), e.enc(), MultiFormat.LABEL);
            try {
                byte[] dek = ctx.open(MultiFormat.wrapAad(fixed, i, e.kem(), e.keyId()), e.wrapped());
                if (dek.length != MultiFormat.DEK) {
                    java.util.Arrays.fill(dek, (byte) 0);
                    return null;
                }
                return dek;
            } finally {
                ctx.destroy();
            }
        } catch (DecryptionFailedException | InvalidInputException | InvalidKeyException ex) {
            return null;
        }
    }
}
