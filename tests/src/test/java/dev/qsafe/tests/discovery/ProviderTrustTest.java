package dev.qsafe.tests.discovery;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.qsafe.api.Algorithm;
import dev.qsafe.api.ConfigurationException;
import dev.qsafe.api.CryptoMode;
import dev.qsafe.api.InvalidKeyException;
import dev.qsafe.api.PublicKey;
import dev.qsafe.api.SecretBytes;
import dev.qsafe.api.UnsupportedAlgorithmException;
import dev.qsafe.runtime.QSafe;
import dev.qsafe.runtime.config.QSafeConfig;
import dev.qsafe.runtime.keys.Identity;
import dev.qsafe.runtime.registry.CryptoRegistry;
import dev.qsafe.runtime.registry.ProviderStatus;
import dev.qsafe.runtime.registry.RegistryConfig;
import dev.qsafe.runtime.registry.Selection;
import java.io.IOException;
import java.io.StringWriter;
import java.lang.module.Configuration;
import java.lang.module.ModuleFinder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.stream.Collectors;
import javax.tools.JavaCompiler;
import javax.tools.ToolProvider;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 13, item 1 (provider trust) and item 2 (the Ed25519 key rule enforced by the registry), with
 * third-party modules compiled here and loaded in a child layer, found before the shipped providers:
 * <ul>
 *   <li>{@code fast-aes}: an AES-256-GCM at weight 2000 that round-trips but does not encrypt;</li>
 *   <li>an impostor named {@code jdk-classical};</li>
 *   <li>two providers that both call themselves {@code example-dup};</li>
 *   <li>a provider with a negative weight;</li>
 *   <li>{@code naive-ed25519}: a correct Ed25519 over the JDK (it passes RFC 8032) that skips qsafe's key
 *       rule, at weight 5000.</li>
 * </ul>
 */
class ProviderTrustTest {
    @TempDir
    static Path tmp;

    private static ModuleLayer layer;

    private static final HexFormat HEX = HexFormat.of();
    /** R = B, S = 1: verifies every message under the neutral point. */
    private static final byte[] NEUTRAL_FORGERY = HEX.parseHex("5866666666666666666666666666666666666666666666666666666666666666"
            + "0100000000000000000000000000000000000000000000000000000000000000");
    /** The neutral point: canonical, with the sign bit (x = "-0"), and y = p + 1. */
    private static final List<String> NEUTRAL_ENCODINGS = List.of(
            "0100000000000000000000000000000000000000000000000000000000000000",
            "0100000000000000000000000000000000000000000000000000000000000080",
            "eeffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff7f");

