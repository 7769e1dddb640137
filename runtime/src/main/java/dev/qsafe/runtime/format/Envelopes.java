package dev.qsafe.runtime.format;

import dev.qsafe.api.Algorithm;
import dev.qsafe.api.CryptoMode;
import dev.qsafe.api.DecryptionFailedException;
import dev.qsafe.api.InvalidInputException;
import dev.qsafe.api.InvalidKeyException;
import dev.qsafe.api.InvalidSignatureException;
import dev.qsafe.api.KeyPair;
import dev.qsafe.api.PublicKey;
import dev.qsafe.api.SecretBytes;
import dev.qsafe.api.spi.AeadSpi;
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
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;
import java.util.function.Supplier;
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
    private static final byte[] EMPTY = {};
    /** The first size of a streaming opener's buffers; they grow to a chunk as data arrives. */
    private static final int INITIAL_BUFFER = 64 * 1024;

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
    private final MultiEnvelopes multi;

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
        this.multi = new MultiEnvelopes(this, registry, config);
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
            checkSealing(s, suite, mode, recipient);
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
     * @throws InvalidKeyException                     if it was sealed to another key, or the recipient's key was destroyed;
     *                                                 a {@link dev.qsafe.runtime.keys.KeyStatusException} if it was sealed
     *                                                 to a retired or destroyed key of the recipient's keyset
     * @throws InvalidInputException                   if the bytes are not a well-formed envelope
     */
    public byte[] open(byte[] envelope, Identity recipient, PublicIdentity sender) {
        return openKeepingProof(envelope, recipient, sender, null);
    }

    /**
     * {@link #open(byte[], Identity, PublicIdentity)} that also hands the verified sender signature, with the
     * header and signer it covers, to {@code proof} (when not null) before the message is returned: what a
     * re-wrapped envelope keeps (docs/FORMAT.md, "Re-wrapped envelopes").
     */
    public byte[] openKeepingProof(byte[] envelope, Identity recipient, PublicIdentity sender, Consumer<KeptProof> proof) {
        if (isVersion(envelope, MultiFormat.VERSION)) {
            if (proof != null) {
                throw new InvalidInputException("re-wrapping keeps the proof of version 1 and 2 envelopes only; this one has"
                        + " several recipients (version 3)");
            }
            return openMulti(envelope, recipient, sender);
        }
        KeyPair own = recipient.kemFor(recipientKeyId(envelope));
        PublicKey expectedSender = sender.signature();
        OperationMeters.Meter meter = meter(Operation.OPEN, recipient.suite().mode(), own.algorithm(), expectedSender.algorithm());
        long t0 = System.nanoTime();
        boolean ok = false;
        try {
            byte[] out = open(envelope, own, expectedSender, recipient.suite().mode(), proof);
            ok = true;
            return out;
        } finally {
            meter.record(System.nanoTime() - t0, ok);
        }
    }

    private byte[] open(byte[] envelope, KeyPair recipient, PublicKey expectedSender, CryptoMode mode,
                        Consumer<KeptProof> proof) {
        if (isVersion2(envelope)) {
            return openVersion2(envelope, recipient, expectedSender, mode, proof);
        }
        EnvelopeFormat.Parsed p = EnvelopeFormat.parse(envelope, maxMessageBytes);
        Suites suite = suites(p.kem(), p.kdf(), p.aead());
        admit(suite, p.kem(), p.kdf(), p.aead(), envelope, () -> p.recipient(envelope), recipient, expectedSender, mode);
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
            return verifyInner(header, inner, innerLength, expectedSender, proof);
        }
    }

    /**
     * The recipient key id an envelope (of either version: both keep it at {@link EnvelopeFormat#KEY_ID_OFFSET})
     * names, so that an identity's keyset can pick the key; null when the bytes are too short (the parser
     * then reports them).
     */
    private static dev.qsafe.api.KeyId recipientKeyId(byte[] envelope) {
        if (envelope == null || envelope.length < EnvelopeFormat.KEY_ID_OFFSET + dev.qsafe.api.KeyId.LENGTH) {
            return null;
        }
        return dev.qsafe.api.KeyId.of(envelope, EnvelopeFormat.KEY_ID_OFFSET, dev.qsafe.api.KeyId.LENGTH);
    }

    /** Checks the inner record names {@code expectedSender}, verifies its signature, and copies the message out. */
    private byte[] verifyInner(byte[] header, byte[] inner, int innerLength, PublicKey expectedSender,
                               Consumer<KeptProof> proof) {
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
        if (proof != null) {
            proof.accept(new KeptProof(EnvelopeFormat.VERSION, header, signer.name.clone(), expectedSender.id(), signature));
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
        return header(envelope, maxMessageBytes);
    }

    /**
     * {@link #inspect}, without a registry: the header names its algorithms by id, and parsing it uses
     * no engine. A third party's algorithm id resolves only once its provider was discovered.
     */
    public static EnvelopeHeader header(byte[] envelope, long maxMessageBytes) {
        if (isVersion(envelope, MultiFormat.VERSION)) {
            MultiFormat.Parsed p = multiHeader(envelope, new ByteArrayInputStream(envelope));
            List<EnvelopeHeader.Recipient> recipients = p.entries().stream().map(e -> new EnvelopeHeader.Recipient(e.kem(),
                    java.util.Optional.ofNullable(e.keyId()).map(Object::toString), e.enc().length)).toList();
            MultiFormat.Entry first = p.entries().get(0);
            return new EnvelopeHeader(MultiFormat.VERSION, first.kem(), p.kdf(), p.aead(),
                    first.keyId() == null ? "" : first.keyId().toString(), first.enc().length,
                    (int) Math.min(Integer.MAX_VALUE, envelope.length - p.header().length), recipients);
        }
        if (isVersion2(envelope)) {
            StreamFormat.Parsed p = StreamFormat.parse(envelope);
            return new EnvelopeHeader(StreamFormat.VERSION, p.kem(), p.kdf(), p.aead(), p.recipient().toString(), p.encLength(),
                    (int) Math.min(Integer.MAX_VALUE, envelope.length - p.header().length));
        }
        return EnvelopeFormat.parse(envelope, maxMessageBytes).toHeader(envelope);
    }

    // ---- streaming envelopes (version 2) ----

    /** Whether {@code envelope} starts with the magic bytes and version 2. */
    private static boolean isVersion2(byte[] envelope) {
        return isVersion(envelope, StreamFormat.VERSION);
    }

    /**
     * Whether {@code start} (an envelope, or at least its first 5 bytes) starts with the magic bytes and
     * version 3: several recipients. Never a re-wrapped envelope (docs/FORMAT.md, "Re-wrapped envelopes").
     */
    public static boolean isSeveralRecipients(byte[] start) {
        return isVersion(start, MultiFormat.VERSION);
    }

    /** Whether {@code envelope} starts with the magic bytes and {@code version}. */
    private static boolean isVersion(byte[] envelope, int version) {
        if (envelope.length <= EnvelopeFormat.MAGIC.length || envelope[EnvelopeFormat.MAGIC.length] != version) {
            return false;
        }
        return MessageDigest.isEqual(Arrays.copyOf(envelope, EnvelopeFormat.MAGIC.length), EnvelopeFormat.MAGIC);
    }

    /**
     * Seals everything {@code in} delivers, in chunks of {@code chunkSize} bytes, as a version 2 envelope
     * written to {@code out} (docs/FORMAT.md, "Envelope v2"): one pass, constant memory. The algorithms,
     * policy and mode rules are those of {@link #seal}. Returns the number of payload bytes.
     *
     * @throws InvalidInputException if the chunk size is not a power of two from 256 B to 16 MiB, or the
     *                               input needs more than 2^32 chunks
     * @throws IOException           if reading {@code in} or writing {@code out} fails (the output is then incomplete)
     */
    public long sealStream(InputStream in, OutputStream out, PublicIdentity recipient, Identity sender, int chunkSize)
            throws IOException {
        Objects.requireNonNull(in, "in");
        Objects.requireNonNull(out, "out");
        int chunkLog2 = StreamFormat.chunkLog2(chunkSize);
        CryptoMode mode = recipient.suite().mode();
        PublicKey recipientKem = recipient.kem();
        Suite configured = config.suite(mode);
        Suite suite = configured.kem().equals(recipientKem.algorithm()) ? configured : recipient.suite();
        KeyPair signerKey = sender.signature();
        Sealing s = sealing(mode, recipientKem.algorithm(), suite.kdf(), suite.aead(), signerKey.algorithm());
        checkSealing(s, suite, mode, recipient);
        Hpke hpke = s.suites.hpke();
        AeadSpi aead = registry.aead(hpke.aead());
        int nk = hpke.aead().keySize();
        byte[] header;
        byte[] secret;
        Hpke.Sender ctx = hpke.setupBaseSender(recipientKem, StreamFormat.LABEL);
        try {
            header = StreamFormat.header(hpke.kem(), hpke.kdf(), hpke.aead(), recipientKem.id(), chunkLog2, ctx.enc());
            secret = ctx.export(StreamFormat.exporterContext(header), nk + StreamFormat.NONCE_PREFIX);
        } finally {
            ctx.destroy();
        }
        SecretBytes key = SecretBytes.wrap(Arrays.copyOf(secret, nk));
        byte[] nonce = Arrays.copyOfRange(secret, nk, nk + StreamFormat.NONCE);
        Arrays.fill(secret, (byte) 0);
        return sealChunks(in, out, header, StreamFormat.LABEL, new StreamKey(aead, key, nonce), chunkLog2, s.signer, signerKey);
    }

    /**
     * Writes {@code header}, then everything {@code in} delivers as STREAM chunks under {@code k} with the
     * signed trailer (version 2's, and version 3's with its own header and label); destroys {@code k}.
     */
    long sealChunks(InputStream in, OutputStream out, byte[] header, byte[] label, StreamKey k, int chunkLog2, Signer signer,
                    KeyPair signerKey) throws IOException {
        AeadSpi aead = k.aead();
        SecretBytes key = k.key();
        byte[] nonce = k.nonce();
        int c = 1 << chunkLog2;
        byte[] chunk = new byte[c];
        byte[] sealed = new byte[c + StreamFormat.TAG];
        byte[] tail = null;
        try {
            out.write(header);
            MessageDigest hash = sha512();
            long index = 0;
            long payload = 0;
            int partial;
            while (true) {
                int n = in.readNBytes(chunk, 0, c);
                if (n < c) {
                    partial = n;
                    break;
                }
                hash.update(chunk, 0, c);
                payload += c;
                sealChunk(aead, key, nonce, index++, false, chunk, 0, c, sealed, out); // a trailer always follows
            }
            hash.update(chunk, 0, partial);
            payload += partial;
            byte[] tbs = StreamFormat.toBeSigned(label, header, signer.name, signerKey.publicKey().id(), payload, hash.digest());
            byte[] signature = signer.engine().sign(signerKey.privateKey(), tbs, NO_CONTEXT);
            byte[] trailer = StreamFormat.trailer(signer.name, signerKey.publicKey().id(), signature);
            tail = new byte[partial + trailer.length];
            System.arraycopy(chunk, 0, tail, 0, partial);
            System.arraycopy(trailer, 0, tail, partial, trailer.length);
            int at = 0;
            while (tail.length - at > c) {
                sealChunk(aead, key, nonce, index++, false, tail, at, c, sealed, out);
                at += c;
            }
            sealChunk(aead, key, nonce, index, true, tail, at, tail.length - at, sealed, out);
            out.flush();
            meters.streamSealed(index + 1, payload + trailer.length);
            return payload;
        } finally {
            key.destroy();
            Arrays.fill(chunk, (byte) 0);
            Arrays.fill(nonce, (byte) 0);
            if (tail != null) {
                Arrays.fill(tail, (byte) 0);
            }
        }
    }

    private static void sealChunk(AeadSpi aead, SecretBytes key, byte[] nonce, long index, boolean last, byte[] in, int offset,
                                  int length, byte[] sealed, OutputStream out) throws IOException {
        if (index >= StreamFormat.MAX_CHUNKS) {
            throw new InvalidInputException("the message needs more than 2^32 chunks; seal it with a larger chunk size");
        }
        StreamFormat.nonce(nonce, index, last);
        int n = aead.sealInto(key, nonce, EMPTY, in, offset, length, sealed, 0);
        out.write(sealed, 0, n);
    }

    /**
     * Opens an envelope read from {@code in} (version 2, streamed in constant memory; or version 1, read
     * whole within the configured maximum) and writes the message to {@code out}; returns its length.
     *
     * <p><b>What is written before this returns</b> (docs/FORMAT.md, "Opening, and what it releases"):
     * every byte written was decrypted from a chunk that authenticated under this recipient's HPKE key,
     * in order, but the sender's signature is verified only at the end (the last, at most 65 622 bytes
     * are written after it verified). If this method throws, <b>discard everything written to
     * {@code out}</b>: it may come from anyone who has the recipient's public key, or be a prefix of the message.
     *
     * @throws DecryptionFailedException uniformly, for a modified, truncated, extended or reordered
     *                                   stream, a wrong key or a signature by someone other than {@code sender}
     * @throws InvalidKeyException       if it was sealed to another key, or the recipient's key was destroyed
     * @throws InvalidInputException     if the header is not a well-formed envelope header
     * @throws IOException               if reading or writing fails
     */
    public long openStream(InputStream in, OutputStream out, Identity recipient, PublicIdentity sender) throws IOException {
        return openStreamKeepingProof(in, out, recipient, sender, null);
    }

    /**
     * {@link #openStream} that also hands the verified sender signature, with the header and signer it
     * covers, to {@code proof} (when not null) before the last bytes of the message are written.
     */
    public long openStreamKeepingProof(InputStream in, OutputStream out, Identity recipient, PublicIdentity sender,
                                       Consumer<KeptProof> proof) throws IOException {
        Objects.requireNonNull(in, "in");
        Objects.requireNonNull(out, "out");
        PublicKey expectedSender = sender.signature();
        CryptoMode mode = recipient.suite().mode();
        byte[] start = in.readNBytes(EnvelopeFormat.MAGIC.length + 1);
        if (start.length < EnvelopeFormat.MAGIC.length + 1
                || !MessageDigest.isEqual(Arrays.copyOf(start, EnvelopeFormat.MAGIC.length), EnvelopeFormat.MAGIC)) {
            throw new InvalidInputException(start.length < EnvelopeFormat.MAGIC.length + 1
                    ? "not a qsafe envelope: " + start.length + " bytes (truncated?)" : "not a qsafe envelope (wrong magic bytes)");
        }
        if (start[EnvelopeFormat.MAGIC.length] == MultiFormat.VERSION) {
            if (proof != null) {
                throw new InvalidInputException("re-wrapping keeps the proof of version 1 and 2 envelopes only; this one has"
                        + " several recipients (version 3)");
            }
            return openMulti(MultiFormat.readHeader(start, in), in, out, recipient, sender);
        }
        if (start[EnvelopeFormat.MAGIC.length] != StreamFormat.VERSION) {
            // Version 1 (or an unknown version, which EnvelopeFormat names): the whole envelope, bounded.
            long bound = maxMessageBytes + 128 * 1024L + 16 * 1024L;
            byte[] rest = in.readNBytes((int) Math.min(Integer.MAX_VALUE - 16, bound));
            if (rest.length >= bound) {
                throw new InvalidInputException("envelope is more than a message of maxMessageBytes " + maxMessageBytes
                        + " can produce");
            }
            byte[] envelope = new byte[start.length + rest.length];
            System.arraycopy(start, 0, envelope, 0, start.length);
            System.arraycopy(rest, 0, envelope, start.length, rest.length);
            byte[] message = openKeepingProof(envelope, recipient, sender, proof);
            try {
                out.write(message);
                out.flush();
                return message.length;
            } finally {
                Arrays.fill(message, (byte) 0);
            }
        }
        StreamFormat.Parsed p = StreamFormat.readHeader(start, in);
        return openVersion2(p, in, out, recipient.kemFor(p.recipient()), expectedSender, mode, proof);
    }

    // ---- several recipients (version 3) ----

    /**
     * Seals everything {@code in} delivers to every one of {@code recipients} as a version 3 envelope
     * (docs/FORMAT.md, "Sealed envelope, version 3"): one content key wrapped by one HPKE encapsulation per
     * recipient, the payload streamed once in chunks of {@code chunkSize} bytes. Returns the payload length.
     *
     * @param hideKeyIds leave the recipients' key ids out of the header (openers then try their keys on
     *                   every entry of their KEM)
     * @throws InvalidInputException                   if there are no or more than 1000 recipients, one is
     *                                                 listed twice, or the chunk size is not a power of two from 256 B to 16 MiB
     * @throws dev.qsafe.api.PolicyViolationException if the policy or a recipient's mode refuses the algorithms
     */
    public long sealStream(InputStream in, OutputStream out, List<PublicIdentity> recipients, Identity sender, int chunkSize,
                           boolean hideKeyIds) throws IOException {
        CryptoMode mode = recipients == null || recipients.isEmpty() ? sender.suite().mode() : recipients.get(0).suite().mode();
        OperationMeters.Meter meter = meter(Operation.SEAL, mode, sender.signature().algorithm(), null);
        long t0 = System.nanoTime();
        boolean ok = false;
        try {
            long n = multi.seal(in, out, recipients, sender, chunkSize, hideKeyIds);
            ok = true;
            return n;
        } finally {
            meter.record(System.nanoTime() - t0, ok);
        }
    }

    /**
     * {@link #sealStream(InputStream, OutputStream, List, Identity, int, boolean)} of a message in memory
     * (within the configured maximum), key ids visible.
     */
    public byte[] seal(byte[] message, List<PublicIdentity> recipients, Identity sender, int chunkSize, boolean hideKeyIds) {
        Objects.requireNonNull(message, "message");
        if (message.length > maxMessageBytes) {
            throw new InvalidInputException("message is " + message.length + " bytes, more than the maximum of "
                    + maxMessageBytes + " (raise maxMessageBytes in the configuration)");
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream(message.length + 1024);
        try {
            sealStream(new ByteArrayInputStream(message), out, recipients, sender, chunkSize, hideKeyIds);
        } catch (IOException e) {
            throw new UncheckedIOException(e); // memory streams do not fail
        }
        return out.toByteArray();
    }

    private byte[] openMulti(byte[] envelope, Identity recipient, PublicIdentity sender) {
        ExposedBuffer out = new ExposedBuffer(envelope.length);
        try {
            ByteArrayInputStream in = new ByteArrayInputStream(envelope);
            openMulti(multiHeader(envelope, in), in, out, recipient, sender);
            return out.toByteArray();
        } catch (IOException e) {
            throw new UncheckedIOException(e); // memory streams do not fail
        } finally {
            out.wipe();
        }
    }

    /** The version 3 header of {@code envelope}, read from {@code in} (over the same bytes), which is left after it. */
    private static MultiFormat.Parsed multiHeader(byte[] envelope, ByteArrayInputStream in) {
        try {
            in.skipNBytes(EnvelopeFormat.MAGIC.length + 1);
            return MultiFormat.readHeader(Arrays.copyOf(envelope, EnvelopeFormat.MAGIC.length + 1), in);
        } catch (IOException e) {
            throw new UncheckedIOException(e); // memory streams do not fail
        }
    }

    private long openMulti(MultiFormat.Parsed p, InputStream in, OutputStream out, Identity recipient, PublicIdentity sender)
            throws IOException {
        PublicKey expectedSender = sender.signature();
        OperationMeters.Meter meter = meter(Operation.OPEN, recipient.suite().mode(), recipient.kem().algorithm(),
                expectedSender.algorithm());
        long t0 = System.nanoTime();
        boolean ok = false;
        try {
            long n = multi.open(p, in, out, recipient, expectedSender);
            ok = true;
            return n;
        } finally {
            meter.record(System.nanoTime() - t0, ok);
        }
    }

    /** A version 2 envelope held in memory, opened into memory. */
    private byte[] openVersion2(byte[] envelope, KeyPair recipient, PublicKey expectedSender, CryptoMode mode,
                                Consumer<KeptProof> proof) {
        StreamFormat.Parsed p = StreamFormat.parse(envelope);
        ExposedBuffer out = new ExposedBuffer(envelope.length);
        try {
            ByteArrayInputStream in = new ByteArrayInputStream(envelope, p.header().length, envelope.length - p.header().length);
            openVersion2(p, in, out, recipient, expectedSender, mode, proof);
            return out.toByteArray();
        } catch (IOException e) {
            throw new UncheckedIOException(e); // memory streams do not fail
        } finally {
            out.wipe();
        }
    }

    private long openVersion2(StreamFormat.Parsed p, InputStream in, OutputStream out, KeyPair recipient, PublicKey expectedSender,
                              CryptoMode mode, Consumer<KeptProof> proof) throws IOException {
        StreamKey k;
        try {
            k = streamKey(p, recipient, expectedSender, mode);
        } catch (DecryptionFailedException e) {
            meters.streamOpened(0, 0, OperationMeters.StreamRefusal.TAMPERED); // an encapsulation the KEM rejects
            throw e;
        }
        return openChunks(p.header(), p.chunkSize(), StreamFormat.LABEL, k, in, out, expectedSender, proof);
    }

    /**
     * Opens the STREAM chunks that follow {@code header} under {@code k}, verifies the trailer's signature
     * by {@code expectedSender} over {@code label} and the header, writes the message; destroys {@code k}.
     * A version 2 open hands its verified signature to {@code proof} (when not null).
     */
    long openChunks(byte[] header, int chunkSize, byte[] label, StreamKey k, InputStream in, OutputStream out,
                    PublicKey expectedSender, Consumer<KeptProof> proof) throws IOException {
        AeadSpi aead = k.aead;
        SecretBytes key = k.key;
        byte[] nonce = k.nonce;
        int c = chunkSize;
        // Buffers start small and grow to a chunk as data arrives, so a header that claims 16 MiB chunks
        // costs memory only when that much data follows.
        byte[] sealed = new byte[Math.min(c + StreamFormat.TAG, INITIAL_BUFFER)];
        // Decrypted bytes of P not yet released: at most MAX_TRAILER held back, plus one chunk.
        byte[] held = new byte[Math.min(StreamFormat.MAX_TRAILER + c, 2 * INITIAL_BUFFER)];
        long chunks = 0;
        long bytes = 0;
        OperationMeters.StreamRefusal refusal = OperationMeters.StreamRefusal.TAMPERED;
        try {
            MessageDigest hash = sha512();
            int heldLength = 0;
            long released = 0;
            long index = 0;
            int lookahead = -1;
            while (true) {
                int n = 0;
                if (lookahead >= 0) {
                    sealed[0] = (byte) lookahead;
                    n = 1;
                }
                while (true) {
                    n += in.readNBytes(sealed, n, sealed.length - n);
                    if (n < sealed.length || sealed.length == c + StreamFormat.TAG) {
                        break;
                    }
                    sealed = Arrays.copyOf(sealed, Math.min(c + StreamFormat.TAG, sealed.length * 2));
                }
                boolean last;
                if (n < c + StreamFormat.TAG) {
                    last = true;
                } else {
                    lookahead = in.read();
                    last = lookahead < 0;
                }
                if (n <= StreamFormat.TAG || index >= StreamFormat.MAX_CHUNKS) {
                    refusal = n <= StreamFormat.TAG ? OperationMeters.StreamRefusal.TRUNCATED : refusal;
                    throw new DecryptionFailedException(); // the stream ends early (or never ends)
                }
                if (held.length - heldLength < n - StreamFormat.TAG) {
                    byte[] larger = Arrays.copyOf(held, Math.min(StreamFormat.MAX_TRAILER + c,
                            Math.max(heldLength + n - StreamFormat.TAG, 2 * held.length)));
                    Arrays.fill(held, (byte) 0);
                    held = larger;
                }
                StreamFormat.nonce(nonce, index, last);
                // Authenticated before a byte of it is released; on failure the engine zeroes what it wrote.
                int opened;
                try {
                    opened = aead.openInto(key, nonce, EMPTY, sealed, 0, n, held, heldLength);
                } catch (DecryptionFailedException e) {
                    refusal = whyChunkFails(aead, key, nonce, sealed, n, index, last);
                    throw e;
                }
                index++;
                chunks++;
                bytes += opened;
                heldLength += opened;
                if (last) {
                    break;
                }
                if (heldLength > StreamFormat.MAX_TRAILER) {
                    int release = heldLength - StreamFormat.MAX_TRAILER;
                    hash.update(held, 0, release);
                    out.write(held, 0, release);
                    released += release;
                    System.arraycopy(held, release, held, 0, StreamFormat.MAX_TRAILER);
                    heldLength = StreamFormat.MAX_TRAILER;
                }
            }
            int trailer = StreamFormat.trailerStart(held, heldLength);
            refusal = OperationMeters.StreamRefusal.SIGNATURE;
            Signer signer = signer(expectedSender.algorithm());
            if (!StreamFormat.names(held, trailer, signer.name, expectedSender.id())) {
                throw new DecryptionFailedException(); // signed by someone other than the expected sender
            }
            signer.check(policy, "sender signature ");
            hash.update(held, 0, trailer);
            long payload = released + trailer;
            byte[] tbs = StreamFormat.toBeSigned(label, header, signer.name, expectedSender.id(), payload, hash.digest());
            byte[] signature = StreamFormat.signature(held, trailer);
            try {
                verification.verify(signer.engine(), expectedSender, tbs, signature);
            } catch (InvalidSignatureException | InvalidKeyException | InvalidInputException e) {
                throw new DecryptionFailedException();
            }
            if (proof != null) {
                proof.accept(new KeptProof(StreamFormat.VERSION, header.clone(), signer.name.clone(), expectedSender.id(),
                        signature));
            }
            out.write(held, 0, trailer); // the last part, only once the signature verified
            out.flush();
            meters.streamOpened(chunks, bytes, null);
            return payload;
        } catch (DecryptionFailedException e) {
            meters.streamOpened(chunks, bytes, refusal);
            throw e;
        } finally {
            k.destroy();
            Arrays.fill(held, (byte) 0);
        }
    }

    /** How far around a failing chunk's index {@link #whyChunkFails} looks for the place it belongs. */
    private static final int REORDER_WINDOW = 8;

    /**
     * Why chunk {@code index} (sealed in {@code sealed[0, n)}) does not open, for the refusal metric only:
     * it opens as the other kind of chunk (last or not) at the same index: the stream was truncated at a
     * chunk boundary (it is not the last) or extended (it is); it opens at a nearby index: reordered;
     * otherwise tampered. Runs only after a failure (at most {@code 2 * (2 * REORDER_WINDOW + 1)} attempts on
     * one chunk), into a scratch buffer that is wiped; the caller's error stays the same whatever this says.
     */
    private static OperationMeters.StreamRefusal whyChunkFails(AeadSpi aead, SecretBytes key, byte[] nonce, byte[] sealed, int n,
                                                              long index, boolean last) {
        byte[] scratch = new byte[n - StreamFormat.TAG];
        try {
            if (opensAs(aead, key, nonce, sealed, n, index, !last, scratch)) {
                return last ? OperationMeters.StreamRefusal.TRUNCATED : OperationMeters.StreamRefusal.TAMPERED;
            }
            for (long i = Math.max(0, index - REORDER_WINDOW); i <= Math.min(StreamFormat.MAX_CHUNKS - 1, index + REORDER_WINDOW); i++) {
                if (i != index && (opensAs(aead, key, nonce, sealed, n, i, false, scratch)
                        || opensAs(aead, key, nonce, sealed, n, i, true, scratch))) {
                    return OperationMeters.StreamRefusal.REORDERED;
                }
            }
            return OperationMeters.StreamRefusal.TAMPERED;
        } finally {
            Arrays.fill(scratch, (byte) 0);
        }
    }

    private static boolean opensAs(AeadSpi aead, SecretBytes key, byte[] nonce, byte[] sealed, int n, long index, boolean last,
                                   byte[] scratch) {
        StreamFormat.nonce(nonce, index, last);
        try {
            aead.openInto(key, nonce, EMPTY, sealed, 0, n, scratch, 0);
            return true;
        } catch (DecryptionFailedException e) {
            return false;
        }
    }

    /**
     * The checks every open makes before any decryption, version 1 and 2 alike and in this order: the
     * policy on the envelope's suite, the recipient key id and KEM (an envelope sealed to another key says
     * so), the mode's rules on what arrives (the sender chose the AEAD and KDF; after the key-id test, so
     * that an envelope sealed to another key keeps saying so), and a destroyed private key (the caller's
     * own state, not something an attacker controls: said instead of "decryption failed").
     *
     * @param header   the bytes holding the recipient key id at {@link EnvelopeFormat#KEY_ID_OFFSET}
     * @param sealedTo the envelope's recipient key id as text, for the error only
     */
    void admit(Suites suite, Algorithm kem, Algorithm kdf, Algorithm aead, byte[] header,
                       Supplier<?> sealedTo, KeyPair recipient, PublicKey expectedSender,
                       CryptoMode mode) {
        if (!suite.allowed) {
            policy.check("envelope suite " + kem + "/" + kdf + "/" + aead, List.of(kem, kdf, aead));
            suite.allowed = true;
        }
        if (!recipient.publicKey().id().matches(header, EnvelopeFormat.KEY_ID_OFFSET) || !kem.equals(recipient.algorithm())) {
            throw new InvalidKeyException("the envelope was sealed to key " + sealedTo.get() + " (" + kem
                    + "), not to this identity's key " + recipient.publicKey().keyId() + " (" + recipient.algorithm() + ")");
        }
        if (ModeRules.violation(mode, kem, expectedSender.algorithm(), aead, kdf).isPresent()) {
            ModeRules.checkMessage("envelope " + kem + "/" + kdf + "/" + aead + " from a " + expectedSender.algorithm()
                    + " sender", mode, kem, expectedSender.algorithm(), aead, kdf);
        }
        if (recipient.privateKey().isDestroyed()) {
            throw new InvalidKeyException("this identity's " + recipient.algorithm() + " private key has been destroyed"
                    + " and cannot open envelopes");
        }
    }

    /** The stream key, nonce (prefix in place) and AEAD of a version 2 envelope. */
    record StreamKey(AeadSpi aead, SecretBytes key, byte[] nonce) {
        void destroy() {
            key.destroy();
            Arrays.fill(nonce, (byte) 0);
        }
    }

    /**
     * The checks before any chunk (policy, recipient key id, mode rules, a destroyed key), then HPKE setup
     * and the stream key from its exporter.
     */
    private StreamKey streamKey(StreamFormat.Parsed p, KeyPair recipient, PublicKey expectedSender, CryptoMode mode) {
        Suites suite = suites(p.kem(), p.kdf(), p.aead());
        admit(suite, p.kem(), p.kdf(), p.aead(), p.header(), p::recipient, recipient, expectedSender, mode);
        Hpke hpke = suite.hpke();
        AeadSpi aead = registry.aead(p.aead());
        int nk = p.aead().keySize();
        byte[] secret;
        try {
            Hpke.Recipient ctx = hpke.setupBaseRecipient(recipient.privateKey(), p.enc(), StreamFormat.LABEL);
            try {
                secret = ctx.export(StreamFormat.exporterContext(p.header()), nk + StreamFormat.NONCE_PREFIX);
            } finally {
                ctx.destroy();
            }
        } catch (InvalidInputException | InvalidKeyException e) {
            throw new DecryptionFailedException(); // an encapsulation the KEM rejects: one more way of not opening
        }
        StreamKey k = new StreamKey(aead, SecretBytes.wrap(Arrays.copyOf(secret, nk)),
                Arrays.copyOfRange(secret, nk, nk + StreamFormat.NONCE));
        Arrays.fill(secret, (byte) 0);
        return k;
    }

    /**
     * The message bytes of chunk {@code index} of a streaming envelope (version 2, or version 3 through the
     * recipient's own entry), read at its place in {@code envelope} (random access; the trailer at the end
     * is decrypted too, to know the message length).
     *
     * <p>The chunk is authenticated as encrypted to {@code recipient} at this position of this envelope;
     * the sender's signature covers the whole message and is <b>not</b> verified here ({@code sender}
     * only sets the mode rules). Use {@link #openStream} once to know the message is from the sender.
     */
    public byte[] openChunk(java.nio.channels.SeekableByteChannel envelope, long index, Identity recipient, PublicIdentity sender)
            throws IOException {
        Objects.requireNonNull(envelope, "envelope");
        Objects.requireNonNull(recipient, "recipient");
        Objects.requireNonNull(sender, "sender");
        envelope.position(0);
        InputStream in = java.nio.channels.Channels.newInputStream(envelope);
        byte[] start = in.readNBytes(EnvelopeFormat.MAGIC.length + 1);
        byte[] probe = Arrays.copyOf(start, start.length + 1);
        int headerLength;
        int c;
        StreamKey k;
        if (isVersion(probe, MultiFormat.VERSION)) {
            MultiFormat.Parsed p = MultiFormat.readHeader(start, in);
            headerLength = p.header().length;
            c = p.chunkSize();
            k = multi.streamKey(p, recipient, sender.signature()); // the recipient's own entry: by key id, or by trial
        } else if (isVersion2(probe)) {
            StreamFormat.Parsed p = StreamFormat.readHeader(start, in);
            headerLength = p.header().length;
            c = p.chunkSize();
            k = streamKey(p, recipient.kemFor(p.recipient()), sender.signature(), recipient.suite().mode());
        } else {
            throw new InvalidInputException("random access needs a streaming envelope (version 2 or 3)");
        }
        try {
            return openChunk(envelope, headerLength, c, k, index);
        } finally {
            k.destroy();
        }
    }

    /** {@link #openChunk(java.nio.channels.SeekableByteChannel, long, Identity, PublicIdentity)} once the stream key is known. */
    private static byte[] openChunk(java.nio.channels.SeekableByteChannel envelope, int headerLength, int c, StreamKey k,
                                    long index) throws IOException {
        long size = envelope.size();
        long bodyLength = size - headerLength;
        long sc = c + StreamFormat.TAG;
        long n = (bodyLength + sc - 1) / sc;
        if (bodyLength <= 0 || bodyLength - (n - 1) * sc <= StreamFormat.TAG || n > StreamFormat.MAX_CHUNKS) {
            throw new DecryptionFailedException();
        }
        long pLength = bodyLength - StreamFormat.TAG * n;
        byte[] sealed = new byte[(int) sc];
        byte[] tail = null;
        try {
            // The trailer ends P with its length: decrypt the chunks holding the last 4 bytes, then those holding the trailer.
            long lengthChunk = Math.max(0, pLength - 4) / c;
            tail = new byte[(int) (pLength - lengthChunk * c)];
            int at = 0;
            for (long i = lengthChunk; i < n; i++) {
                at += readChunk(envelope, headerLength, c, k, i, n, sealed, tail, at);
            }
            if (at < 4) {
                throw new DecryptionFailedException();
            }
            long trailerLength = (java.nio.ByteBuffer.wrap(tail, at - 4, 4).getInt() & 0xFFFFFFFFL) + 4;
            if (trailerLength > StreamFormat.MAX_TRAILER || trailerLength > pLength) {
                throw new DecryptionFailedException();
            }
            long first = (pLength - trailerLength) / c;
            Arrays.fill(tail, (byte) 0);
            tail = new byte[(int) (pLength - first * c)];
            at = 0;
            for (long i = first; i < n; i++) {
                at += readChunk(envelope, headerLength, c, k, i, n, sealed, tail, at);
            }
            long payloadLength = first * c + StreamFormat.trailerStart(tail, at);
            long from = index * c;
            if (index < 0 || (from >= payloadLength && !(index == 0 && payloadLength == 0))) {
                throw new InvalidInputException("chunk " + index + " is outside the message: it has "
                        + Math.max(1, (payloadLength + c - 1) / c) + " chunks of " + c + " bytes");
            }
            byte[] chunk = new byte[c];
            try {
                readChunk(envelope, headerLength, c, k, index, n, sealed, chunk, 0);
                return Arrays.copyOf(chunk, (int) Math.min(c, payloadLength - from));
            } finally {
                Arrays.fill(chunk, (byte) 0);
            }
        } finally {
            if (tail != null) {
                Arrays.fill(tail, (byte) 0);
            }
        }
    }

    /** Reads and opens chunk {@code i} of {@code n} into {@code out} at {@code at}; returns its plaintext length. */
    private static int readChunk(java.nio.channels.SeekableByteChannel envelope, int headerLength, int c, StreamKey k, long i,
                                 long n, byte[] sealed, byte[] out, int at) throws IOException {
        long sc = c + StreamFormat.TAG;
        long offset = headerLength + i * sc;
        int length = (int) Math.min(sc, envelope.size() - offset);
        java.nio.ByteBuffer b = java.nio.ByteBuffer.wrap(sealed, 0, length);
        envelope.position(offset);
        while (b.hasRemaining()) {
            if (envelope.read(b) < 0) {
                throw new DecryptionFailedException(); // the envelope shrank while being read
            }
        }
        StreamFormat.nonce(k.nonce, i, i == n - 1);
        return k.aead.openInto(k.key, k.nonce, EMPTY, sealed, 0, length, out, at);
    }

    private static MessageDigest sha512() {
        try {
            return MessageDigest.getInstance("SHA-512");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("the JDK has no SHA-512", e);
        }
    }

    /** A byte array output whose buffer can be wiped. */
    private static final class ExposedBuffer extends ByteArrayOutputStream {
        ExposedBuffer(int size) {
            super(size);
        }

        void wipe() {
            Arrays.fill(buf, (byte) 0);
        }
    }

    /** The policy and mode-rule checks of a seal, once per combination. */
    private void checkSealing(Sealing s, Suite suite, CryptoMode mode, PublicIdentity recipient) {
        if (!s.allowed) {
            policy.check("suite " + suite.name(), List.of(s.key.kem, s.key.kdf, s.key.aead, s.key.signature));
            // a mode means its algorithms (ModeRules), whatever the policy allows
            ModeRules.checkMessage("a message to " + mode + " identity '" + recipient.name() + "' signed with "
                    + s.key.signature + " (suite " + suite.name() + ")", mode, s.key.kem, s.key.signature,
                    s.key.aead, s.key.kdf);
            s.allowed = true;
        }
    }

    // ---- the kept proof of a re-wrapped envelope ----

    /**
     * Verifies a kept proof (docs/FORMAT.md, "Re-wrapped envelopes") of a version 1 original: {@code sender}'s
     * signature over the original header, signer and {@code message}, as {@link #open} verified it.
     *
     * @throws InvalidSignatureException if the proof names another signer or its signature does not verify
     */
    public void verifyKeptProof(KeptProof proof, PublicIdentity sender, byte[] message) {
        if (proof.version() != EnvelopeFormat.VERSION) {
            throw new InvalidInputException("the kept proof is of a version " + proof.version() + " envelope; its message "
                    + "length and hash are needed");
        }
        Signer signer = keptSigner(proof, sender);
        try (BufferPool.Lease tbs = EnvelopeFormat.toBeSigned(pool, proof.header(), signer.name, sender.signature().id(),
                message)) {
            verifyKept(signer, sender, tbs.array(), proof.signature());
        }
    }

    /**
     * Verifies a kept proof of a version 2 original: {@code sender}'s signature over the original header,
     * signer, the message length and its SHA-512 hash.
     *
     * @throws InvalidSignatureException if the proof names another signer or its signature does not verify
     */
    public void verifyKeptProof(KeptProof proof, PublicIdentity sender, long messageLength, byte[] sha512) {
        if (proof.version() != StreamFormat.VERSION) {
            throw new InvalidInputException("the kept proof is of a version " + proof.version() + " envelope; the whole"
                    + " message is needed to verify it");
        }
        Signer signer = keptSigner(proof, sender);
        byte[] tbs = StreamFormat.toBeSigned(proof.header(), signer.name, sender.signature().id(), messageLength, sha512);
        verifyKept(signer, sender, tbs, proof.signature());
    }

    private Signer keptSigner(KeptProof proof, PublicIdentity sender) {
        PublicKey key = sender.signature();
        Signer signer = signer(key.algorithm());
        if (!MessageDigest.isEqual(proof.sigName(), signer.name) || !proof.sender().equals(key.id())) {
            throw new InvalidSignatureException("the kept proof was signed by key " + proof.sender() + " ("
                    + proof.signatureAlgorithm() + "), not by " + sender.name() + "'s key " + key.keyId() + " (" + key.algorithm()
                    + ")");
        }
        signer.check(policy, "original sender signature ");
        return signer;
    }

    private void verifyKept(Signer signer, PublicIdentity sender, byte[] tbs, byte[] signature) {
        try {
            verification.verify(signer.engine(), sender.signature(), tbs, signature);
        } catch (InvalidKeyException | InvalidInputException e) {
            throw new InvalidSignatureException("the kept proof of the original sender does not verify with "
                    + sender.name() + "'s key");
        } catch (InvalidSignatureException e) {
            throw new InvalidSignatureException("the kept proof of the original sender does not verify with "
                    + sender.name() + "'s key (the re-wrapped message or its proof was changed)");
        }
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

    Suites suites(Algorithm kem, Algorithm kdf, Algorithm aead) {
        HpkeSuite key = new HpkeSuite(kem, kdf, aead);
        Suites s = suites.get(key);
        return s != null ? s : suites.computeIfAbsent(key, Suites::new);
    }

    Signer signer(Algorithm algorithm) {
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
    final class Suites {
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
    final class Signer {
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
