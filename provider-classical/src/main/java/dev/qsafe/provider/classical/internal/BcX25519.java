package dev.qsafe.provider.classical.internal;

import dev.qsafe.provider.toolkit.DhKemX25519;
import org.bouncycastle.math.ec.rfc7748.X25519;

/** X25519 from Bouncy Castle's {@link X25519} (RFC 7748), which clamps and masks as the RFC says. */
final class BcX25519 implements DhKemX25519.X25519Function {
    @Override
    public byte[] apply(byte[] scalar, byte[] u) {
        byte[] r = new byte[X25519.POINT_SIZE];
        X25519.scalarMult(scalar, 0, u, 0, r, 0);
        return r;
    }

    @Override
    public byte[] publicKey(byte[] scalar) {
        byte[] r = new byte[X25519.POINT_SIZE];
        X25519.scalarMultBase(scalar, 0, r, 0);
        return r;
    }
}
