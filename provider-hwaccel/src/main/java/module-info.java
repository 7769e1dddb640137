/**
 * Native, hardware-accelerated engines reached through JNI: {@code conscrypt} (Conscrypt 2.9.0,
 * BoringSSL) and {@code accp} (Amazon Corretto Crypto Provider 2.5.0, AWS-LC). Each engine's JCA
 * provider object is used directly, never installed globally. Their native libraries load only when
 * native access is enabled for their modules ({@code --enable-native-access=org.conscrypt,com.amazon.corretto.crypto.provider})
 * and {@code -Dqsafe.hwaccel.native=false} is not set; otherwise the providers report themselves
 * unavailable with the reason. Exports nothing; found through {@link java.util.ServiceLoader}.
 */
module dev.qsafe.provider.hwaccel {
    requires dev.qsafe.api;
    requires dev.qsafe.provider.toolkit; // DHKEM, Ed25519, AEAD and HKDF engines, checks, DER wrappers and the provider base, shared with the other providers
    requires org.conscrypt;
    requires com.amazon.corretto.crypto.provider;

    provides dev.qsafe.api.spi.CryptoProvider with
            dev.qsafe.provider.hwaccel.internal.ConscryptProvider,
            dev.qsafe.provider.hwaccel.internal.AccpProvider;
}