    @BeforeAll
    static void compilePluginModules() throws IOException {
        Path src = tmp.resolve("src");
        write(src, "com.example.untrusted", "module-info.java", """
                module com.example.untrusted {
                    requires dev.qsafe.api;
                    provides dev.qsafe.api.spi.CryptoProvider with
                            com.example.untrusted.FastAes, com.example.untrusted.Impostor,
                            com.example.untrusted.DupOne, com.example.untrusted.DupTwo,
                            com.example.untrusted.NegativeWeight, com.example.untrusted.NaiveEd25519;
                }""");
        write(src, "com.example.untrusted", "com/example/untrusted/FastAes.java", """
                package com.example.untrusted;
                import dev.qsafe.api.*;
                import dev.qsafe.api.spi.*;
                import java.util.Arrays;
                import java.util.Set;
                /** "Fast AES": copies the plaintext and appends a zero tag; open strips it. Round-trips. */
                public final class FastAes implements CryptoProvider {
                    public String name() { return "fast-aes"; }
                    public String description() { return "a very fast AES-256-GCM"; }
                    public Availability availability() { return Availability.available("always"); }
                    public Set<Algorithm> algorithms() { return Set.of(Algorithm.AES_256_GCM); }
                    public int weight(Algorithm a) { return 2000; }
                    public AeadSpi engineAead(Algorithm a) {
                        return new AeadSpi() {
                            public Algorithm algorithm() { return Algorithm.AES_256_GCM; }
                            public byte[] seal(SecretBytes key, byte[] nonce, byte[] plaintext, byte[] aad) {
                                return Arrays.copyOf(plaintext, plaintext.length + 16);
                            }
                            public byte[] open(SecretBytes key, byte[] nonce, byte[] sealed, byte[] aad) {
                                if (sealed.length < 16) throw new DecryptionFailedException();
                                return Arrays.copyOf(sealed, sealed.length - 16);
                            }
                        };
                    }
                }""");
        write(src, "com.example.untrusted", "com/example/untrusted/Impostor.java", """
                package com.example.untrusted;
                import dev.qsafe.api.*;
                import dev.qsafe.api.spi.*;
                import java.util.Set;
                public final class Impostor implements CryptoProvider {
                    public String name() { return "jdk-classical"; }
                    public String description() { return "not the JDK"; }
                    public Availability availability() { return Availability.available(""); }
                    public Set<Algorithm> algorithms() { return Set.of(Algorithm.ED25519); }
                    public int weight(Algorithm a) { return 1; }
                    public SignatureSpi engineSignature(Algorithm a) { throw new AssertionError("the impostor must never be asked"); }
                }""");
        for (String dup : List.of("DupOne", "DupTwo")) {
            write(src, "com.example.untrusted", "com/example/untrusted/" + dup + ".java", """
                    package com.example.untrusted;
                    import dev.qsafe.api.*;
                    import dev.qsafe.api.spi.*;
                    import java.util.Set;
                    public final class %s implements CryptoProvider {
                        public String name() { return "example-dup"; }
                        public String description() { return "one of two"; }
                        public Availability availability() { return Availability.available(""); }
                        public Set<Algorithm> algorithms() { return Set.of(Algorithm.HKDF_SHA256); }
                        public int weight(Algorithm a) { return 1; }
                    }""".formatted(dup));
        }
        write(src, "com.example.untrusted", "com/example/untrusted/NegativeWeight.java", """
                package com.example.untrusted;
                import dev.qsafe.api.*;
                import dev.qsafe.api.spi.*;
                import java.util.Set;
                public final class NegativeWeight implements CryptoProvider {
                    public String name() { return "negative-weight"; }
                    public String description() { return ""; }
                    public Availability availability() { return Availability.available(""); }
                    public Set<Algorithm> algorithms() { return Set.of(Algorithm.HKDF_SHA256); }
                    public int weight(Algorithm a) { return -7; }
                }""");
        write(src, "com.example.untrusted", "com/example/untrusted/NaiveEd25519.java", """
                package com.example.untrusted;
                import dev.qsafe.api.Algorithm;
                import dev.qsafe.api.InvalidSignatureException;
                import dev.qsafe.api.KeyPair;
                import dev.qsafe.api.QSafeException;
                import dev.qsafe.api.SecretAccess;
                import dev.qsafe.api.spi.Availability;
                import dev.qsafe.api.spi.CryptoProvider;
                import dev.qsafe.api.spi.SignatureSpi;
                import java.security.GeneralSecurityException;
                import java.security.KeyFactory;
                import java.security.KeyPairGenerator;
                import java.security.SecureRandom;
                import java.security.Signature;
                import java.security.spec.NamedParameterSpec;
                import java.security.spec.PKCS8EncodedKeySpec;
                import java.security.spec.X509EncodedKeySpec;
                import java.util.HexFormat;
                import java.util.Set;
                /** Ed25519 over SunEC, written from the SPI's javadoc: no key checks of its own. */
                public final class NaiveEd25519 implements CryptoProvider {
                    public String name() { return "naive-ed25519"; }
                    public String description() { return "Ed25519 over SunEC, no extra checks"; }
                    public Availability availability() { return Availability.available(""); }
                    public Set<Algorithm> algorithms() { return Set.of(Algorithm.ED25519); }
                    public int weight(Algorithm a) { return 5000; }
                    static final byte[] SPKI = HexFormat.of().parseHex("302a300506032b6570032100");
                    static final byte[] PKCS8 = HexFormat.of().parseHex("302e020100300506032b657004220420");
                    static byte[] cat(byte[] a, byte[] b) {
                        byte[] r = java.util.Arrays.copyOf(a, a.length + b.length);
                        System.arraycopy(b, 0, r, a.length, b.length);
                        return r;
                    }
                    public SignatureSpi engineSignature(Algorithm alg) {
                        return new SignatureSpi() {
                            public Algorithm algorithm() { return Algorithm.ED25519; }
                            public KeyPair generateKeyPair() {
                                byte[] seed = new byte[32];
                                new SecureRandom().nextBytes(seed);
                                return deriveKeyPair(seed);
                            }
                            public KeyPair deriveKeyPair(byte[] seed) {
                                dev.qsafe.api.PrivateKey sk = dev.qsafe.api.PrivateKey.of(Algorithm.ED25519, seed);
                                return new KeyPair(derivePublicKey(sk), sk);
                            }
                            public dev.qsafe.api.PublicKey derivePublicKey(dev.qsafe.api.PrivateKey sk) {
                                try {
                                    // SunEC has no seed-to-public call: its key pair generator draws the seed from the random
                                    KeyPairGenerator g = KeyPairGenerator.getInstance("Ed25519");
                                    g.initialize(NamedParameterSpec.ED25519, new FixedRandom(sk.rawBytes(SecretAccess.INSECURE)));
                                    byte[] spki = g.generateKeyPair().getPublic().getEncoded();
                                    return dev.qsafe.api.PublicKey.of(Algorithm.ED25519, java.util.Arrays.copyOfRange(spki, 12, 44));
                                } catch (GeneralSecurityException e) { throw new QSafeException("ed25519", e); }
                            }
                            public byte[] sign(dev.qsafe.api.PrivateKey sk, byte[] message, byte[] context) {
                                try {
                                    Signature s = Signature.getInstance("Ed25519");
                                    s.initSign(priv(sk));
                                    s.update(message);
                                    return s.sign();
                                } catch (GeneralSecurityException e) { throw new QSafeException("ed25519", e); }
                            }
                            public void verify(dev.qsafe.api.PublicKey pk, byte[] message, byte[] sig, byte[] context) {
                                boolean ok;
                                try {
                                    Signature s = Signature.getInstance("Ed25519");
                                    s.initVerify(KeyFactory.getInstance("Ed25519").generatePublic(new X509EncodedKeySpec(cat(SPKI, pk.encoded()))));
                                    s.update(message);
                                    ok = s.verify(sig);
                                } catch (GeneralSecurityException e) { throw new InvalidSignatureException("bad: " + e.getMessage()); }
                                if (!ok) throw new InvalidSignatureException("Ed25519 signature is not valid");
                            }
                            public byte[] engineSignDerandomized(dev.qsafe.api.PrivateKey sk, byte[] m, byte[] c, byte[] r) { return sign(sk, m, c); }
                            private java.security.PrivateKey priv(dev.qsafe.api.PrivateKey sk) throws GeneralSecurityException {
                                return KeyFactory.getInstance("Ed25519").generatePrivate(new PKCS8EncodedKeySpec(cat(PKCS8, sk.rawBytes(SecretAccess.INSECURE))));
                            }
                        };
                    }
                    static final class FixedRandom extends SecureRandom {
                        private final byte[] seed;
                        FixedRandom(byte[] seed) { this.seed = seed; }
                        @Override public void nextBytes(byte[] out) { System.arraycopy(seed, 0, out, 0, out.length); }
                    }
                }""");

        Path out = tmp.resolve("mods");
        JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
        StringWriter diagnostics = new StringWriter();
        List<String> args = List.of("-d", out.toString(), "--module-source-path", src.toString(),
                "--module-path", System.getProperty("jdk.module.path"), "--module", "com.example.untrusted");
        Boolean ok = javac.getTask(diagnostics, null, null, args, null, null).call();
        assertTrue(ok, "plug-in modules must compile: " + diagnostics);
        Configuration cf = ModuleLayer.boot().configuration()
                .resolveAndBind(ModuleFinder.of(out), ModuleFinder.of(), Set.of("com.example.untrusted"));
        layer = ModuleLayer.boot().defineModulesWithOneLoader(cf, ClassLoader.getSystemClassLoader());
    }

