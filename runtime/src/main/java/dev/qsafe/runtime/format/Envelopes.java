package dev.qsafe.runtime.format;

import dev.qsafe.api.Algorithm;
import dev.qsafe.api.CryptoMode;
import dev.qsafe.api.DecryptionFailedException;
import dev.qsafe.api.InvalidInputException;
import dev.qsafe.api.InvalidKeyException;
import dev.qsafe.api.InvalidSignatureException;
import dev.qsafe.api.KeyPair;
import dev.qsafe.api.PublicKey;
import dev.qsafe.api.spi.KemSpi;
import dev.qsafe.api.spi.SignatureSpi;
import dev.qsafe.runtime.config.QSafeConfig;
import dev.qsafe.runtime.envelope.EnvelopeHeader;
import dev.qsafe.runtime.hpke.Hpke;
import dev.qsafe.runtime.internal.BufferPool;
import dev.qsafe.runtime.internal.OperationMeters;
import dev.qsafe.runtime.internal.RuntimeCaches;
import dev.qsafe.runtime.internal.SignatureVerification;
import dev.qsafe.runtime.keys.Identity;
import dev.qsafe.runtime.keys.PublicIdentity;
import dev.qsafe.runtime.ops.QSafeMetrics.Operation;
import dev.qsafe.runtime.registry.CryptoRegistry;
import dev.qsafe.runtime.suite.ModeRules;
import dev.qsafe.runtime.suite.Policy;
import dev.qsafe.runtime.suite.Suite;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.UnaryOperator;

/**
 * The data path of one facade: seals, opens, signs and verifies with the envelope and detached-signature
 * formats ({@link EnvelopeFormat}, {@link SignatureFormat}), holding what every message needs once: the
 * registry, the policy, the size limit, the buffer pool, the caches (as a KEM wrapper for decapsulation
 * and a {@link SignatureVerification} strategy, so neither HPKE nor the formats know a cache) and the
 * metrics meters.
 *
 * <p>What a message's algorithms decide is resolved once per combination and kept: the policy verdict
 * (only an allowed combination is kept; a refused one is checked, and refused, again each time, with
 * its message), the {@link Hpke} suite over the selected engines, the signature engine and the metric
 * label. The configuration, policy and registry of a facade never change, so nothing kept goes stale.
 * Thread-safe.
 */
public final class Envelopes {
    private static final byte[] NO_CONTEXT = SignatureVerification.NO_CONTEXT;

    private final CryptoRegistry registry;
    private final QSafeConfig config;
    private final Policy policy;
    private final long maxMessageBytes;
    private final BufferPool pool;
    /** Wraps the registry's KEM so decapsulations go through the secret cache; {@code null} when that cache is off. */
    private final UnaryOperator<KemSpi> decapsulation;
    private final SignatureVerification verification;
    private final OperationMeters meters;
    private final Map<HpkeSuite, Suites> suites = new ConcurrentHashMap<>();
    private final Map<SealKey, Sealing> sealings = new ConcurrentHashMap<>();
    private final Map<Algorithm, Signer> signers = new ConcurrentHashMap<>();
    private final Map<MeterKey, OperationMeters.Meter> meterLabels = new ConcurrentHashMap<>();

    /**
     * The data path of a facade.
     *
     * @param caches the facade's caches, or {@code null} when caches are off (then every decapsulation and
     *               verification is done)
     */
    public Envelopes(CryptoRegistry registry, QSafeConfig config, RuntimeCaches caches, BufferPool pool,
                     OperationMeters meters) {
        this.registry = Objects.requireNonNull(registry, "registry");
        this.config = Objects.requireNonNull(config, "config");
        this.policy = config.policy();
        this.maxMessageBytes = config.maxMessageBytes();
        this.pool = Objects.requireNonNull(pool, "pool");
        this.meters = Objects.requireNonNull(meters, "meters");
        this.decapsulation = caches == null || !caches.hpkeSecretsEnabled() ? null : caches::decapsulationCache;
        this.verification = caches == null ? SignatureVerification.DIRECT : caches.signatureVerification();
    }

