package dev.qsafe.provider.classical.internal;

import dev.qsafe.provider.toolkit.HkdfEngine;
import java.util.function.Supplier;
import org.bouncycastle.crypto.Digest;
import org.bouncycastle.crypto.digests.SHA256Digest;
import org.bouncycastle.crypto.digests.SHA384Digest;
import org.bouncycastle.crypto.generators.HKDFBytesGenerator;
import org.bouncycastle.crypto.params.HKDFParameters;

/** HKDF-SHA256 and HKDF-SHA384 from Bouncy Castle's {@link HKDFBytesGenerator} over {@link SHA256Digest} or {@link SHA384Digest}. */
final class BcHkdf implements HkdfEngine.Backend {
    /** HKDF-SHA256. */
    static final BcHkdf SHA256 = new BcHkdf(SHA256Digest::newInstance);
    /** HKDF-SHA384. */
    static final BcHkdf SHA384 = new BcHkdf(SHA384Digest::new);

    private final Supplier<Digest> digest;

    private BcHkdf(Supplier<Digest> digest) {
        this.digest = digest;
    }

    @Override
    public byte[] extract(byte[] salt, byte[] ikm) {
        return generator().extractPRK(salt, ikm);
    }

    @Override
    public byte[] expand(byte[] prk, byte[] info, int length) {
        HKDFBytesGenerator g = generator();
        g.init(HKDFParameters.skipExtractParameters(prk, info));
        byte[] out = new byte[length];
        g.generateBytes(out, 0, length);
        return out;
    }

    /** Generators keep state: one per call. */
    private HKDFBytesGenerator generator() {
        return new HKDFBytesGenerator(digest.get());
    }
}
