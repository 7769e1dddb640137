package dev.qsafe.tests.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.qsafe.cli.ExitCodes;
import java.io.File;
import java.io.IOException;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import javax.tools.JavaCompiler;
import javax.tools.ToolProvider;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * A defect inside a library (an engine that throws an {@link Error}, an unexpected runtime exception, or
 * the engines' "failed inside the underlying crypto library" error wrapping the library's own exception)
 * ends the {@code qsafe} process with the documented internal-error code {@value ExitCodes#INTERNAL} and
 * one line on the error stream, never with {@value ExitCodes#CRYPTO_FAILURE}, the code of a wrong key or
 * modified data; a typed qsafe error from the same place keeps its own code.
 *
 * <p>The defective engine is an Ed25519 provider module compiled here and put on the module path of a
 * real {@code qsafe} process (its exit code is what a script sees), pinned for Ed25519, which
 * {@code qsafe demo --mode classical} needs first to make Alice's identity. It passes the registry's
 * known-answer self-test (docs/PROVIDERS.md, "Trust") and fails only on the fresh key pair, so the defect
 * is one at operation time; the {@code selftest} case fails the self-test instead, and the pin fails closed.
 */
class CliLibraryDefectExitCodeTest {
    @TempDir
    static Path tmp;

    private static Path modules;

    @BeforeAll
    static void compileDefectiveProvider() throws IOException {
        Path src = tmp.resolve("src").resolve("com.example.defective");
        write(src, "module-info.java", """
                module com.example.defective {
                    requires dev.qsafe.api;
                    provides dev.qsafe.api.spi.CryptoProvider with com.example.defective.DefectiveProvider;
                }""");
        write(src, "com/example/defective/DefectiveProvider.java", """
                package com.example.defective;

                import dev.qsafe.api.*;
                import dev.qsafe.api.spi.*;
                import java.security.GeneralSecurityException;
                import java.security.KeyFactory;
                import java.security.KeyPairGenerator;
                import java.security.ProviderException;
                import java.security.SecureRandom;
                import java.security.Signature;
                import java.security.spec.NamedParameterSpec;
                import java.security.spec.PKCS8EncodedKeySpec;
                import java.security.spec.X509EncodedKeySpec;
                import java.util.Arrays;
                import java.util.HexFormat;
                import java.util.Set;

                /**
                 * Ed25519 over SunEC that derives, signs and verifies correctly (so it passes the registry's
                 * known-answer self-test) but fails the way example.defect says when asked for a fresh key pair,
                 * the first thing qsafe demo does; example.defect=selftest makes it derive wrong public keys,
                 * which the self-test catches.
                 */
                public final class DefectiveProvider implements CryptoProvider {
                    static final byte[] SPKI = HexFormat.of().parseHex("302a300506032b6570032100");
                    static final byte[] PKCS8 = HexFormat.of().parseHex("302e020100300506032b657004220420");
                    public String name() { return "example-defective"; }
                    public String description() { return "an Ed25519 engine with a defect"; }
                    public Availability availability() { return Availability.available("test"); }
                    public Set<Algorithm> algorithms() { return Set.of(Algorithm.ED25519); }
                    public int weight(Algorithm a) { return 1; }
                    public SignatureSpi engineSignature(Algorithm a) {
                        return new SignatureSpi() {
                            public Algorithm algorithm() { return Algorithm.ED25519; }
                            public KeyPair generateKeyPair() { throw defect(); }
                            public KeyPair deriveKeyPair(byte[] seed) {
                                PrivateKey sk = PrivateKey.of(Algorithm.ED25519, seed);
                                return new KeyPair(derivePublicKey(sk), sk);
                            }
                            public PublicKey derivePublicKey(PrivateKey k) {
                                try {
                                    KeyPairGenerator g = KeyPairGenerator.getInstance("Ed25519");
                                    byte[] seed = k.rawBytes(SecretAccess.INSECURE);
                                    g.initialize(NamedParameterSpec.ED25519, new SecureRandom() {
                                        @Override public void nextBytes(byte[] out) { System.arraycopy(seed, 0, out, 0, out.length); }
                                    });
                                    byte[] pk = Arrays.copyOfRange(g.generateKeyPair().getPublic().getEncoded(), 12, 44);
                                    if ("selftest".equals(System.getProperty("example.defect"))) pk[0] ^= 1;
                                    return PublicKey.of(Algorithm.ED25519, pk);
                                } catch (GeneralSecurityException e) { throw new QSafeException("ed25519", e); }
                            }
                            public byte[] sign(PrivateKey k, byte[] m, byte[] c) {
                                try {
                                    Signature s = Signature.getInstance("Ed25519");
                                    s.initSign(KeyFactory.getInstance("Ed25519").generatePrivate(
                                            new PKCS8EncodedKeySpec(cat(PKCS8, k.rawBytes(SecretAccess.INSECURE)))));
                                    s.update(m);
                                    return s.sign();
                                } catch (GeneralSecurityException e) { throw new QSafeException("ed25519", e); }
                            }
                            public void verify(PublicKey k, byte[] m, byte[] sig, byte[] c) {
                                boolean ok;
                                try {
                                    Signature s = Signature.getInstance("Ed25519");
                                    s.initVerify(KeyFactory.getInstance("Ed25519").generatePublic(new X509EncodedKeySpec(cat(SPKI, k.encoded()))));
                                    s.update(m);
                                    ok = s.verify(sig);
                                } catch (GeneralSecurityException e) { throw new InvalidSignatureException("malformed"); }
                                if (!ok) throw new InvalidSignatureException("not valid");
                            }
                            public byte[] engineSignDerandomized(PrivateKey k, byte[] m, byte[] c, byte[] r) { return sign(k, m, c); }
                        };
                    }

                    static byte[] cat(byte[] a, byte[] b) {
                        byte[] r = Arrays.copyOf(a, a.length + b.length);
                        System.arraycopy(b, 0, r, a.length, b.length);
                        return r;
                    }

                    private static RuntimeException defect() {
                        String kind = System.getProperty("example.defect");
                        switch (kind) {
                            case "error" -> throw new AssertionError("Ed25519 table corrupt");
                            case "runtime" -> throw new IllegalStateException("Ed25519 engine in a bad state");
                            // What the engines throw when the library under them fails (dev.qsafe.provider.toolkit.Checks.engineFailure).
                            case "library" -> throw new QSafeException("Ed25519 key generation failed inside the underlying crypto"
                                    + " library (ProviderException); this is a defect or a platform problem, not bad input",
                                    new ProviderException("native call returned -1"));
                            case "typed" -> throw new UnsupportedAlgorithmException("Ed25519 is switched off in this engine");
                            default -> throw new IllegalArgumentException("unknown example.defect " + kind);
                        }
                    }
                }""");
        modules = tmp.resolve("mods");
        JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
        StringWriter diagnostics = new StringWriter();
        List<String> args = List.of("-d", modules.toString(), "--module-source-path", src.getParent().toString(),
                "--module-path", System.getProperty("jdk.module.path"), "--module", "com.example.defective");
        Boolean ok = javac.getTask(diagnostics, null, null, args, null, null).call();
        assertTrue(ok, "the defective provider must compile: " + diagnostics);
    }

    private static void write(Path src, String file, String content) throws IOException {
        Path p = src.resolve(file);
        Files.createDirectories(p.getParent());
        Files.writeString(p, content, StandardCharsets.UTF_8);
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource({
        "error,   70",  // an Error passes by picocli's exception handler
        "runtime, 70",
        "library, 70",  // a QSafeException that wraps a library's own exception
        "typed,   3",   // a typed qsafe error keeps its documented code (no usable engine)
        "selftest, 3",  // the pinned engine fails its known-answer self-test: not used, fails closed (no usable engine)
    })
    void defectInAnEngine_exitsWithTheDocumentedCode_oneLineNoTrace(String defect, int expected) throws Exception {
        List<String> command = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "--module-path", System.getProperty("jdk.module.path") + File.pathSeparator + modules,
                "-Dqsafe.provider.pin=Ed25519=example-defective", "-Dqsafe.hwaccel.native=false",
                "-Dexample.defect=" + defect,
                "-m", "dev.qsafe.cli/dev.qsafe.cli.Main", "demo", "--mode", "classical", "--warmup-ms", "0", "--measure-ms", "1"));
        Path stdoutFile = tmp.resolve(defect + ".out");
        Path stderrFile = tmp.resolve(defect + ".err");
        Process p = new ProcessBuilder(command).directory(tmp.toFile())
                .redirectOutput(stdoutFile.toFile()).redirectError(stderrFile.toFile()).start();
        p.getOutputStream().close(); // empty standard input
        if (!p.waitFor(120, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new AssertionError("qsafe did not end within 120 s");
        }
        byte[] stdout = Files.readAllBytes(stdoutFile);
        String err = Files.readString(stderrFile, StandardCharsets.UTF_8);
        assertEquals(expected, p.exitValue(), err);
        // A failed self-test is also logged once (System.Logger, WARNING) before the error line.
        String errorLine = defect.equals("selftest") ? err.substring(err.lastIndexOf("\nqsafe: ") + 1) : err;
        assertTrue(errorLine.startsWith("qsafe: "), err);
        assertFalse(err.contains("\tat "), "no stack trace without --verbose: " + err);
        assertFalse(err.contains("Exception in thread"), err);
        assertEquals(0, stdout.length, "nothing on standard output: " + new String(stdout, StandardCharsets.UTF_8));
        if (expected == ExitCodes.INTERNAL) {
            assertTrue(err.contains("run again with --verbose"), err);
        }
        if (defect.equals("selftest")) {
            assertTrue(err.contains("example-defective") && err.contains("known-answer self-test"), err);
        } else {
            assertFalse(err.contains("self-test"), "the defect comes after the self-test passed: " + err);
        }
    }
}
