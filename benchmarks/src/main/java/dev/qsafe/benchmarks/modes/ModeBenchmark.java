package dev.qsafe.benchmarks.modes;

import dev.qsafe.api.Aead;
import dev.qsafe.api.CryptoMode;
import dev.qsafe.api.Encapsulation;
import dev.qsafe.api.Kdf;
import dev.qsafe.api.Kem;
import dev.qsafe.api.KeyPair;
import dev.qsafe.api.SecretBytes;
import dev.qsafe.api.SignatureScheme;
import dev.qsafe.benchmarks.spi.Registry;
import dev.qsafe.runtime.QSafe;
import dev.qsafe.runtime.config.QSafeConfig;
import dev.qsafe.runtime.keys.Identity;
import dev.qsafe.runtime.keys.PublicIdentity;
import dev.qsafe.runtime.registry.CryptoRegistry;
import dev.qsafe.runtime.suite.Suite;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * A 1 KiB message sealed and opened through the {@code QSafe} facade, per mode, next to the sum of the
 * primitives that one seal and one open perform on the engines the registry selects.
 *
 * <p>What a seal does (runtime {@code EnvelopeFormat} and {@code Hpke}): KEM encapsulation, the RFC 9180
 * key schedule (three labeled extracts, three labeled expands), a signature over the header, the sender
 * key id and the message, and one AEAD seal of the signed inner record. An open: KEM decapsulation, the
 * key schedule, one AEAD open and one signature verification. {@link #primitives()} makes exactly these
 * calls, on inputs of the same sizes, with nothing of the envelope around them, so
 * {@code sealOpen / primitives} is what the format and the facade cost on top.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
public class ModeBenchmark {
    /** The mode, with its default suite. */
    @Param({"CLASSICAL", "HYBRID", "PQC"})
    public String mode;

    /** Message bytes. */
    @Param({"1024"})
    public int size;

    private QSafe qsafe;
    private Identity sender;
    private Identity recipient;
    private PublicIdentity senderPublic;
    private PublicIdentity recipientPublic;
    private byte[] message;

    // The primitives of the same suite, as the registry selects them.
    private Kem kem;
    private SignatureScheme signature;
    private Aead aead;
    private Kdf kdf;
    private KeyPair kemKeys;
    private KeyPair signatureKeys;
    private SecretBytes aeadKey;
    private final byte[] nonce = new byte[12];
    private long counter;
    private byte[] toBeSigned;
    private byte[] innerPadding;
    private byte[] aad;
    private final byte[] empty = new byte[0];
    private final byte[] extractIkm = new byte[40];
    private final byte[] expandInfo = new byte[90];

    @Setup
    public void setup() {
        CryptoRegistry registry = Registry.get();
        CryptoMode m = CryptoMode.valueOf(mode);
        qsafe = QSafe.newBuilder().config(QSafeConfig.defaults()).registry(registry).build();
        sender = qsafe.generateIdentity("sender", m);
        recipient = qsafe.generateIdentity("recipient", m);
        senderPublic = sender.publicIdentity();
        recipientPublic = recipient.publicIdentity();
        SecureRandom random = new SecureRandom();
        message = new byte[size];
        random.nextBytes(message);
        if (!MessageDigest.isEqual(sealOpen(), message)) {
            throw new IllegalStateException(mode + " seal+open does not round-trip");
        }

        Suite suite = qsafe.config().suite(m);
        kem = registry.kem(suite.kem());
        signature = registry.signature(suite.signature());
        aead = registry.aead(suite.aead());
        kdf = registry.kdf(suite.kdf());
        kemKeys = kem.generateKeyPair();
        signatureKeys = signature.generateKeyPair();
        byte[] k = new byte[suite.aead().keySize()];
        random.nextBytes(k);
        aeadKey = SecretBytes.wrap(k);
        int sigName = suite.signature().name().getBytes(StandardCharsets.US_ASCII).length;
        int header = 4 + 1 + 2 + 2 + 2 + 16 + 2 + suite.kem().ciphertextSize(); // the envelope header (docs/FORMAT.md)
        aad = new byte[header];
        toBeSigned = new byte["qsafe envelope v1".length() + 1 + header + 1 + sigName + 16 + size];
        innerPadding = new byte[1 + sigName + 16 + 2]; // the inner record around signature and message
        random.nextBytes(toBeSigned);
        primitives();
    }

    /** {@code QSafe.seal} then {@code QSafe.open} of the message. */
    @Benchmark
    public byte[] sealOpen() {
        byte[] envelope = qsafe.seal(message, recipientPublic, sender);
        return qsafe.open(envelope, recipient, senderPublic);
    }

    /** The primitives of one seal and one open, called directly on the selected engines. */
    @Benchmark
    public byte[] primitives() {
        // seal
        Encapsulation e = kem.encapsulate(kemKeys.publicKey());
        keySchedule(e.sharedSecret());
        byte[] sig = signature.sign(signatureKeys.privateKey(), toBeSigned, empty);
        byte[] inner = new byte[innerPadding.length + sig.length + message.length];
        System.arraycopy(sig, 0, inner, innerPadding.length, sig.length);
        System.arraycopy(message, 0, inner, innerPadding.length + sig.length, message.length);
        long n = ++counter;
        for (int i = 0; i < 8; i++) {
            nonce[i] = (byte) (n >>> (8 * i));
        }
        byte[] ct = aead.seal(aeadKey, nonce, inner, aad);
        // open
        SecretBytes shared = kem.decapsulate(kemKeys.privateKey(), e.ciphertext());
        keySchedule(shared);
        byte[] opened = aead.open(aeadKey, nonce, ct, aad);
        signature.verify(signatureKeys.publicKey(), toBeSigned, sig, empty);
        return opened;
    }

    /** RFC 9180 base-mode key schedule shape: three extracts and three expands of the same sizes. */
    private void keySchedule(SecretBytes shared) {
        kdf.extract(empty, extractIkm);
        kdf.extract(empty, extractIkm);
        byte[] secret = kdf.extract(new byte[shared.length()], extractIkm);
        kdf.expand(secret, expandInfo, aead.algorithm().keySize());
        kdf.expand(secret, expandInfo, aead.algorithm().nonceSize());
        kdf.expand(secret, expandInfo, kdf.algorithm().keySize());
    }
}
