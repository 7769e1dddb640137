package dev.qsafe.tests.discovery;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.qsafe.api.Aead;
import dev.qsafe.api.Algorithm;
import dev.qsafe.api.PolicyViolationException;
import dev.qsafe.api.SecretBytes;
import dev.qsafe.runtime.registry.CryptoRegistry;
import dev.qsafe.runtime.registry.Profile;
import dev.qsafe.runtime.registry.RegistryConfig;
import java.io.IOException;
import java.io.StringWriter;
import java.lang.module.Configuration;
import java.lang.module.ModuleFinder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.List;
import java.util.Set;
import javax.crypto.KDF;
import javax.crypto.spec.HKDFParameterSpec;
import javax.tools.JavaCompiler;
import javax.tools.ToolProvider;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A third party's engines are subject to the policy profile like qsafe's own, because the registry applies it to
 * every engine it hands out: a plug-in module (compiled here against the api alone) offers ChaCha20-Poly1305 above
 * every built-in engine and a new algorithm, HKDF-SHA384. Without a profile its ChaCha20-Poly1305 is selected and
 * works; under {@code fips} it is refused by rule {@code fips.aead} before its engine is created; under
 * {@code cnsa2} its HKDF-SHA384 is admitted (rule {@code cnsa2.kdf}) and derives what the JDK derives.
 */
class ProfileThirdPartyTest {
    @TempDir
    static Path tmp;

    private static ModuleLayer layer;

    @BeforeAll
    static void compilePlugin() throws IOException {
        Path src = tmp.resolve("src");
        write(src, "module-info.java", """
                module com.example.policy {
                    requires dev.qsafe.api;
                    provides dev.qsafe.api.spi.CryptoProvider with com.example.policy.ExampleProvider;
                }""");
        write(src, "com/example/policy/ExampleProvider.java", """
                package com.example.policy;

                import dev.qsafe.api.*;
                import dev.qsafe.api.spi.*;
                import java.security.GeneralSecurityException;
                import java.util.Set;
                import javax.crypto.AEADBadTagException;
                import javax.crypto.Cipher;
                import javax.crypto.KDF;
                import javax.crypto.spec.HKDFParameterSpec;
                import javax.crypto.spec.IvParameterSpec;
                import javax.crypto.spec.SecretKeySpec;

                public final class ExampleProvider implements CryptoProvider {
                    static final Algorithm HKDF_SHA384 = Algorithm.define(Algorithm.builder("HKDF-SHA384", AlgorithmKind.KDF)
                            .nistCategory(3).keySize(48).hpkeId(0x0002).build());
                    public String name() { return "example-policy"; }
                    public String description() { return "ChaCha20-Poly1305 and HKDF-SHA384 from the JDK"; }
                    public Availability availability() { return Availability.available("JDK " + Runtime.version()); }
                    public Set<Algorithm> algorithms() { return Set.of(Algorithm.CHACHA20_POLY1305, HKDF_SHA384); }
                    public int weight(Algorithm a) { return 10_000; }

                    public AeadSpi engineAead(Algorithm a) {
                        if (!a.equals(Algorithm.CHACHA20_POLY1305)) throw new UnsupportedAlgorithmException("only ChaCha20-Poly1305");
                        return new AeadSpi() {
                            public Algorithm algorithm() { return Algorithm.CHACHA20_POLY1305; }
                            public byte[] seal(SecretBytes key, byte[] nonce, byte[] plaintext, byte[] aad) {
                                return run(Cipher.ENCRYPT_MODE, key, nonce, plaintext, aad);
                            }
                            public byte[] open(SecretBytes key, byte[] nonce, byte[] sealed, byte[] aad) {
                                return run(Cipher.DECRYPT_MODE, key, nonce, sealed, aad);
                            }
                        };
                    }

                    private static byte[] run(int mode, SecretBytes key, byte[] nonce, byte[] input, byte[] aad) {
                        byte[] k = key.rawBytes(SecretAccess.INSECURE);
                        try {
                            Cipher c = Cipher.getInstance("ChaCha20-Poly1305");
                            c.init(mode, new SecretKeySpec(k, "ChaCha20"), new IvParameterSpec(nonce));
                            c.updateAAD(aad);
                            return c.doFinal(input);
                        } catch (AEADBadTagException e) {
                            throw new DecryptionFailedException(e);
                        } catch (GeneralSecurityException e) {
                            throw new InvalidInputException("ChaCha20-Poly1305: " + e.getMessage());
                        } finally {
                            java.util.Arrays.fill(k, (byte) 0);
                        }
                    }

                    public KdfSpi engineKdf(Algorithm a) {
                        if (!a.equals(HKDF_SHA384)) throw new UnsupportedAlgorithmException("only HKDF-SHA384");
                        return new KdfSpi() {
                            public Algorithm algorithm() { return HKDF_SHA384; }
                            public byte[] extract(byte[] salt, byte[] ikm) {
                                try {
                                    var b = HKDFParameterSpec.ofExtract().addIKM(ikm);
                                    if (salt.length > 0) b = b.addSalt(salt);
                                    return KDF.getInstance("HKDF-SHA384").deriveKey("Generic", b.extractOnly()).getEncoded();
                                } catch (GeneralSecurityException e) { throw new QSafeException("HKDF-SHA384 extract failed", e); }
                            }
                            public byte[] expand(byte[] prk, byte[] info, int length) {
                                try {
                                    return KDF.getInstance("HKDF-SHA384").deriveData(
                                            HKDFParameterSpec.expandOnly(new SecretKeySpec(prk, "Generic"), info, length));
                                } catch (GeneralSecurityException e) { throw new InvalidInputException("HKDF-SHA384 expand failed: " + e.getMessage()); }
                            }
                        };
                    }
                }""");
        Path out = tmp.resolve("mods");
        JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
        StringWriter diagnostics = new StringWriter();
        List<String> args = List.of("-d", out.toString(), "--module-source-path", tmp.resolve("src-root").toString(),
                "--module-path", System.getProperty("jdk.module.path"), "--module", "com.example.policy");
        assertTrue(javac.getTask(diagnostics, null, null, args, null, null).call(), "plug-in must compile: " + diagnostics);
        Configuration cf = ModuleLayer.boot().configuration()
                .resolveAndBind(ModuleFinder.of(out), ModuleFinder.of(), Set.of("com.example.policy"));
        layer = ModuleLayer.boot().defineModulesWithOneLoader(cf, ClassLoader.getSystemClassLoader());
    }