    // ---- envelopes ----

    /**
     * Seals {@code message} for {@code recipient}, signed by {@code sender}: with the recipient's KEM and
     * the configured suite of its mode when that suite uses the same KEM, otherwise the recipient's suite.
     *
     * @throws dev.qsafe.api.PolicyViolationException if the policy does not allow the algorithms
     * @throws InvalidInputException                   if the message is larger than the configured maximum
     */
    public byte[] seal(byte[] message, PublicIdentity recipient, Identity sender) {
        Objects.requireNonNull(message, "message");
        CryptoMode mode = recipient.suite().mode();
        PublicKey recipientKem = recipient.kem();
        Suite configured = config.suite(mode);
        Suite suite = configured.kem().equals(recipientKem.algorithm()) ? configured : recipient.suite();
        KeyPair signer = sender.signature();
        Sealing s = sealing(mode, recipientKem.algorithm(), suite.kdf(), suite.aead(), signer.algorithm());
        long t0 = System.nanoTime();
        boolean ok = false;
        try {
            if (!s.allowed) {
                policy.check("suite " + suite.name(), List.of(s.key.kem, s.key.kdf, s.key.aead, s.key.signature));
                // a mode means its algorithms (ModeRules), whatever the policy allows
                ModeRules.checkMessage("a message to " + mode + " identity '" + recipient.name() + "' signed with "
                        + s.key.signature + " (suite " + suite.name() + ")", mode, s.key.kem, s.key.signature,
                        s.key.aead, s.key.kdf);
                s.allowed = true;
            }
            if (message.length > maxMessageBytes) {
                throw new InvalidInputException("message is " + message.length + " bytes, more than the maximum of "
                        + maxMessageBytes + " (raise maxMessageBytes in the configuration)");
            }
            byte[] out = seal(s.suites.hpke(), s.signer, message, recipientKem, signer);
            ok = true;
            return out;
        } finally {
            s.meter.record(System.nanoTime() - t0, ok);
        }
    }

    private byte[] seal(Hpke hpke, Signer signer, byte[] message, PublicKey recipientKem, KeyPair sender) {
        Hpke.Sender s = hpke.setupBaseSender(recipientKem, EnvelopeFormat.LABEL);
        try {
            byte[] header = EnvelopeFormat.header(hpke.kem(), hpke.kdf(), hpke.aead(), recipientKem.id(), s.enc());
            byte[] signature;
            try (BufferPool.Lease tbs = EnvelopeFormat.toBeSigned(pool, header, signer.name, sender.publicKey().id(), message)) {
                signature = signer.engine().sign(sender.privateKey(), tbs.array(), NO_CONTEXT);
            }
            int innerLength = EnvelopeFormat.innerLength(signer.name.length, signature.length, message.length);
            int ctLength = innerLength + hpke.aead().tagSize();
            // The envelope is allocated once at its final size; the AEAD writes the ciphertext straight into it.
            byte[] envelope = new byte[header.length + 4 + ctLength];
            System.arraycopy(header, 0, envelope, 0, header.length);
            int at = header.length;
            envelope[at] = (byte) (ctLength >>> 24);
            envelope[at + 1] = (byte) (ctLength >>> 16);
            envelope[at + 2] = (byte) (ctLength >>> 8);
            envelope[at + 3] = (byte) ctLength;
            try (BufferPool.Lease innerLease = pool.acquire(innerLength)) {
                byte[] inner = innerLease.array();
                EnvelopeFormat.writeInner(inner, signer.name, sender.publicKey().id(), signature, message);
                s.sealInto(header, inner, 0, innerLength, envelope, header.length + 4); // the lease zeroes inner
            }
            return envelope;
        } finally {
            s.destroy();
        }
    }

