package com.example.hkdf;

import dev.qsafe.api.Algorithm;
import dev.qsafe.api.AlgorithmKind;
import dev.qsafe.api.InvalidInputException;
import dev.qsafe.api.QSafeException;
import dev.qsafe.api.UnsupportedAlgorithmException;
import dev.qsafe.api.spi.Availability;
import dev.qsafe.api.spi.CryptoProvider;
import dev.qsafe.api.spi.KdfSpi;
import java.security.GeneralSecurityException;
import java.security.NoSuchAlgorithmException;
import java.util.Objects;
import java.util.Set;
import javax.crypto.KDF;
import javax.crypto.spec.HKDFParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * HKDF (RFC 5869) over the JDK's {@code javax.crypto.KDF}: HKDF-SHA256, which qsafe knows, and
 * HKDF-SHA512 (RFC 9180 KDF id 0x0003), which this provider defines. Weight 1: qsafe's own engines stay
 * selected for HKDF-SHA256; pin {@code example-hkdf} to use this one.
 */
public final class HkdfProvider implements CryptoProvider {
    /** Defined by this provider; the registry makes the name known to the whole process at discovery. */
    public static final Algorithm HKDF_SHA512 = Algorithm.builder("HKDF-SHA512", AlgorithmKind.KDF)
            .nistCategory(4).keySize(64).hpkeId(0x0003).build();

    @Override
    public String name() {
        return "example-hkdf";
    }

    @Override
    public String description() {
        return "HKDF-SHA256 and HKDF-SHA512 from the JDK's javax.crypto.KDF (example provider)";
    }

    @Override
    public Availability availability() {
        try {
            KDF.getInstance("HKDF-SHA512");
            return Availability.available("JDK " + Runtime.version().feature());
        } catch (NoSuchAlgorithmException e) {
            return Availability.unavailable("this JDK has no javax.crypto.KDF HKDF (JDK 25 or newer needed)");
        }
    }

    @Override
    public Set<Algorithm> algorithms() {
        return Set.of(Algorithm.HKDF_SHA256, HKDF_SHA512);
    }

    @Override
    public int weight(Algorithm algorithm) {
        return 1;
    }

    @Override
    public KdfSpi engineKdf(Algorithm algorithm) {
        if (algorithm.equals(Algorithm.HKDF_SHA256)) {
            return new Hkdf(Algorithm.HKDF_SHA256, "HKDF-SHA256");
        }
        if (algorithm.equals(HKDF_SHA512)) {
            return new Hkdf(HKDF_SHA512, "HKDF-SHA512");
        }
        throw new UnsupportedAlgorithmException("example-hkdf offers HKDF-SHA256 and HKDF-SHA512, not " + algorithm);
    }

    /** Thread-safe: a new JDK KDF object per call. */
    private record Hkdf(Algorithm algorithm, String jdkName) implements KdfSpi {
        @Override
        public byte[] extract(byte[] salt, byte[] ikm) {
            Objects.requireNonNull(salt, "salt");
            Objects.requireNonNull(ikm, "ikm");
            try {
                HKDFParameterSpec.Builder b = HKDFParameterSpec.ofExtract().addIKM(ikm);
                if (salt.length > 0) {
                    b = b.addSalt(salt);
                }
                return KDF.getInstance(jdkName).deriveKey("Generic", b.extractOnly()).getEncoded();
            } catch (GeneralSecurityException e) {
                throw new QSafeException(jdkName + " extract failed inside the JDK", e);
            }
        }

        @Override
        public byte[] expand(byte[] prk, byte[] info, int length) {
            Objects.requireNonNull(prk, "prk");
            Objects.requireNonNull(info, "info");
            int max = 255 * algorithm.keySize();
            if (length < 0 || length > max) { // RFC 5869: L <= 255 * HashLen
                throw new InvalidInputException(jdkName + " expand length must be 0.." + max + ", got " + length);
            }
            if (prk.length < algorithm.keySize()) {
                throw new InvalidInputException(jdkName + " PRK must be at least " + algorithm.keySize() + " bytes");
            }
            if (length == 0) {
                return new byte[0];
            }
            try {
                return KDF.getInstance(jdkName).deriveData(
                        HKDFParameterSpec.expandOnly(new SecretKeySpec(prk, "Generic"), info, length));
            } catch (GeneralSecurityException e) {
                throw new QSafeException(jdkName + " expand failed inside the JDK", e);
            }
        }
    }
}
