package dev.qsafe.benchmarks.peers;

import com.google.crypto.tink.HybridDecrypt;
import com.google.crypto.tink.HybridEncrypt;
import com.google.crypto.tink.KeysetHandle;
import com.google.crypto.tink.PublicKeySign;
import com.google.crypto.tink.PublicKeyVerify;
import com.google.crypto.tink.hybrid.HpkeParameters;
import com.google.crypto.tink.signature.Ed25519Parameters;
import com.google.crypto.tink.signature.MlDsaParameters;
import com.google.crypto.tink.signature.MlDsaPrivateKey;
import com.google.crypto.tink.signature.subtle.MlDsaSigner;
import com.google.crypto.tink.signature.subtle.MlDsaVerifier;
import java.nio.ByteBuffer;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Arrays;
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
 * Peer: Google Tink's signatures (sign + verify of 1 KiB) and "the Tink HYBRID job", the same work as
 * one qsafe HYBRID seal+open done with Tink: sign the message with ML-DSA-65 and with Ed25519, HPKE
 * X-Wing-encrypt message and both signatures, decrypt, verify both signatures; "the Tink CLASSICAL
 * job" does the same with Ed25519 alone and HPKE DHKEM-X25519.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
public class TinkJobs {
    /** Message bytes. */
    @Param({"1024"})
    public int size;

    private PublicKeySign ed25519Sign;
    private PublicKeyVerify ed25519Verify;
    private PublicKeySign mlDsaSign;
    private PublicKeyVerify mlDsaVerify;
    private HybridEncrypt encrypt;
    private HybridDecrypt decrypt;
    private HybridEncrypt encryptX25519;
    private HybridDecrypt decryptX25519;
    private byte[] message;
    private final byte[] contextInfo = new byte[0];

    @Setup
    public void setup() throws Exception {
        Tink.configuration();
        KeysetHandle ed = KeysetHandle.generateNew(Ed25519Parameters.create(Ed25519Parameters.Variant.NO_PREFIX));
        ed25519Sign = Tink.primitive(ed, PublicKeySign.class);
        ed25519Verify = Tink.primitive(ed.getPublicKeysetHandle(), PublicKeyVerify.class);
        KeysetHandle ml = KeysetHandle.generateNew(
                MlDsaParameters.create(MlDsaParameters.MlDsaInstance.ML_DSA_65, MlDsaParameters.Variant.NO_PREFIX));
        // Tink 1.24 registers no keyset primitive for ML-DSA: its signer and verifier are made from the key.
        MlDsaPrivateKey mlKey = (MlDsaPrivateKey) ml.getPrimary().getKey();
        mlDsaSign = MlDsaSigner.create(mlKey);
        mlDsaVerify = MlDsaVerifier.create(mlKey.getPublicKey());
        KeysetHandle xwing = KeysetHandle.generateNew(HpkeParameters.builder()
                .setKemId(HpkeParameters.KemId.X_WING)
                .setKdfId(HpkeParameters.KdfId.HKDF_SHA256)
                .setAeadId(HpkeParameters.AeadId.AES_256_GCM)
                .setVariant(HpkeParameters.Variant.NO_PREFIX)
                .build());
        decrypt = Tink.primitive(xwing, HybridDecrypt.class);
        encrypt = Tink.primitive(xwing.getPublicKeysetHandle(), HybridEncrypt.class);
        KeysetHandle x25519 = KeysetHandle.generateNew(HpkeParameters.builder()
                .setKemId(HpkeParameters.KemId.DHKEM_X25519_HKDF_SHA256)
                .setKdfId(HpkeParameters.KdfId.HKDF_SHA256)
                .setAeadId(HpkeParameters.AeadId.AES_256_GCM)
                .setVariant(HpkeParameters.Variant.NO_PREFIX)
                .build());
        decryptX25519 = Tink.primitive(x25519, HybridDecrypt.class);
        encryptX25519 = Tink.primitive(x25519.getPublicKeysetHandle(), HybridEncrypt.class);
        message = new byte[size];
        new SecureRandom().nextBytes(message);
        ed25519SignVerify();
        mlDsa65SignVerify();
        if (!MessageDigest.isEqual(hybridSealOpen(), message)) {
            throw new IllegalStateException("the Tink HYBRID job does not round-trip");
        }
        if (!MessageDigest.isEqual(classicalSealOpen(), message)) {
            throw new IllegalStateException("the Tink CLASSICAL job does not round-trip");
        }
    }

    @Benchmark
    public byte[] ed25519SignVerify() throws Exception {
        byte[] sig = ed25519Sign.sign(message);
        ed25519Verify.verify(sig, message);
        return sig;
    }

    @Benchmark
    public byte[] mlDsa65SignVerify() throws Exception {
        byte[] sig = mlDsaSign.sign(message);
        mlDsaVerify.verify(sig, message);
        return sig;
    }

    /** Sign twice, encrypt message and signatures, decrypt, verify twice: what qsafe HYBRID seal+open does. */
    @Benchmark
    public byte[] hybridSealOpen() throws Exception {
        byte[] sigPq = mlDsaSign.sign(message);
        byte[] sigEd = ed25519Sign.sign(message);
        byte[] inner = ByteBuffer.allocate(4 + sigPq.length + sigEd.length + message.length)
                .putShort((short) sigPq.length).put(sigPq).putShort((short) sigEd.length).put(sigEd).put(message).array();
        byte[] opened = decrypt.decrypt(encrypt.encrypt(inner, contextInfo), contextInfo);
        ByteBuffer in = ByteBuffer.wrap(opened);
        byte[] pq = new byte[in.getShort() & 0xFFFF];
        in.get(pq);
        byte[] ed = new byte[in.getShort() & 0xFFFF];
        in.get(ed);
        byte[] m = Arrays.copyOfRange(opened, in.position(), opened.length);
        mlDsaVerify.verify(pq, m);
        ed25519Verify.verify(ed, m);
        return m;
    }

    /** Sign with Ed25519, HPKE DHKEM-X25519-encrypt message and signature, decrypt, verify: what qsafe CLASSICAL seal+open does. */
    @Benchmark
    public byte[] classicalSealOpen() throws Exception {
        byte[] sigEd = ed25519Sign.sign(message);
        byte[] inner = ByteBuffer.allocate(2 + sigEd.length + message.length)
                .putShort((short) sigEd.length).put(sigEd).put(message).array();
        byte[] opened = decryptX25519.decrypt(encryptX25519.encrypt(inner, contextInfo), contextInfo);
        ByteBuffer in = ByteBuffer.wrap(opened);
        byte[] ed = new byte[in.getShort() & 0xFFFF];
        in.get(ed);
        byte[] m = Arrays.copyOfRange(opened, in.position(), opened.length);
        ed25519Verify.verify(ed, m);
        return m;
    }
}