    private static void write(Path src, String file, String content) throws IOException {
        Path p = tmp.resolve("src-root").resolve("com.example.policy").resolve(file);
        Files.createDirectories(p.getParent());
        Files.writeString(p, content, StandardCharsets.UTF_8);
    }

    private static CryptoRegistry registry(Profile profile) {
        RegistryConfig.Builder b = RegistryConfig.newBuilder();
        if (profile != null) {
            b.profile(profile);
        }
        return CryptoRegistry.discover(layer, b.build());
    }

    @Test
    void noProfile_thirdPartyChaChaIsSelectedAndWorks() {
        CryptoRegistry r = registry(null);
        assertEquals("example-policy", r.selection(Algorithm.CHACHA20_POLY1305).selected().orElseThrow());
        Aead aead = r.aead(Algorithm.CHACHA20_POLY1305);
        byte[] key = new byte[32];
        byte[] nonce = new byte[12];
        new SecureRandom().nextBytes(key);
        byte[] msg = "third party".getBytes(StandardCharsets.UTF_8);
        SecretBytes k = SecretBytes.copyOf(key);
        assertArrayEquals(msg, aead.open(k, nonce, aead.seal(k, nonce, msg, new byte[1]), new byte[1]));
    }

    @Test
    void fips_thirdPartyChaChaRefusedByTheAeadRule_evenThoughItIsSelected() {
        CryptoRegistry r = registry(Profile.FIPS);
        assertEquals("example-policy", r.selection(Algorithm.CHACHA20_POLY1305).selected().orElseThrow(),
                "the profile does not change selection, only what callers get");
        PolicyViolationException e = assertThrows(PolicyViolationException.class, () -> r.aead(Algorithm.CHACHA20_POLY1305));
        assertTrue(e.getMessage().contains("rule fips.aead") && e.getMessage().contains("ChaCha20-Poly1305"), e.getMessage());
        assertThrows(PolicyViolationException.class, () -> r.aead(Algorithm.CHACHA20_POLY1305, "example-policy"),
                "asking for the provider by name is refused too");
        assertEquals("fips.aead", r.refusal(Algorithm.CHACHA20_POLY1305).orElseThrow().id());
    }

    @Test
    void cnsa2_thirdPartyHkdfSha384IsAdmittedAndCorrect_builtInHkdfSha256Refused() throws Exception {
        CryptoRegistry r = registry(Profile.CNSA2);
        Algorithm hkdf384 = CryptoRegistry.algorithmNamed("HKDF-SHA384");
        byte[] salt = "salt".getBytes(StandardCharsets.UTF_8);
        byte[] ikm = "input keying material".getBytes(StandardCharsets.UTF_8);
        byte[] info = "info".getBytes(StandardCharsets.UTF_8);
        byte[] expected = KDF.getInstance("HKDF-SHA384").deriveData(
                HKDFParameterSpec.ofExtract().addIKM(ikm).addSalt(salt).thenExpand(info, 48));
        assertArrayEquals(expected, r.kdf(hkdf384).derive(salt, ikm, info, 48));
        PolicyViolationException e = assertThrows(PolicyViolationException.class, () -> r.kdf(Algorithm.HKDF_SHA256));
        assertTrue(e.getMessage().contains("rule cnsa2.kdf"), e.getMessage());
        assertThrows(PolicyViolationException.class, () -> r.aead(Algorithm.CHACHA20_POLY1305));
    }
}
