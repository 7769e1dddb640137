package dev.qsafe.benchmarks.raw;

import com.amazon.corretto.crypto.provider.AmazonCorrettoCryptoProvider;
import java.security.Provider;
import java.util.List;
import org.bouncycastle.jce.provider.BouncyCastleProvider;
import org.conscrypt.Conscrypt;

/**
 * The JCA engines the raw benchmarks use, as provider objects passed to {@code getInstance(alg, provider)}:
 * never installed with {@code Security.addProvider}, so each benchmark measures exactly the engine it names.
 * {@code jdk} is the JDK's default providers ({@code getInstance(alg)} with nothing installed beside them).
 */
public final class RawEngines {
    /** The JDK's built-in providers (SunJCE, SunEC, SUN). */
    public static final String JDK = "jdk";
    /** Bouncy Castle's JCA provider, pure Java. */
    public static final String BC = "bc";
    /** Conscrypt (BoringSSL through JNI). */
    public static final String CONSCRYPT = "conscrypt";
    /** Amazon Corretto Crypto Provider (AWS-LC through JNI). */
    public static final String ACCP = "accp";

    /** Every raw engine name, in report order. */
    public static final List<String> ALL = List.of(JDK, BC, CONSCRYPT, ACCP);

    private RawEngines() {
    }

    /**
     * The provider object of {@code engine}, or {@code null} for the JDK's defaults.
     *
     * @throws IllegalStateException if the engine's native code does not load here, saying why
     * @throws IllegalArgumentException if the name is unknown
     */
    public static Provider provider(String engine) {
        return switch (engine) {
            case JDK -> null;
            case BC -> Holder.BC;
            case CONSCRYPT -> conscrypt();
            case ACCP -> accp();
            default -> throw new IllegalArgumentException("unknown raw engine '" + engine + "'; known: " + ALL);
        };
    }

    /** The provider's name and version (Conscrypt's provider says 1.0 whatever its release: ask the library). */
    public static String describe(String engine, Provider p) {
        if (CONSCRYPT.equals(engine)) {
            Conscrypt.Version v = Conscrypt.version();
            return p.getName() + " " + v.major() + "." + v.minor() + "." + v.patch() + " (BoringSSL)";
        }
        return p.getName() + " " + p.getVersionStr() + (ACCP.equals(engine) ? " (AWS-LC)" : "");
    }

    private static Provider conscrypt() {
        try {
            Conscrypt.checkAvailability();
            return Holder.conscrypt();
        } catch (Throwable e) { // UnsatisfiedLinkError and friends: native code did not load
            throw new IllegalStateException("Conscrypt native code does not load here: " + e, e);
        }
    }

    private static Provider accp() {
        Throwable error;
        try {
            AmazonCorrettoCryptoProvider p = AmazonCorrettoCryptoProvider.INSTANCE;
            error = p.getLoadingError();
            if (error == null) {
                return p;
            }
        } catch (Throwable e) {
            error = e;
        }
        throw new IllegalStateException("ACCP native code does not load here: " + error, error);
    }

    private static final class Holder {
        static final Provider BC = new BouncyCastleProvider();
        private static Provider conscrypt;

        static synchronized Provider conscrypt() {
            if (conscrypt == null) {
                conscrypt = Conscrypt.newProvider();
            }
            return conscrypt;
        }
    }
}