    private static void write(Path src, String module, String file, String content) throws IOException {
        Path p = src.resolve(module).resolve(file);
        Files.createDirectories(p.getParent());
        Files.writeString(p, content, StandardCharsets.UTF_8);
    }

    private static CryptoRegistry registry(RegistryConfig config) {
        return CryptoRegistry.discover(layer, config);
    }

    private static List<ProviderStatus> named(CryptoRegistry registry, String name) {
        return registry.providers().stream().filter(s -> s.name().equals(name)).toList();
    }

    @Test
    void nonEncryptingAead_atWeight2000_failsItsSelfTest_andIsNeverSelected() {
        CryptoRegistry registry = registry(RegistryConfig.defaults());
        assertEquals(ProviderStatus.State.ACTIVE, named(registry, "fast-aes").getFirst().state());
        Selection s = registry.selection(Algorithm.AES_256_GCM);
        assertNotEquals("fast-aes", s.selected().orElseThrow(), "the engine actually used is reported");
        assertTrue(s.skipped().stream().anyMatch(c -> c.provider().equals("fast-aes") && c.note().contains("known-answer")),
                s.skipped().toString());
        assertThrows(UnsupportedAlgorithmException.class, () -> registry.aead(Algorithm.AES_256_GCM, "fast-aes"));

        byte[] plaintext = "attack at dawn, attack at dawn!".getBytes(StandardCharsets.UTF_8);
        SecretBytes key = SecretBytes.copyOf(new byte[32]);
        byte[] sealed = registry.aead(Algorithm.AES_256_GCM).seal(key, new byte[12], plaintext, new byte[0]);
        assertFalse(new String(sealed, StandardCharsets.ISO_8859_1).contains("attack at dawn"), "the selected AEAD encrypts");

        // End to end: an envelope never carries the plaintext.
        try (QSafe qsafe = QSafe.newBuilder().registry(registry).config(QSafeConfig.defaults()).build()) {
            Identity alice = qsafe.generateIdentity("alice", CryptoMode.CLASSICAL);
            Identity bob = qsafe.generateIdentity("bob", CryptoMode.CLASSICAL);
            byte[] envelope = qsafe.seal(plaintext, bob.publicIdentity(), alice);
            assertFalse(new String(envelope, StandardCharsets.ISO_8859_1).contains("attack at dawn"));
            assertArrayEquals(plaintext, qsafe.open(envelope, bob, alice.publicIdentity()));
            assertEquals(s.selected().orElseThrow(), qsafe.metrics().snapshot().engines().get("AES-256-GCM"),
                    "metrics report the engine actually used");
        }
    }

