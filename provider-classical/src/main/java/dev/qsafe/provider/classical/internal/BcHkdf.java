package dev.qsafe.provider.classical.internal;

import dev.qsafe.provider.toolkit.HkdfEngine;
import org.bouncycastle.crypto.digests.SHA256Digest;
import org.bouncycastle.crypto.generators.HKDFBytesGenerator;
import org.bouncycastle.crypto.params.HKDFParameters;

/** HKDF-SHA256 from Bouncy Castle's {@link HKDFBytesGenerator} over {@link SHA256Digest}. */
final class BcHkdf implements HkdfEngine.Backend {
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
    private static HKDFBytesGenerator generator() {
        return new HKDFBytesGenerator(SHA256Digest.newInstance());
    }
}
