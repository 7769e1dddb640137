package dev.qsafe.runtime;

import dev.qsafe.api.InvalidInputException;
import dev.qsafe.api.QSafeException;
import dev.qsafe.runtime.envelope.EnvelopeHeader;
import dev.qsafe.runtime.format.Envelopes;
import dev.qsafe.runtime.format.KeptProof;
import dev.qsafe.runtime.keys.Identity;
import dev.qsafe.runtime.keys.KeyInfo;
import dev.qsafe.runtime.keys.KeyStatus;
import dev.qsafe.runtime.keys.PublicIdentity;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.SequenceInputStream;
import java.io.UncheckedIOException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Re-wrapping against "harvest now, decrypt later": opens an envelope sealed to a classical KEM key,
 * verifies its sender, and seals the message again to a post-quantum (hybrid or PQC) identity, keeping the
 * original sender's signature so that it can be checked again later (docs/FORMAT.md, "Re-wrapped envelopes").
 *
 * <p>The new envelope is sealed to the re-sealing identity's primary KEM key and signed by that identity (it
 * is "from itself, to itself"); its message is {@code message || kept proof}, where the kept proof is the
 * original header, signer and signature exactly as the sender made them. {@link #open} checks both: the
 * re-sealing identity's signature, then the original sender's signature over the original header and the
 * message. A version 2 (streaming) original is re-wrapped as a version 2 envelope in constant memory; a
 * version 1 original as a version 1 envelope.
 *
 * {@snippet :
 * Rewrap rewrap = Rewrap.of(qsafe);
 * byte[] pq = rewrap.rewrap(classicalEnvelope, oldIdentity, alice.publicIdentity(), newIdentity);
 * byte[] message = rewrap.open(pq, newIdentity, alice.publicIdentity()); // both signatures verified
 * }
 *
 * @since 0.1.0
 */
public final class Rewrap {
    private static final int MAX_HEADER = 30 + 0xFFFF;
    private final QSafe qsafe;
    private final Envelopes envelopes;

    private Rewrap(QSafe qsafe) {
        this.qsafe = qsafe;
        this.envelopes = qsafe.envelopes();
    }

    /** Re-wrapping with {@code qsafe}'s engines, policy and limits. */
    public static Rewrap of(QSafe qsafe) {
        return new Rewrap(Objects.requireNonNull(qsafe, "qsafe"));
    }

    /** Whether an envelope with this header is already sealed with a post-quantum (hybrid or PQC) KEM: nothing to re-wrap. */
    public static boolean isPostQuantum(EnvelopeHeader header) {
        return header.kem().isPostQuantum();
    }

    /**
     * Re-wraps a version 1 or 2 envelope held in memory; see {@link #rewrapStream}.
     *
     * @throws InvalidInputException if the envelope is already post-quantum or the re-sealing identity is not
     */
    public byte[] rewrap(byte[] envelope, Identity holder, PublicIdentity originalSender, Identity resealer) {
        EnvelopeHeader header = qsafe.inspect(envelope);
        checkRewrap(header, resealer);
        if (header.version() != 1) {
            ByteArrayOutputStream out = new ByteArrayOutputStream(envelope.length + 16 * 1024);
            try {
                rewrapStream(new ByteArrayInputStream(envelope), out, holder, originalSender, resealer);
            } catch (IOException e) {
                throw new UncheckedIOException(e); // memory streams do not fail
            }
            return out.toByteArray();
        }
        Identity opener = opener(holder, header.recipientKeyId());
        AtomicReference<KeptProof> kept = new AtomicReference<>();
        byte[] message = envelopes.openKeepingProof(envelope, opener, originalSender, kept::set);
        byte[] payload = null;
        try {
            byte[] proof = kept.get().encode();
            payload = Arrays.copyOf(message, message.length + proof.length);
            System.arraycopy(proof, 0, payload, message.length, proof.length);
            return envelopes.seal(payload, resealer.publicIdentity(), resealer);
        } finally {
            Arrays.fill(message, (byte) 0);
            if (payload != null) {
                Arrays.fill(payload, (byte) 0);
            }
        }
    }

    /**
     * Re-wraps the envelope read from {@code in} into {@code out}: opens it with {@code holder} (the key it
     * was sealed to may be active or retired; a retired key is used for this only, in memory), checks it
     * was signed by {@code originalSender}, and seals the message and the kept proof to {@code resealer}'s
     * primary key, signed by {@code resealer}. A version 2 envelope is re-wrapped in constant memory, the
     * plaintext passing through memory only. An envelope already sealed with a post-quantum KEM is left
     * alone: nothing is written and the result says so. Neither stream is closed.
     *
     * <p><b>Discard the output if this throws</b>: the original's signature is verified at its end, so
     * {@code out} holds an incomplete envelope (which does not open).
     *
     * @throws InvalidInputException                   if {@code resealer}'s primary key is not post-quantum, or the
     *                                                 input is not an envelope
     * @throws dev.qsafe.api.DecryptionFailedException if the original does not open or was not signed by {@code originalSender}
     * @throws dev.qsafe.api.InvalidKeyException       if it was sealed to a key {@code holder} does not have, or a destroyed one
     * @throws IOException                             if reading or writing fails
     */
    public Result rewrapStream(InputStream in, OutputStream out, Identity holder, PublicIdentity originalSender,
                               Identity resealer) throws IOException {
        byte[] start = readHeader(in);
        if (start.length >= 5 && start[4] == 1) {
            byte[] envelope = readVersion1(start, in);
            if (isPostQuantum(qsafe.inspect(envelope))) {
                return Result.ALREADY_POST_QUANTUM;
            }
            out.write(rewrap(envelope, holder, originalSender, resealer));
            out.flush();
            return Result.REWRAPPED;
        }
        EnvelopeHeader header = qsafe.inspect(start);
        if (isPostQuantum(header)) {
            return Result.ALREADY_POST_QUANTUM;
        }
        checkRewrap(header, resealer);
        Identity opener = opener(holder, header.recipientKeyId());
        InputStream original = new SequenceInputStream(new ByteArrayInputStream(start), in);
        PlaintextPipe pipe = new PlaintextPipe();
        Thread opening = Thread.ofPlatform().daemon().name("qsafe-rewrap-open").start(() -> {
            // The sink is closed (ending the stream normally) only once the original verified; any failure
            // ends it with that failure instead, so the sealing side never sees a clean end of a bad original.
            OutputStream sink = pipe.sink();
            try {
                AtomicReference<KeptProof> kept = new AtomicReference<>();
                envelopes.openStreamKeepingProof(original, sink, opener, originalSender, kept::set);
                sink.write(kept.get().encode());
                sink.close();
            } catch (Throwable e) {
                pipe.fail(e);
            }
        });
        InputStream plaintext = pipe.source();
        try {
            envelopes.sealStream(plaintext, out, resealer.publicIdentity(), resealer, QSafe.DEFAULT_CHUNK_SIZE);
            join(opening);
            if (pipe.failure() != null) {
                throw new IOException("opening the original envelope failed", pipe.failure());
            }
            return Result.REWRAPPED;
        } catch (IOException e) {
            join(opening);
            Throwable f = pipe.failure();
            switch (f) {
                case null -> throw e;
                case RuntimeException r -> throw r;
                case IOException io -> throw io;
                case Error err -> throw err;
                default -> throw new QSafeException("opening the original envelope failed", f);
            }
        } finally {
            plaintext.close();
            join(opening);
        }
    }

    /**
     * A version 1 envelope whose first bytes are {@code start}: the rest of {@code in}, bounded by what a
     * message of {@code maxMessageBytes} can produce (the parser then checks the lengths).
     */
    private byte[] readVersion1(byte[] start, InputStream in) throws IOException {
        long bound = qsafe.config().maxMessageBytes() + 256 * 1024L;
        byte[] rest = in.readNBytes((int) Math.min(Integer.MAX_VALUE - 16, bound));
        byte[] envelope = Arrays.copyOf(start, start.length + rest.length);
        System.arraycopy(rest, 0, envelope, start.length, rest.length);
        return envelope;
    }

    private static void join(Thread t) {
        try {
            t.join();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /**
     * Opens a re-wrapped envelope held in memory: checks it was sealed to {@code recipient} and signed by
     * {@code recipient} itself (the re-sealing identity), then verifies the kept proof: {@code originalSender}'s
     * signature over the original header and the message. Returns the original message.
     *
     * @throws dev.qsafe.api.DecryptionFailedException uniformly, if the new envelope does not open or was not
     *                                                 signed by {@code recipient}
     * @throws dev.qsafe.api.InvalidSignatureException if the kept proof names another sender or does not verify
     * @throws InvalidInputException                   if the message does not end with a well-formed kept proof, the
     *                                                 kept proof's original version is not this envelope's version, or
     *                                                 this is a version 3 (several recipients) envelope, which re-wrapping
     *                                                 never writes; {@link #openStream} refuses the same with the same messages
     */
    public byte[] open(byte[] rewrapped, Identity recipient, PublicIdentity originalSender) {
        refuseSeveralRecipients(rewrapped);
        byte[] payload = envelopes.open(rewrapped, recipient, recipient.publicIdentity());
        try {
            KeptProof proof = KeptProof.fromEnd(payload, payload.length);
            checkKeptVersion(rewrapped[4], proof); // the envelope opened: byte 4 is its version, 1 or 2
            int messageLength = payload.length - proof.encodedLength();
            byte[] message = Arrays.copyOf(payload, messageLength);
            try {
                if (proof.version() == 1) {
                    envelopes.verifyKeptProof(proof, originalSender, message);
                } else {
                    MessageDigest hash = sha512();
                    hash.update(message);
                    envelopes.verifyKeptProof(proof, originalSender, messageLength, hash.digest());
                }
            } catch (RuntimeException e) {
                Arrays.fill(message, (byte) 0);
                throw e;
            }
            return message;
        } finally {
            Arrays.fill(payload, (byte) 0);
        }
    }

    /**
     * Opens a re-wrapped envelope read from {@code in} (version 2 in constant memory), checks both signatures
     * as {@link #open(byte[], Identity, PublicIdentity)}, and writes the original message to {@code out};
     * returns its length. Neither stream is closed.
     *
     * <p><b>Discard the output if this throws</b>: both signatures are verified at the end, as with
     * {@link QSafe#openStream}.
     *
     * @throws InvalidInputException as {@link #open(byte[], Identity, PublicIdentity)}, with the same messages
     */
    public long openStream(InputStream in, OutputStream out, Identity recipient, PublicIdentity originalSender)
            throws IOException {
        byte[] start = in.readNBytes(5);
        refuseSeveralRecipients(start);
        if (start.length == 5 && start[4] == 1) {
            byte[] envelope = readVersion1(start, in);
            byte[] message = open(envelope, recipient, originalSender);
            try {
                out.write(message);
                out.flush();
                return message.length;
            } finally {
                Arrays.fill(message, (byte) 0);
            }
        }
        TailHolder tail = new TailHolder(out);
        envelopes.openStream(new SequenceInputStream(new ByteArrayInputStream(start), in), tail, recipient,
                recipient.publicIdentity());
        return tail.finish(originalSender);
    }

    /**
     * What {@link #rewrapStream} did.
     *
     * @since 0.1.0
     */
    public enum Result {
        /** The envelope was re-wrapped: the output holds the new envelope. */
        REWRAPPED,
        /** The envelope is already sealed with a post-quantum KEM: nothing was written. */
        ALREADY_POST_QUANTUM
    }

    /** Refuses what is not to be re-wrapped: an envelope that is already post-quantum, or a target that is not. */
    private static void checkRewrap(EnvelopeHeader header, Identity resealer) {
        if (isPostQuantum(header)) {
            throw new InvalidInputException("the envelope is already sealed with a post-quantum KEM (" + header.kem()
                    + "): nothing to re-wrap");
        }
        if (!resealer.kem().algorithm().isPostQuantum()) {
            throw new InvalidInputException("re-wrapping seals to a post-quantum key, but the primary key of '"
                    + resealer.name() + "' is " + resealer.kem().algorithm() + " (" + resealer.suite().mode()
                    + "); re-wrap to a HYBRID or PQC identity");
        }
    }

    /**
     * Refuses a version 3 (several recipients) envelope before anything is opened: re-wrapping writes
     * version 1 or 2 only, the version of the original.
     */
    private static void refuseSeveralRecipients(byte[] start) {
        if (Envelopes.isSeveralRecipients(start)) {
            throw new InvalidInputException("not a re-wrapped envelope: it is version 3 (several recipients); a re-wrapped"
                    + " envelope has its original's version, 1 or 2 (docs/FORMAT.md, \"Re-wrapped envelopes\")");
        }
    }

    /**
     * Refuses a kept proof whose original version is not the version of the envelope it travels in: re-wrapping
     * keeps the version (a version 1 original in a version 1 envelope, a version 2 one in a version 2 envelope), so
     * anything else was not made by re-wrapping. Both opening paths apply this rule, before any signature check.
     */
    private static void checkKeptVersion(int envelopeVersion, KeptProof proof) {
        if (proof.version() != envelopeVersion) {
            throw new InvalidInputException("the kept proof is of a version " + proof.version() + " envelope but travels in a"
                    + " version " + envelopeVersion + " envelope; re-wrapping keeps the original's version (docs/FORMAT.md,"
                    + " \"Re-wrapped envelopes\")");
        }
    }

    /**
     * The identity that opens an envelope sealed to {@code keyId}: {@code holder}, or, if that key is retired,
     * a copy in which it is active (in memory only, for this re-wrap).
     */
    private static Identity opener(Identity holder, String keyId) {
        for (KeyInfo k : holder.keys()) {
            if (k.keyId().equals(keyId) && k.status() == KeyStatus.RETIRED) {
                return holder.reactivate(keyId);
            }
        }
        return holder;
    }

    /** The header of the envelope at the start of {@code in}: magic, version and the fixed fields, then {@code enc}. */
    private static byte[] readHeader(InputStream in) throws IOException {
        byte[] fixed = in.readNBytes(30);
        if (fixed.length < 5 || fixed[4] == 1) {
            return fixed; // version 1, or too short: the rest decides (and inspect reports what is wrong)
        }
        if (fixed.length < 30) {
            return fixed;
        }
        int encLength = ((fixed[28] & 0xFF) << 8) | (fixed[29] & 0xFF);
        byte[] header = Arrays.copyOf(fixed, Math.min(MAX_HEADER, 30 + encLength));
        int got = in.readNBytes(header, 30, header.length - 30);
        return got == header.length - 30 ? header : Arrays.copyOf(header, 30 + got);
    }

    private static MessageDigest sha512() {
        try {
            return MessageDigest.getInstance("SHA-512");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("the JDK has no SHA-512", e);
        }
    }

    /**
     * Passes the message of a re-wrapped payload to {@code out} while holding back its last
     * {@link KeptProof#MAX_BYTES} bytes (where the kept proof is), hashing what it passes on.
     */
    private final class TailHolder extends OutputStream {
        private final OutputStream out;
        private final MessageDigest hash = sha512();
        private final byte[] held = new byte[2 * KeptProof.MAX_BYTES];
        private int heldLength;
        private long passed;

        TailHolder(OutputStream out) {
            this.out = out;
        }

        @Override
        public void write(int b) throws IOException {
            write(new byte[] {(byte) b}, 0, 1);
        }

        @Override
        public void write(byte[] b, int off, int len) throws IOException {
            while (len > 0) {
                int n = Math.min(len, held.length - heldLength);
                System.arraycopy(b, off, held, heldLength, n);
                heldLength += n;
                off += n;
                len -= n;
                if (heldLength == held.length) {
                    int release = heldLength - KeptProof.MAX_BYTES;
                    release(release);
                }
            }
        }

        private void release(int n) throws IOException {
            hash.update(held, 0, n);
            out.write(held, 0, n);
            passed += n;
            System.arraycopy(held, n, held, 0, heldLength - n);
            Arrays.fill(held, heldLength - n, heldLength, (byte) 0);
            heldLength -= n;
        }

        /** After the new envelope opened: verifies the kept proof, then writes the last of the message. */
        long finish(PublicIdentity originalSender) throws IOException {
            try {
                KeptProof proof = KeptProof.fromEnd(held, heldLength);
                int rest = heldLength - proof.encodedLength();
                checkKeptVersion(2, proof); // the version 1 envelope went to open(byte[], ...)
                hash.update(held, 0, rest);
                envelopes.verifyKeptProof(proof, originalSender, passed + rest, hash.digest());
                out.write(held, 0, rest);
                out.flush();
                return passed + rest;
            } finally {
                Arrays.fill(held, (byte) 0);
            }
        }
    }
}