    @Test
    void thirdPartyOutrankingBuiltIn_isReported() {
        CryptoRegistry registry = registry(RegistryConfig.defaults());
        assertTrue(registry.notices().stream().anyMatch(n -> n.contains("'fast-aes'") && n.contains("AES-256-GCM")
                && n.contains("com.example.untrusted")), registry.notices().toString());
        assertTrue(registry.notices().stream().anyMatch(n -> n.contains("'naive-ed25519'") && n.contains("Ed25519")),
                registry.notices().toString());
        assertTrue(named(registry, "fast-aes").getFirst().builtIn() == false);
        assertTrue(registry.providers().stream().filter(p -> p.module().startsWith("dev.qsafe.provider"))
                .allMatch(ProviderStatus::builtIn));
    }

    @Test
    void pinnedToAnEngineThatFailsItsSelfTest_failsClosed_namingIt() {
        CryptoRegistry registry = registry(RegistryConfig.newBuilder().pin(Algorithm.AES_256_GCM, "fast-aes").build());
        UnsupportedAlgorithmException e = assertThrows(UnsupportedAlgorithmException.class, () -> registry.aead(Algorithm.AES_256_GCM));
        assertTrue(e.getMessage().contains("fast-aes") && e.getMessage().contains("self-test"), e.getMessage());
        assertTrue(registry.selection(Algorithm.AES_256_GCM).selected().isEmpty());
    }

    @Test
    void impostorOfABuiltInName_isRefused_andThePinGetsTheRealProvider() {
        CryptoRegistry registry = registry(RegistryConfig.newBuilder().pin(Algorithm.ED25519, "jdk-classical").build());
        List<ProviderStatus> claims = named(registry, "jdk-classical");
        assertEquals(2, claims.size(), claims.toString());
        ProviderStatus impostor = claims.stream().filter(s -> s.module().equals("com.example.untrusted")).findFirst().orElseThrow();
        ProviderStatus real = claims.stream().filter(s -> s.module().equals("dev.qsafe.provider.classical")).findFirst().orElseThrow();
        assertEquals(ProviderStatus.State.FAILED, impostor.state());
        assertTrue(impostor.reason().contains("belongs to qsafe's provider"), impostor.reason());
        assertEquals(ProviderStatus.State.ACTIVE, real.state(), real.reason());
        assertEquals("jdk-classical", registry.selection(Algorithm.ED25519).selected().orElseThrow());
        var engine = registry.signature(Algorithm.ED25519);
        var pair = engine.generateKeyPair();
        engine.verify(pair.publicKey(), new byte[] {1}, engine.sign(pair.privateKey(), new byte[] {1}, new byte[0]), new byte[0]);
    }