    /**
     * Opens an envelope sealed to {@code recipient} and checks it was signed by {@code sender}.
     *
     * @throws DecryptionFailedException               uniformly, for any cryptographic failure (wrong key,
     *                                                 modified bytes, signature by someone else)
     * @throws dev.qsafe.api.PolicyViolationException if the envelope's suite is not allowed
     * @throws InvalidKeyException                     if it was sealed to another key, or the recipient's key was destroyed
     * @throws InvalidInputException                   if the bytes are not a well-formed envelope
     */
    public byte[] open(byte[] envelope, Identity recipient, PublicIdentity sender) {
        KeyPair own = recipient.kem();
        PublicKey expectedSender = sender.signature();
        OperationMeters.Meter meter = meter(Operation.OPEN, recipient.suite().mode(), own.algorithm(), expectedSender.algorithm());
        long t0 = System.nanoTime();
        boolean ok = false;
        try {
            byte[] out = open(envelope, own, expectedSender, recipient.suite().mode());
            ok = true;
            return out;
        } finally {
            meter.record(System.nanoTime() - t0, ok);
        }
    }

    private byte[] open(byte[] envelope, KeyPair recipient, PublicKey expectedSender, CryptoMode mode) {
        EnvelopeFormat.Parsed p = EnvelopeFormat.parse(envelope, maxMessageBytes);
        Suites suite = suites(p.kem(), p.kdf(), p.aead());
        if (!suite.allowed) {
            policy.check("envelope suite " + p.kem() + "/" + p.kdf() + "/" + p.aead(), List.of(p.kem(), p.kdf(), p.aead()));
            suite.allowed = true;
        }
        if (!recipient.publicKey().id().matches(envelope, EnvelopeFormat.KEY_ID_OFFSET) || !p.kem().equals(recipient.algorithm())) {
            throw new InvalidKeyException("the envelope was sealed to key " + p.recipient(envelope) + " (" + p.kem()
                    + "), not to this identity's key " + recipient.publicKey().keyId() + " (" + recipient.algorithm() + ")");
        }
        // The mode's rules hold for what arrives too (the sender chose the AEAD and KDF); checked after the
        // key-id test, so that an envelope sealed to another key keeps saying so.
        if (ModeRules.violation(mode, p.kem(), expectedSender.algorithm(), p.aead(), p.kdf()).isPresent()) {
            ModeRules.checkMessage("envelope " + p.kem() + "/" + p.kdf() + "/" + p.aead() + " from a "
                    + expectedSender.algorithm() + " sender", mode, p.kem(), expectedSender.algorithm(), p.aead(), p.kdf());
        }
        if (recipient.privateKey().isDestroyed()) {
            // The caller's own state, not something an attacker controls: say so instead of "decryption failed".
            throw new InvalidKeyException("this identity's " + recipient.algorithm() + " private key has been destroyed"
                    + " and cannot open envelopes");
        }
        byte[] header = Arrays.copyOfRange(envelope, 0, p.headerLength());
        int encOffset = EnvelopeFormat.encOffset();
        byte[] enc = Arrays.copyOfRange(envelope, encOffset, encOffset + p.encLength());
        Hpke hpke = suite.hpke();
        int ctLength = envelope.length - p.ctOffset();
        int tag = p.aead().tagSize();
        if (ctLength < tag) {
            throw new DecryptionFailedException();
        }
        int innerLength = ctLength - tag;
        // The AEAD reads the ciphertext where it lies in the envelope and decrypts into a scratch buffer
        // of the pool, zeroed when it goes back; only the message itself is copied out to the caller.
        try (BufferPool.Lease innerLease = pool.acquire(innerLength)) {
            byte[] inner = innerLease.array();
            try {
                Hpke.Recipient r = hpke.setupBaseRecipient(recipient.privateKey(), enc, EnvelopeFormat.LABEL);
                try {
                    r.openInto(header, envelope, p.ctOffset(), ctLength, inner, 0);
                } finally {
                    r.destroy();
                }
            } catch (DecryptionFailedException e) {
                throw e;
            } catch (InvalidInputException | InvalidKeyException e) {
                throw new DecryptionFailedException(); // e.g. an encapsulation the KEM rejects: same as any other failure
            }
            return verifyInner(header, inner, innerLength, expectedSender);
        }
    }

