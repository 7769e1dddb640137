/** An example third-party qsafe provider: HKDF-SHA256 and HKDF-SHA512 from the JDK's javax.crypto.KDF. */
module com.example.hkdf {
    requires dev.qsafe.api;
    provides dev.qsafe.api.spi.CryptoProvider with com.example.hkdf.HkdfProvider;
}