    @Test
    void duplicateName_isRefusedForBoth_andWeightsAreValidated() {
        CryptoRegistry registry = registry(RegistryConfig.defaults());
        List<ProviderStatus> dups = named(registry, "example-dup");
        assertEquals(2, dups.size());
        dups.forEach(d -> {
            assertEquals(ProviderStatus.State.FAILED, d.state());
            assertTrue(d.reason().contains("duplicate provider name"), d.reason());
        });
        ProviderStatus negative = named(registry, "negative-weight").getFirst();
        assertEquals(ProviderStatus.State.FAILED, negative.state());
        assertTrue(negative.reason().contains("outside 0..10000"), negative.reason());
        assertFalse(registry.providersOf(Algorithm.HKDF_SHA256).contains("example-dup"));
    }

    @Test
    void allowList_onlyQsafe_excludesThirdParties_andANamedOneCanBeAdded() {
        CryptoRegistry onlyQsafe = registry(RegistryConfig.newBuilder().allow(RegistryConfig.QSAFE_PROVIDERS).build());
        for (String name : List.of("fast-aes", "naive-ed25519")) {
            ProviderStatus s = named(onlyQsafe, name).getFirst();
            assertEquals(ProviderStatus.State.EXCLUDED, s.state());
            assertTrue(s.reason().contains("trust policy"), s.reason());
        }
        assertTrue(CryptoRegistry.BUILT_IN_PROVIDERS.containsKey(onlyQsafe.selection(Algorithm.ED25519).selected().orElseThrow()));
        assertTrue(onlyQsafe.notices().isEmpty(), onlyQsafe.notices().toString());

        Properties props = new Properties();
        props.setProperty(RegistryConfig.ALLOW_PROPERTY, "qsafe, naive-ed25519");
        CryptoRegistry withOne = registry(RegistryConfig.fromProperties(props));
        assertEquals(ProviderStatus.State.ACTIVE, named(withOne, "naive-ed25519").getFirst().state());
        assertEquals(ProviderStatus.State.EXCLUDED, named(withOne, "fast-aes").getFirst().state());
        assertEquals("naive-ed25519", withOne.selection(Algorithm.ED25519).selected().orElseThrow());

        props.setProperty(RegistryConfig.ALLOW_PROPERTY, "bc-classical");
        CryptoRegistry onlyBc = CryptoRegistry.discover(RegistryConfig.fromProperties(props));
        assertEquals(Set.of("bc-classical"), onlyBc.providers().stream().filter(p -> p.state() == ProviderStatus.State.ACTIVE)
                .map(ProviderStatus::name).collect(Collectors.toSet()));
    }

    @Test
    void excludeTypo_isAConfigurationError() {
        ConfigurationException e = assertThrows(ConfigurationException.class,
                () -> CryptoRegistry.discover(RegistryConfig.newBuilder().exclude("jdk-clasical").build()));
        assertTrue(e.getMessage().contains("jdk-clasical") && e.getMessage().contains("qsafe.provider.exclude"), e.getMessage());
        Properties props = new Properties();
        props.setProperty(RegistryConfig.EXCLUDE_PROPERTY, "bc-pqc,fast-ase");
        assertThrows(ConfigurationException.class, () -> registry(RegistryConfig.fromProperties(props)));
        // A real name, a third party's present in the layer, and qsafe's own names are fine.
        props.setProperty(RegistryConfig.EXCLUDE_PROPERTY, "bc-pqc,fast-aes,accp");
        assertEquals(ProviderStatus.State.EXCLUDED, named(registry(RegistryConfig.fromProperties(props)), "fast-aes").getFirst().state());
    }

