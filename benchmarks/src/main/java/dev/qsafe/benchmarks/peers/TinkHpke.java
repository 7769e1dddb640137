package dev.qsafe.benchmarks.peers;

import com.google.crypto.tink.HybridDecrypt;
import com.google.crypto.tink.HybridEncrypt;
import com.google.crypto.tink.KeysetHandle;
import com.google.crypto.tink.hybrid.HpkeParameters;
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
 * Peer: Google Tink's HPKE hybrid encryption (HKDF-SHA256, AES-256-GCM, no output prefix) of 1 KiB,
 * encrypt then decrypt, with X-Wing or DHKEM(X25519). Tink runs both on Conscrypt (see {@link Tink}).
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
public class TinkHpke {
    /** Tink's KEM id. */
    @Param({"X_WING", "DHKEM_X25519_HKDF_SHA256"})
    public String kem;

    /** Message bytes. */
    @Param({"1024"})
    public int size;

    private HybridEncrypt encrypt;
    private HybridDecrypt decrypt;
    private byte[] message;
    private final byte[] contextInfo = new byte[0];

    @Setup
    public void setup() throws Exception {
        Tink.configuration();
        HpkeParameters params = HpkeParameters.builder()
                .setKemId("X_WING".equals(kem) ? HpkeParameters.KemId.X_WING : HpkeParameters.KemId.DHKEM_X25519_HKDF_SHA256)
                .setKdfId(HpkeParameters.KdfId.HKDF_SHA256)
                .setAeadId(HpkeParameters.AeadId.AES_256_GCM)
                .setVariant(HpkeParameters.Variant.NO_PREFIX)
                .build();
        KeysetHandle priv = KeysetHandle.generateNew(params);
        decrypt = Tink.primitive(priv, HybridDecrypt.class);
        encrypt = Tink.primitive(priv.getPublicKeysetHandle(), HybridEncrypt.class);
        message = new byte[size];
        new SecureRandom().nextBytes(message);
        if (!MessageDigest.isEqual(sealOpen(), message)) {
            throw new IllegalStateException("Tink HPKE " + kem + " does not round-trip");
        }
    }

    @Benchmark
    public byte[] sealOpen() throws Exception {
        return decrypt.decrypt(encrypt.encrypt(message, contextInfo), contextInfo);
    }
}