    /** Checks the inner record names {@code expectedSender}, verifies its signature, and copies the message out. */
    private byte[] verifyInner(byte[] header, byte[] inner, int innerLength, PublicKey expectedSender) {
        EnvelopeFormat.Inner in = EnvelopeFormat.Inner.parse(inner, innerLength);
        Algorithm sigAlg = expectedSender.algorithm();
        Signer signer = signer(sigAlg);
        if (!in.names(inner, signer.name, expectedSender.id())) {
            throw new DecryptionFailedException(); // signed by someone other than the expected sender
        }
        signer.check(policy, "sender signature ");
        byte[] signature = Arrays.copyOfRange(inner, in.signatureOffset(), in.signatureOffset() + in.signatureLength());
        try (BufferPool.Lease tbs = EnvelopeFormat.toBeSigned(pool, header, inner, in.signerEnd(), in.messageOffset(), innerLength)) {
            verification.verify(signer.engine(), expectedSender, tbs.array(), signature);
        } catch (InvalidSignatureException | InvalidKeyException | InvalidInputException e) {
            throw new DecryptionFailedException();
        }
        return Arrays.copyOfRange(inner, in.messageOffset(), innerLength); // released only once verified
    }

    /**
     * The header of an envelope (no key needed; nothing is authenticated until it is opened).
     *
     * @throws InvalidInputException                     if the bytes are not a well-formed envelope
     * @throws dev.qsafe.api.UnsupportedAlgorithmException if an algorithm id is unknown
     */
    public EnvelopeHeader inspect(byte[] envelope) {
        return EnvelopeFormat.parse(envelope, maxMessageBytes).toHeader(envelope);
    }

    // ---- detached signatures ----

    /** A detached signature of {@code message} by {@code signer}. */
    public byte[] sign(byte[] message, Identity signer) {
        KeyPair key = signer.signature();
        Algorithm alg = key.algorithm();
        OperationMeters.Meter meter = meter(Operation.SIGN, signer.suite().mode(), alg, null);
        long t0 = System.nanoTime();
        boolean ok = false;
        try {
            Signer s = signer(alg);
            s.check(policy, "signature ");
            byte[] sig = s.engine().sign(key.privateKey(), SignatureFormat.toBeSigned(s.name, key.publicKey().id(), message),
                    NO_CONTEXT);
            byte[] out = SignatureFormat.write(s.name, key.publicKey().id(), sig);
            ok = true;
            return out;
        } finally {
            meter.record(System.nanoTime() - t0, ok);
        }
    }

    /**
     * Verifies a detached signature.
     *
     * @throws InvalidInputException     if the bytes are not a well-formed qsafe signature
     * @throws InvalidSignatureException if it is not {@code signer}'s signature of {@code message}
     */
    public void verify(byte[] message, byte[] signature, PublicIdentity signer) {
        PublicKey key = signer.signature();
        Algorithm alg = key.algorithm();
        OperationMeters.Meter meter = meter(Operation.VERIFY, signer.suite().mode(), alg, null);
        long t0 = System.nanoTime();
        boolean ok = false;
        try {
            SignatureFormat.Parsed p = SignatureFormat.parse(signature);
            Signer s = signer(alg);
            if (!p.names(s.name, key.id())) {
                throw new InvalidSignatureException("the signature was made with key " + p.keyIdHex()
                        + ", not with the signer's key " + key.keyId() + " (" + alg + ")");
            }
            s.check(policy, "signature ");
            verification.verify(s.engine(), key, SignatureFormat.toBeSigned(p, message), p.signature());
            ok = true;
        } finally {
            meter.record(System.nanoTime() - t0, ok);
        }
    }

    // ---- what is resolved once per combination ----

