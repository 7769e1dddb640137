package dev.qsafe.provider.classical.internal;

import java.security.Provider;
import java.security.Security;

/**
 * One service of a named JDK security provider (for example SunJCE's Cipher "ChaCha20-Poly1305").
 * The jdk-classical engines ask for their services by provider name, so that a third-party JCA provider
 * installed ahead of the JDK's never stands in for them silently.
 *
 * @param provider  JCA provider name
 * @param type      service type, e.g. {@code Cipher}
 * @param algorithm algorithm or transformation
 */
record JcaService(String provider, String type, String algorithm) {
    /** The JDK provider of elliptic-curve algorithms (XDH, EdDSA). */
    static final String SUN_EC = "SunEC";
    /** The JDK provider of symmetric algorithms and KDFs. */
    static final String SUN_JCE = "SunJCE";

    /** Whether this JDK offers the service. */
    boolean present() {
        Provider p = Security.getProvider(provider);
        return p != null && p.getService(type, algorithm) != null;
    }

    @Override
    public String toString() {
        return provider + " " + type + " " + algorithm;
    }
}