    @Test
    void naiveThirdPartyEd25519_isSelected_yetSmallOrderAndNonCanonicalKeysAreRefused() {
        CryptoRegistry registry = registry(RegistryConfig.defaults());
        assertEquals("naive-ed25519", registry.selection(Algorithm.ED25519).selected().orElseThrow(),
                "it passes RFC 8032, so it is selected at its weight");
        for (String provider : registry.providersOf(Algorithm.ED25519)) {
            for (String encoding : NEUTRAL_ENCODINGS) {
                PublicKey key = PublicKey.of(Algorithm.ED25519, HEX.parseHex(encoding));
                for (String message : List.of("pay mallory 100", "anything at all")) {
                    assertThrows(InvalidKeyException.class, () -> registry.signature(Algorithm.ED25519, provider)
                                    .verify(key, message.getBytes(StandardCharsets.UTF_8), NEUTRAL_FORGERY, new byte[0]),
                            provider + " accepted a forgery under the neutral point encoded as " + encoding);
                }
            }
        }
        PublicKey neutral = PublicKey.of(Algorithm.ED25519, HEX.parseHex(NEUTRAL_ENCODINGS.getFirst()));
        assertThrows(InvalidKeyException.class, () -> registry.signature(Algorithm.ED25519)
                .verify(neutral, new byte[] {42}, NEUTRAL_FORGERY, new byte[0]));
    }

    /**
     * Before issue 13, Conscrypt's native composite verified its Ed25519 half without qsafe's rule: under a
     * key whose Ed25519 half is the neutral point (canonical, {@code 01 00..00 80} or y = p + 1), the fixed
     * half R = B, S = 1 verified for every message, so the composite rested on ML-DSA alone. The JDK, Bouncy
     * Castle and {@code hybrid} refused it.
     */
    @Test
    void compositeEngines_refuseANeutralEd25519Half_onEveryEngine() {
        CryptoRegistry registry = CryptoRegistry.discover(RegistryConfig.defaults());
        byte[] message = "any file at all".getBytes(StandardCharsets.UTF_8);
        for (Algorithm alg : List.of(Algorithm.MLDSA65_ED25519, Algorithm.MLDSA44_ED25519)) {
            for (String provider : registry.providersOf(alg)) {
                var engine = registry.signature(alg, provider);
                var pair = engine.generateKeyPair();
                byte[] valid = engine.sign(pair.privateKey(), message, new byte[0]);
                for (String encoding : NEUTRAL_ENCODINGS) {
                    byte[] pk = pair.publicKey().encoded();
                    System.arraycopy(HEX.parseHex(encoding), 0, pk, pk.length - 32, 32);
                    byte[] sig = valid.clone(); // a real ML-DSA half, the neutral-point forgery as the Ed25519 half
                    System.arraycopy(NEUTRAL_FORGERY, 0, sig, sig.length - 64, 64);
                    assertThrows(InvalidKeyException.class, () -> engine.verify(PublicKey.of(alg, pk), message, sig, new byte[0]),
                            alg + " on " + provider + " accepted an Ed25519 half forged under the neutral point " + encoding);
                }
                pair.privateKey().destroy();
            }
        }
    }

    @Test
    void selfTestOutcome_isTheSameForEveryBuiltInEngine() {
        CryptoRegistry registry = CryptoRegistry.discover(RegistryConfig.defaults());
        for (Algorithm a : registry.algorithms()) {
            for (String provider : registry.providersOf(a)) {
                Object engine = switch (a.kind()) {
                    case KEM -> registry.kem(a, provider);
                    case SIGNATURE -> registry.signature(a, provider);
                    case AEAD -> registry.aead(a, provider);
                    case KDF -> registry.kdf(a, provider);
                    case XOF -> registry.xof(a, provider);
                    case PASSWORD_KDF -> registry.passwordKdf(a, provider);
                };
                assertTrue(engine != null, a + " " + provider);
            }
            Selection s = registry.selection(a);
            assertTrue(s.skipped().stream().noneMatch(c -> c.note().contains("self-test")), a + ": " + s.skipped());
        }
        Map<String, ProviderStatus> byName = registry.providers().stream()
                .collect(Collectors.toMap(ProviderStatus::name, p -> p, (x, y) -> x));
        assertTrue(byName.values().stream().allMatch(ProviderStatus::builtIn), byName.toString());
    }
}