    private Sealing sealing(CryptoMode mode, Algorithm kem, Algorithm kdf, Algorithm aead, Algorithm signature) {
        SealKey key = new SealKey(mode, kem, kdf, aead, signature);
        Sealing s = sealings.get(key);
        return s != null ? s : sealings.computeIfAbsent(key, k -> new Sealing(k, suites(kem, kdf, aead), signer(signature),
                meters.meter(Operation.SEAL, mode, kem + "/" + kdf + "/" + aead + "+" + signature)));
    }

    private Suites suites(Algorithm kem, Algorithm kdf, Algorithm aead) {
        HpkeSuite key = new HpkeSuite(kem, kdf, aead);
        Suites s = suites.get(key);
        return s != null ? s : suites.computeIfAbsent(key, Suites::new);
    }

    private Signer signer(Algorithm algorithm) {
        Signer s = signers.get(algorithm);
        return s != null ? s : signers.computeIfAbsent(algorithm, Signer::new);
    }

    /** The meter of an operation; its label is {@code a} or {@code a+b}, made once. */
    private OperationMeters.Meter meter(Operation op, CryptoMode mode, Algorithm a, Algorithm b) {
        MeterKey key = new MeterKey(op, mode, a, b);
        OperationMeters.Meter m = meterLabels.get(key);
        return m != null ? m : meterLabels.computeIfAbsent(key,
                k -> meters.meter(op, mode, b == null ? a.name() : a + "+" + b));
    }

    private record HpkeSuite(Algorithm kem, Algorithm kdf, Algorithm aead) {
    }

    private record SealKey(CryptoMode mode, Algorithm kem, Algorithm kdf, Algorithm aead, Algorithm signature) {
    }

    private record MeterKey(Operation op, CryptoMode mode, Algorithm a, Algorithm b) {
    }

    /** One HPKE suite: whether the policy allows it (once allowed, always), and HPKE over the selected engines. */
    private final class Suites {
        private final HpkeSuite key;
        volatile boolean allowed;
        private volatile Hpke hpke;

        Suites(HpkeSuite key) {
            this.key = key;
        }

        /** Built on first use (a race builds two equal ones); a missing engine throws and nothing is kept. */
        Hpke hpke() {
            Hpke h = hpke;
            if (h == null) {
                h = Hpke.of(registry, key.kem, key.kdf, key.aead); // checks the suite, then finds the engines
                if (decapsulation != null) {
                    // The same suite with the KEM seen through the decapsulation cache: HPKE gets an engine, never a cache.
                    h = Hpke.of(decapsulation.apply(registry.kem(key.kem)), registry.kdf(key.kdf), registry.aead(key.aead));
                }
                hpke = h;
            }
            return h;
        }
    }

    /** A signature algorithm: its ASCII name as the formats carry it, the policy verdict, the engine. */
    private final class Signer {
        private final Algorithm algorithm;
        final byte[] name;
        private volatile boolean allowed;
        private volatile SignatureSpi engine;

        Signer(Algorithm algorithm) {
            this.algorithm = algorithm;
            this.name = algorithm.name().getBytes(StandardCharsets.US_ASCII);
        }

        /** The policy check of the algorithm, naming it as {@code what + algorithm} if it is refused. */
        void check(Policy policy, String what) {
            if (!allowed) {
                policy.check(what + algorithm, List.of(algorithm));
                allowed = true;
            }
        }

        SignatureSpi engine() {
            SignatureSpi e = engine;
            if (e == null) {
                e = registry.signature(algorithm);
                engine = e;
            }
            return e;
        }
    }

    /** What a seal of one combination needs. */
    private static final class Sealing {
        final SealKey key;
        final Suites suites;
        final Signer signer;
        final OperationMeters.Meter meter;
        volatile boolean allowed;

        Sealing(SealKey key, Suites suites, Signer signer, OperationMeters.Meter meter) {
            this.key = key;
            this.suites = suites;
            this.signer = signer;
            this.meter = meter;
        }
    }
}
