package dev.qsafe.provider.classical.internal;

import dev.qsafe.provider.toolkit.HkdfEngine;
import dev.qsafe.provider.toolkit.PerThread;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.security.GeneralSecurityException;
import java.security.spec.AlgorithmParameterSpec;
import java.util.List;
import javax.crypto.SecretKey;
import javax.crypto.spec.SecretKeySpec;

/**
 * HKDF-SHA256 and HKDF-SHA384 from the JDK's {@code javax.crypto.KDF} API (JEP 510, JDK 25), SunJCE's
 * "HKDF-SHA256" and "HKDF-SHA384".
 *
 * <p>The library is compiled for Java 21, which has no {@code javax.crypto.KDF}: the API is reached through
 * method handles, resolved when the first engine is made. {@code jdk-classical} offers HKDF-SHA256 only
 * when SunJCE has the "KDF" service (JDK 25 and newer), so on Java 21 this class is never used and the
 * provider's availability note says why.
 */
final class JdkHkdf implements HkdfEngine.Backend {
    private static final JcaService KDF_SERVICE = new JcaService(JcaService.SUN_JCE, "KDF", "HKDF-SHA256");
    private static final JcaService KDF_384_SERVICE = new JcaService(JcaService.SUN_JCE, "KDF", "HKDF-SHA384");
    /** The JDK services the HKDF-SHA256 backend needs. */
    static final List<JcaService> SERVICES = List.of(KDF_SERVICE);
    /** The JDK services the HKDF-SHA384 backend needs. */
    static final List<JcaService> SERVICES_384 = List.of(KDF_384_SERVICE);

    /** One KDF object per thread and hash ({@link PerThread}); dropped after any failure. */
    private static final PerThread<Object> KDFS = perThread(KDF_SERVICE);
    private static final PerThread<Object> KDFS_384 = perThread(KDF_384_SERVICE);

    /** HKDF-SHA256. */
    static final JdkHkdf SHA256 = new JdkHkdf(KDFS);
    /** HKDF-SHA384. */
    static final JdkHkdf SHA384 = new JdkHkdf(KDFS_384);

    private final PerThread<Object> kdfs;

    private JdkHkdf(PerThread<Object> kdfs) {
        this.kdfs = kdfs;
    }

    private static PerThread<Object> perThread(JcaService service) {
        return new PerThread<>(() -> Api.kdf(service.algorithm(), service.provider()));
    }

    @Override
    public byte[] extract(byte[] salt, byte[] ikm) throws GeneralSecurityException {
        return derive(Api.extractOnly(salt, ikm));
    }

    @Override
    public byte[] expand(byte[] prk, byte[] info, int length) throws GeneralSecurityException {
        return derive(Api.expandOnly(new SecretKeySpec(prk, "HKDF-PRK"), info, length));
    }

    private byte[] derive(AlgorithmParameterSpec spec) throws GeneralSecurityException {
        return kdfs.with(kdf -> Api.deriveData(kdf, spec));
    }

    /** {@code javax.crypto.KDF} and {@code HKDFParameterSpec} through method handles (resolved on first use). */
    private static final class Api {
        private static final MethodHandle GET_INSTANCE;
        private static final MethodHandle DERIVE_DATA;
        private static final MethodHandle OF_EXTRACT;
        private static final MethodHandle ADD_SALT;
        private static final MethodHandle ADD_IKM;
        private static final MethodHandle EXTRACT_ONLY;
        private static final MethodHandle EXPAND_ONLY;

        static {
            try {
                MethodHandles.Lookup l = MethodHandles.publicLookup();
                Class<?> kdf = Class.forName("javax.crypto.KDF");
                Class<?> spec = Class.forName("javax.crypto.spec.HKDFParameterSpec");
                Class<?> builder = Class.forName("javax.crypto.spec.HKDFParameterSpec$Builder");
                GET_INSTANCE = l.findStatic(kdf, "getInstance", MethodType.methodType(kdf, String.class, String.class));
                DERIVE_DATA = l.findVirtual(kdf, "deriveData", MethodType.methodType(byte[].class, AlgorithmParameterSpec.class));
                OF_EXTRACT = l.findStatic(spec, "ofExtract", MethodType.methodType(builder));
                ADD_SALT = l.findVirtual(builder, "addSalt", MethodType.methodType(builder, byte[].class));
                ADD_IKM = l.findVirtual(builder, "addIKM", MethodType.methodType(builder, byte[].class));
                EXTRACT_ONLY = l.findVirtual(builder, "extractOnly", MethodType.methodType(
                        Class.forName("javax.crypto.spec.HKDFParameterSpec$Extract")));
                EXPAND_ONLY = l.findStatic(spec, "expandOnly", MethodType.methodType(
                        Class.forName("javax.crypto.spec.HKDFParameterSpec$Expand"), SecretKey.class, byte[].class, int.class));
            } catch (ReflectiveOperationException e) {
                throw new IllegalStateException("this JDK has no javax.crypto.KDF API (JDK 25 or newer)", e);
            }
        }

        private Api() {
        }

        static Object kdf(String algorithm, String provider) throws GeneralSecurityException {
            return call(() -> GET_INSTANCE.invoke(algorithm, provider));
        }

        static byte[] deriveData(Object kdf, AlgorithmParameterSpec spec) throws GeneralSecurityException {
            return (byte[]) call(() -> DERIVE_DATA.invoke(kdf, spec));
        }

        static AlgorithmParameterSpec extractOnly(byte[] salt, byte[] ikm) throws GeneralSecurityException {
            return (AlgorithmParameterSpec) call(() -> EXTRACT_ONLY.invoke(ADD_IKM.invoke(ADD_SALT.invoke(OF_EXTRACT.invoke(), salt), ikm)));
        }

        static AlgorithmParameterSpec expandOnly(SecretKey prk, byte[] info, int length) throws GeneralSecurityException {
            return (AlgorithmParameterSpec) call(() -> EXPAND_ONLY.invoke(prk, info, length));
        }

        private interface Call {
            Object run() throws Throwable;
        }

        /** Runs {@code c}, rethrowing what the JDK method threw as it is. */
        private static Object call(Call c) throws GeneralSecurityException {
            try {
                return c.run();
            } catch (GeneralSecurityException | RuntimeException | Error e) {
                throw e;
            } catch (Throwable t) {
                throw new IllegalStateException("javax.crypto.KDF call failed", t);
            }
        }
    }
}
