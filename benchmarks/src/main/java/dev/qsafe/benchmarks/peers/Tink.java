package dev.qsafe.benchmarks.peers;

import com.google.crypto.tink.Configuration;
import com.google.crypto.tink.KeysetHandle;
import com.google.crypto.tink.RegistryConfiguration;
import com.google.crypto.tink.hybrid.HybridConfig;
import com.google.crypto.tink.signature.MlDsaSignKeyManager;
import com.google.crypto.tink.signature.SignatureConfig;
import java.security.GeneralSecurityException;
import java.security.Security;
import org.conscrypt.Conscrypt;

/** Tink set up as its documentation says, once per JVM. */
final class Tink {
    private static Configuration configuration;

    private Tink() {
    }

    /**
     * Registers Tink's hybrid and signature key managers (ML-DSA's separately) and makes Conscrypt visible to Tink.
     *
     * <p>Tink finds Conscrypt only in the JCA provider list ({@code Security.getProvider("Conscrypt")}):
     * its X-Wing HPKE has no other path, and its X25519 and ML-DSA use Conscrypt when it is listed. So
     * this peer, alone among the benchmarks, appends Conscrypt to the provider list, at the lowest
     * priority (it changes no lookup that another provider already answers), and only in the forked JVM
     * of a Tink benchmark. qsafe's benchmarks never do this.
     */
    static synchronized Configuration configuration() throws GeneralSecurityException {
        if (configuration == null) {
            Conscrypt.checkAvailability();
            if (Security.getProvider("Conscrypt") == null) {
                Security.addProvider(Conscrypt.newProvider());
            }
            HybridConfig.register();
            SignatureConfig.register();
            MlDsaSignKeyManager.registerPair(); // not part of SignatureConfig in Tink 1.24
            configuration = RegistryConfiguration.get();
        }
        return configuration;
    }

    static <P> P primitive(KeysetHandle handle, Class<P> type) throws GeneralSecurityException {
        return handle.getPrimitive(configuration(), type);
    }
}
