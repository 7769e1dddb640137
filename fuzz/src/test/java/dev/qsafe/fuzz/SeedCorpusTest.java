package dev.qsafe.fuzz;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.qsafe.adaptive.AdaptiveConfig;
import dev.qsafe.api.Algorithm;
import dev.qsafe.api.AlgorithmKind;
import dev.qsafe.api.CryptoMode;
import dev.qsafe.api.DecryptionFailedException;
import dev.qsafe.api.KeyPair;
import dev.qsafe.api.PrivateKey;
import dev.qsafe.api.SecretAccess;
import dev.qsafe.runtime.config.QSafeConfig;
import dev.qsafe.runtime.keys.Identity;
import dev.qsafe.runtime.keys.IdentityFiles;
import dev.qsafe.runtime.keys.KeyEncodings;
import dev.qsafe.session.Prekeys;
import dev.qsafe.session.Sessions;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The seed corpus of the fuzz targets: real envelopes, signatures, keys, identity files and
 * configurations, committed under {@code src/test/resources/dev/qsafe/fuzz/<Test>Inputs/<target>/seed-*}
 * where Jazzer replays them on every build and starts fuzzing from them.
 *
 * <p>These tests check that every committed seed is still what it claims to be (an envelope that
 * opens, a signature that verifies, a key that decodes, ...), so that a format change cannot leave
 * the fuzzer starting from garbage unnoticed. With {@code -Dqsafe.fuzz.writeSeeds=true} they first
 * write the missing seeds into the source tree (delete seeds to renew them; see docs/FUZZING.md).
 */
class SeedCorpusTest {
    /** The messages of the seed envelopes: empty, short, and longer than a block. */
    static final List<byte[]> ENVELOPE_MESSAGES = List.of(new byte[0],
            "hello, fuzzer".getBytes(StandardCharsets.US_ASCII), Fixtures.deterministicBytes("message", 1000));

    private static final Path SOURCES = Path.of("src", "test", "resources", "dev", "qsafe", "fuzz");
    private static final String SEED = "seed-";
    /** Where a detached signature's sig_alg_len starts: after the magic and the version. */
    private static final int INNER_OFFSET_IN_SIGNATURE = 4 + 1;

    @BeforeAll
    static void writeSeedsIfAsked() {
        if (Boolean.getBoolean("qsafe.fuzz.writeSeeds")) {
            writeSeeds();
        }
    }

    @Test
    void envelopeSeeds_openWithTheFixedIdentity() {
        for (CryptoMode mode : CryptoMode.values()) {
            Identity party = Fixtures.identity(mode);
            int n = forEachSeed(EnvelopeFuzzTest.class, "open" + camel(mode), envelope -> {
                byte[] message = Fixtures.QSAFE.open(envelope, party, party.publicIdentity());
                assertTrue(ENVELOPE_MESSAGES.stream().anyMatch(m -> Arrays.equals(m, message)));
                assertFalse(EnvelopeFuzzTest.lengthsInconsistent(envelope));
            });
            assertEquals(ENVELOPE_MESSAGES.size(), n, mode + " envelope seeds");
        }
        assertEquals(CryptoMode.values().length, forEachSeed(EnvelopeFuzzTest.class, "inspect", Fixtures.QSAFE::inspect));
    }

    @Test
    void innerSeeds_areSignedInnerPartsThatDoNotOpen() {
        for (CryptoMode mode : CryptoMode.values()) {
            Identity party = Fixtures.identity(mode);
            assertEquals(1, forEachSeed(EnvelopeFuzzTest.class, "inner" + camel(mode), inner -> {
                int nameLen = inner[0] & 0xFF;
                assertEquals(party.suite().signature().name(), new String(inner, 1, nameLen, StandardCharsets.US_ASCII));
                assertThrows(DecryptionFailedException.class,
                        () -> Fixtures.QSAFE.open(EnvelopeFuzzTest.seal(party, inner), party, party.publicIdentity()));
            }));
        }
    }

    @Test
    void streamSeeds_areChunkedPlaintextsWithATrailerThatDoNotOpen() {
        Identity party = Fixtures.identity(CryptoMode.CLASSICAL);
        assertEquals(1, forEachSeed(EnvelopeFuzzTest.class, "streamClassical", p -> {
            int body = java.nio.ByteBuffer.wrap(p, p.length - 4, 4).getInt();
            int start = p.length - 4 - body;
            assertEquals(party.suite().signature().name(), new String(p, start + 1, p[start] & 0xFF, StandardCharsets.US_ASCII));
            assertThrows(DecryptionFailedException.class, () -> Fixtures.QSAFE.openStream(
                    new java.io.ByteArrayInputStream(EnvelopeFuzzTest.sealStream(party, p)), java.io.OutputStream.nullOutputStream(),
                    party, party.publicIdentity()));
        }));
    }

    @Test
    void multiSeeds_openWithTheFixedIdentity() {
        Identity party = Fixtures.identity(CryptoMode.CLASSICAL);
        int[] claims = {0};
        int n = forEachSeed(MultiEnvelopeFuzzTest.class, "openMulti", rest -> {
            byte[] envelope = MultiEnvelopeFuzzTest.envelope(rest);
            if (rest.length == 8) {
                claims[0]++; // the absurd count: refused before anything is read
                assertThrows(dev.qsafe.api.InvalidInputException.class, () -> Fixtures.QSAFE.inspect(envelope));
                return;
            }
            byte[] message = Fixtures.QSAFE.open(envelope, party, party.publicIdentity());
            assertTrue(ENVELOPE_MESSAGES.stream().anyMatch(m -> Arrays.equals(m, message)));
            assertEquals(1, Fixtures.QSAFE.inspect(envelope).recipientCount());
        });
        assertEquals(3, n, "multi-recipient seeds");
        assertEquals(1, claims[0]);
        assertEquals(1, forEachSeed(MultiEnvelopeFuzzTest.class, "inspectMulti",
                rest -> Fixtures.QSAFE.inspect(MultiEnvelopeFuzzTest.envelope(rest))));
    }

    /**
     * The re-wrap seeds are payloads of real re-wrapped envelopes (message, kept proof, its length) whose
     * proof verifies with the fixed CLASSICAL identity as original sender, through the target's carrier; the
     * one version 2 proof among {@code keptProof}'s seeds is refused by the version rule (a kept proof travels
     * in an envelope of its original's version), the path it is there to reach.
     */
    @Test
    void rewrapSeeds_arePayloadsWhoseKeptProofVerifies() {
        Identity party = Fixtures.identity(CryptoMode.CLASSICAL);
        int[] versions = new int[3];
        assertEquals(ENVELOPE_MESSAGES.size() + 1, forEachSeed(RewrapFuzzTest.class, "keptProof", payload -> {
            byte[] carrier = Fixtures.QSAFE.seal(payload, party.publicIdentity(), party);
            int version = dev.qsafe.runtime.format.KeptProof.fromEnd(payload, payload.length).version();
            versions[version]++;
            if (version == 1) {
                byte[] message = RewrapFuzzTest.REWRAP.open(carrier, party, party.publicIdentity());
                assertTrue(ENVELOPE_MESSAGES.stream().anyMatch(m -> Arrays.equals(m, message)));
            } else {
                var e = assertThrows(dev.qsafe.api.InvalidInputException.class,
                        () -> RewrapFuzzTest.REWRAP.open(carrier, party, party.publicIdentity()));
                assertTrue(e.getMessage().contains("travels in a version 1 envelope"), e.getMessage());
            }
        }));
        assertEquals(ENVELOPE_MESSAGES.size(), versions[1], "a version 1 original of each message");
        assertEquals(1, versions[2], "one version 2 original, in the wrong carrier");
        assertEquals(ENVELOPE_MESSAGES.size(), forEachSeed(RewrapFuzzTest.class, "keptProofStream", payload -> {
            byte[] message = RewrapFuzzTest.openStream(RewrapFuzzTest.sealStream(party, payload), party);
            assertTrue(ENVELOPE_MESSAGES.stream().anyMatch(m -> Arrays.equals(m, message)));
        }));
    }

    @Test
    void signatureSeeds_verify() {
        for (CryptoMode mode : CryptoMode.values()) {
            assertEquals(1, forEachSeed(DetachedSignatureFuzzTest.class, "verify" + camel(mode),
                    s -> Fixtures.QSAFE.verify(Fixtures.MESSAGE, s, Fixtures.identity(mode).publicIdentity())));
        }
    }

    @Test
    void keySeeds_decodeToTheFixedKeys() {
        int algorithms = Fixtures.KEY_ALGORITHMS.size();
        assertEquals(algorithms, forEachSeed(KeyDecodingFuzzTest.class, "spki",
                der -> assertEquals(fixedKeyPair(KeyEncodings.decodeSpki(der).algorithm()).publicKey(), KeyEncodings.decodeSpki(der))));
        assertEquals(algorithms, forEachSeed(KeyDecodingFuzzTest.class, "pkcs8",
                der -> assertEquals(fixedKeyPair(KeyEncodings.decodePkcs8(der).algorithm()).privateKey(), KeyEncodings.decodePkcs8(der))));
        // the RFC 9935/9881 example keys in all three forms, and a both key whose halves disagree
        assertEquals(5, forEachSeed(KeyDecodingFuzzTest.class, "pkcs8Checked", der -> {
            if (KeyEncodings.privateKeyForm(der).orElseThrow() == KeyEncodings.PrivateKeyForm.BOTH
                    && der[der.length - 1] == 0x5a) {
                assertThrows(dev.qsafe.runtime.keys.InconsistentPrivateKeyException.class,
                        () -> KeyEncodings.decodePkcs8(der, Fixtures.REGISTRY));
            } else {
                KeyEncodings.decodePkcs8(der, Fixtures.REGISTRY);
            }
        }));
        assertEquals(algorithms, forEachSeed(KeyDecodingFuzzTest.class, "publicPem",
                pem -> KeyEncodings.decodePublicPem(new String(pem, StandardCharsets.UTF_8))));
        assertEquals(algorithms, forEachSeed(KeyDecodingFuzzTest.class, "privatePem",
                pem -> KeyEncodings.decodePrivatePem(new String(pem, StandardCharsets.UTF_8))));
        int engines = Fixtures.KEY_ALGORITHMS.stream().mapToInt(a -> Fixtures.REGISTRY.providersOf(a).size()).sum();
        assertEquals(engines, forEachSeed(KeyDecodingFuzzTest.class, "rawPublicKey", raw -> {
            KeyPair fixed = fixedKeyPair(Fixtures.KEY_ALGORITHMS.get(raw[0]));
            assertArrayEquals(fixed.publicKey().encoded(), Arrays.copyOfRange(raw, 2, raw.length));
        }));
        assertEquals(engines, forEachSeed(KeyDecodingFuzzTest.class, "rawPrivateKey", raw -> {
            Algorithm a = Fixtures.KEY_ALGORITHMS.get(raw[0]);
            String provider = Fixtures.REGISTRY.providersOf(a).get(raw[1]);
            PrivateKey key = PrivateKey.of(a, Arrays.copyOfRange(raw, 2, raw.length));
            assertEquals(fixedKeyPair(a).publicKey(), a.kind() == AlgorithmKind.KEM
                    ? Fixtures.REGISTRY.kem(a, provider).derivePublicKey(key)
                    : Fixtures.REGISTRY.signature(a, provider).derivePublicKey(key));
        }));
    }

    @Test
    void enginesAgreeSeeds_holdTheFixedKeys() {
        assertEquals(KeyDecodingFuzzTest.MULTI_ENGINE.size(), forEachSeed(KeyDecodingFuzzTest.class, "enginesAgree", input -> {
            Algorithm a = KeyDecodingFuzzTest.MULTI_ENGINE.get(input[0]);
            KeyPair fixed = fixedKeyPair(a);
            byte[] key = a.kind() == AlgorithmKind.KEM ? fixed.privateKey().rawBytes(SecretAccess.INSECURE) : fixed.publicKey().encoded();
            assertArrayEquals(key, Arrays.copyOfRange(input, 1, 1 + key.length));
        }));
    }

    /**
     * A crash input kept as a regression must still reach the algorithm it was found on: the first byte
     * indexes the algorithms with several engines, which grow as providers are added.
     */
    @Test
    void enginesAgreeCrashInputs_stillSelectTheirAlgorithm() throws IOException {
        Path dir = SOURCES.resolve(KeyDecodingFuzzTest.class.getSimpleName() + "Inputs").resolve("enginesAgree");
        byte[] ed25519 = Files.readAllBytes(dir.resolve("crash-ed25519-small-order-public-key"));
        assertEquals(Algorithm.ED25519,
                KeyDecodingFuzzTest.MULTI_ENGINE.get((ed25519[0] & 0xFF) % KeyDecodingFuzzTest.MULTI_ENGINE.size()));
    }

    @Test
    void identitySeeds_read() {
        int modes = CryptoMode.values().length;
        assertEquals(modes + 1, forEachSeed(IdentityFilesFuzzTest.class, "read",
                f -> IdentityFiles.read(text(f), Fixtures.PASSPHRASE.clone(), Fixtures.REGISTRY)), "one per mode, and a PBKDF2 one");
        assertEquals(modes, forEachSeed(IdentityFilesFuzzTest.class, "readUnprotected",
                f -> IdentityFiles.readUnprotected(text(f), Fixtures.REGISTRY)));
        assertEquals(modes, forEachSeed(IdentityFilesFuzzTest.class, "readPublic", f -> IdentityFiles.readPublic(text(f), Fixtures.REGISTRY)));
    }

    @Test
    void configurationSeeds_load() throws IOException {
        Path file = Files.createTempFile("qsafe-seed-config", ".json");
        try {
            assertEquals(CONFIGURATIONS.size(), forEachSeed(ConfigurationFuzzTest.class, "load", contents -> {
                try {
                    Files.write(file, contents);
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
                AdaptiveConfig.from(QSafeConfig.load(file)); // the adaptive seed must be valid for its owner too
            }));
        } finally {
            Files.delete(file);
        }
    }

    /**
     * The vector-file seeds (small excerpts of the files in ../shared/vectors, one per schema; see
     * docs/FUZZING.md) are recognised, run at least one case, fail none, and pass the target's oracle,
     * so the fuzzer starts from files that reach every schema's case parser and the engines.
     */
    @Test
    void vectorFileSeeds_areRecognisedAndPass() {
        int n = forEachSeed(VectorFileFuzzTest.class, "runFile", input -> {
            assertTrue(input.length <= VectorFileFuzzTest.MAX_INPUT, "larger than the target reads: " + input.length);
            List<Path> files = VectorFileFuzzTest.write(input);
            dev.qsafe.conformance.Report report = dev.qsafe.conformance.VectorRunner.newBuilder(Fixtures.REGISTRY).build()
                    .run(List.of(files.getFirst().getParent()));
            assertTrue(VectorFileFuzzTest.run(new dev.qsafe.conformance.internal.FileRunner(Fixtures.REGISTRY, null,
                    dev.qsafe.conformance.VectorRunner.DEFAULT_MAX_FILE_BYTES), files));
            assertEquals(files.size(), report.count(dev.qsafe.conformance.FileReport.Status.RECOGNISED), report.files().toString());
            assertEquals(0, report.failed(), report.files().toString());
            assertTrue(report.passed() > 0, "no case ran: " + report.files());
        });
        assertTrue(n >= 20, "expected a seed per vector schema, found " + n);
    }

    // ---- the seeds ----

    /** Configuration seeds: the documented example, and one of each kind of value. */
    @Test
    void sessionSeeds_openAcceptInitiateAndRestore() {
        for (CryptoMode mode : CryptoMode.values()) {
            Identity me = Fixtures.identity(mode);
            String name = "seed-" + mode.name().toLowerCase(Locale.ROOT);
            byte[] state = sessionSeed("state", name, mode);
            byte[] prekeys = sessionSeed("prekeys", name, mode);
            SessionFuzzTest.SESSIONS.restore(state, me).seal(Fixtures.MESSAGE);
            SessionFuzzTest.SESSIONS.restorePrekeys(prekeys, me).bundle();
            SessionFuzzTest.SESSIONS.initiate(me, me.publicIdentity(), sessionSeed("bundle", name, mode), new byte[0]);
            SessionFuzzTest.SESSIONS.accept(SessionFuzzTest.SESSIONS.restorePrekeys(prekeys, me),
                    sessionSeed("firstMessage", name, mode), null);
            for (int i = 1; i <= 2; i++) {
                byte[] message = sessionSeed("message", name + "-" + i, mode);
                assertArrayEquals(SESSION_MESSAGES.get(i - 1), SessionFuzzTest.SESSIONS.restore(state, me).open(message));
            }
        }
    }

    /** The plaintexts of the message seeds {@code seed-<mode>-1} and {@code -2}. */
    static final List<byte[]> SESSION_MESSAGES = List.of("hello, session fuzzer".getBytes(StandardCharsets.US_ASCII),
            Fixtures.deterministicBytes("session message", 1000));

    /** A session seed without its mode byte, checking that the byte picks {@code mode}. */
    private static byte[] sessionSeed(String target, String name, CryptoMode mode) {
        byte[][] found = new byte[1][];
        forEachSeed(SessionFuzzTest.class, target, b -> {
            if (b.length > 0 && seedName(SessionFuzzTest.class, target, b, name)) {
                assertEquals(mode, SessionFuzzTest.mode(b));
                found[0] = Arrays.copyOfRange(b, 1, b.length);
            }
        });
        if (found[0] == null) {
            throw new AssertionError("no seed " + name + " for SessionFuzzTest." + target
                    + ": write the seeds with -Dqsafe.fuzz.writeSeeds=true (see docs/FUZZING.md)");
        }
        return found[0];
    }

    private static boolean seedName(Class<?> test, String target, byte[] contents, String name) {
        try {
            Path p = seedDirectory(test, target).resolve(name);
            return Files.exists(p) && java.security.MessageDigest.isEqual(Files.readAllBytes(p), contents);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * The session seeds of one mode, written together (they belong to one session of the fixed identity
     * with itself): its bundle, its prekeys before the first message, the first message, the responder's
     * state after its reply, and two messages of the initiator after it read the reply.
     */
    private static void writeSessionSeeds(CryptoMode mode) {
        String name = mode.name().toLowerCase(Locale.ROOT);
        if (Files.exists(SOURCES.resolve("SessionFuzzTestInputs/state/" + SEED + name))) {
            return;
        }
        Identity me = Fixtures.identity(mode);
        Sessions sessions = SessionFuzzTest.SESSIONS;
        Prekeys prekeys = sessions.newPrekeys(me);
        byte[] bundle = prekeys.bundle();
        byte[] exported = prekeys.export();
        Sessions.Initiation i = sessions.initiate(me, me.publicIdentity(), bundle, "hello".getBytes(StandardCharsets.US_ASCII));
        Sessions.Acceptance a = sessions.accept(prekeys, i.firstMessage(), null);
        i.session().open(a.session().seal("reply".getBytes(StandardCharsets.US_ASCII)));
        byte[] state = a.session().export();
        byte[] m = {(byte) mode.ordinal()};
        write(SessionFuzzTest.class, "bundle", name, concat(m, bundle));
        write(SessionFuzzTest.class, "prekeys", name, concat(m, exported));
        write(SessionFuzzTest.class, "firstMessage", name, concat(m, i.firstMessage()));
        write(SessionFuzzTest.class, "state", name, concat(m, state));
        for (int k = 1; k <= 2; k++) {
            write(SessionFuzzTest.class, "message", name + "-" + k, concat(m, i.session().seal(SESSION_MESSAGES.get(k - 1))));
        }
    }

    /**
     * Payloads of real re-wrapped envelopes: originals (version 1 of each message, version 2 of each in
     * 256-byte chunks) sealed to and signed by the fixed CLASSICAL identity, re-wrapped by {@code Rewrap} to
     * the fixed HYBRID identity, whose open gives the payload. {@code keptProof} gets the version 1 ones and
     * the longest version 2 one (which its version 1 carrier refuses: both openers accept a kept proof only in an
     * envelope of its original's version); {@code keptProofStream} the version 2 ones.
     */
    private static void writeRewrapSeeds(Identity classical) {
        Identity resealer = Fixtures.identity(CryptoMode.HYBRID);
        for (byte[] message : ENVELOPE_MESSAGES) {
            byte[] v1 = Fixtures.QSAFE.seal(message, classical.publicIdentity(), classical);
            byte[] v2 = RewrapFuzzTest.sealStream(classical, message);
            for (byte[] original : List.of(v1, v2)) {
                byte[] rewrapped = RewrapFuzzTest.REWRAP.rewrap(original, classical, classical.publicIdentity(), resealer);
                byte[] payload = Fixtures.QSAFE.open(rewrapped, resealer, resealer.publicIdentity());
                String name = "v" + original[4] + "-" + message.length;
                if (original == v1 || message.length == ENVELOPE_MESSAGES.getLast().length) {
                    write(RewrapFuzzTest.class, "keptProof", name, payload);
                }
                if (original == v2) {
                    write(RewrapFuzzTest.class, "keptProofStream", name, payload);
                }
            }
        }
    }

    private static final Map<String, String> CONFIGURATIONS = configurations();

    private static Map<String, String> configurations() {
        Map<String, String> c = new LinkedHashMap<>();
        c.put("empty", "{}");
        c.put("documented", """
                {
                  "defaultMode": "hybrid",
                  "suites": { "classical": "classical-v1", "hybrid": "hybrid-v1",
                              "pqc": { "name": "pqc-768-v1", "kem": "ML-KEM-768", "signature": "ML-DSA-65",
                                       "aead": "AES-256-GCM", "kdf": "HKDF-SHA256" } },
                  "providers": { "pin": { "Ed25519": "jdk-classical" }, "exclude": [ "bc-pqc" ] },
                  "policy": { "allowedAlgorithms": [ "X-Wing", "ML-KEM-1024" ], "minNistCategory": 3 },
                  "maxMessageBytes": 67108864
                }
                """);
        c.put("aliases", """
                { "defaultMode": "quantum", "suites": { "pq": "pqc-v1", "classical": "classical-chacha20-v1" },
                  "policy": { "minNistCategory": 0 }, "maxMessageBytes": 1 }
                """);
        c.put("adaptive", """
                { "adaptive": { "floor": "hybrid", "preferred": "pq",
                    "network": { "bandwidthMbps": 0.5, "rttMs": 250, "lossPercent": 1.5, "metered": true },
                    "thresholds": { "economizeAt": 4, "latencyBudgetMs": 20, "lowBatteryPercent": 15, "highCpuLoad": 0.9 } } }
                """);
        return c;
    }

    private static void writeSeeds() {
        Identity classical = Fixtures.identity(CryptoMode.CLASSICAL);
        for (boolean hide : new boolean[] {false, true}) {
            java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
            try {
                Fixtures.QSAFE.sealStream(new java.io.ByteArrayInputStream(ENVELOPE_MESSAGES.get(1)), out,
                        List.of(classical.publicIdentity()), classical, 256, hide);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            byte[] rest = Arrays.copyOfRange(out.toByteArray(), 5, out.size());
            write(MultiEnvelopeFuzzTest.class, "openMulti", hide ? "hidden-ids" : "key-ids", rest);
            if (!hide) {
                write(MultiEnvelopeFuzzTest.class, "inspectMulti", "key-ids", rest);
            }
        }
        writeRewrapSeeds(classical);
        // kdf 0001, aead 0002, chunk_log2 16, flags 01, count 65535
        write(MultiEnvelopeFuzzTest.class, "openMulti", "absurd-count", new byte[] {0, 1, 0, 2, 16, 1, (byte) 0xFF, (byte) 0xFF});
        for (CryptoMode mode : CryptoMode.values()) {
            Identity party = Fixtures.identity(mode);
            String name = mode.name().toLowerCase(Locale.ROOT);
            for (int i = 0; i < ENVELOPE_MESSAGES.size(); i++) {
                byte[] envelope = Fixtures.QSAFE.seal(ENVELOPE_MESSAGES.get(i), party.publicIdentity(), party);
                write(EnvelopeFuzzTest.class, "open" + camel(mode), name + "-" + ENVELOPE_MESSAGES.get(i).length, envelope);
                if (i == 1) {
                    write(EnvelopeFuzzTest.class, "inspect", name, envelope);
                }
            }
            byte[] signature = Fixtures.QSAFE.sign(Fixtures.MESSAGE, party);
            write(DetachedSignatureFuzzTest.class, "verify" + camel(mode), name, signature);
            // An inner part as the sender writes it (sig_alg_len | sig_alg | key id | sig_len | sig | message),
            // with a real signature of the sender, though over other bytes: the layout of the detached
            // signature after its magic and version.
            byte[] structure = Arrays.copyOfRange(signature, INNER_OFFSET_IN_SIGNATURE, signature.length);
            write(EnvelopeFuzzTest.class, "inner" + camel(mode), name, concat(structure, ENVELOPE_MESSAGES.get(1)));
            if (mode == CryptoMode.CLASSICAL) {
                // The chunked plaintext of envelope version 2: message | the same structure | its length (u32).
                byte[] length = java.nio.ByteBuffer.allocate(4).putInt(structure.length).array();
                write(EnvelopeFuzzTest.class, "stream" + camel(mode), name,
                        concat(concat(ENVELOPE_MESSAGES.get(2), structure), length));
            }
            write(IdentityFilesFuzzTest.class, "read", name,
                    utf8(IdentityFiles.write(party, Fixtures.PASSPHRASE.clone(), Fixtures.CHEAP_COST, Fixtures.REGISTRY)));
            if (mode == CryptoMode.CLASSICAL) {
                // the PBKDF2-HMAC-SHA512 layout (version 3), at the fewest iterations a file may name
                write(IdentityFilesFuzzTest.class, "read", name + "-pbkdf2", utf8(IdentityFiles.writePbkdf2(party,
                        Fixtures.PASSPHRASE.clone(), IdentityFiles.PBKDF2_MIN_ITERATIONS, Fixtures.REGISTRY)));
            }
            write(IdentityFilesFuzzTest.class, "readUnprotected", name, utf8(IdentityFiles.writeUnprotected(party)));
            write(IdentityFilesFuzzTest.class, "readPublic", name, utf8(IdentityFiles.writePublic(party, Fixtures.REGISTRY)));
        }
        for (int index = 0; index < Fixtures.KEY_ALGORITHMS.size(); index++) {
            Algorithm a = Fixtures.KEY_ALGORITHMS.get(index);
            KeyPair pair = fixedKeyPair(a);
            String name = a.name();
            write(KeyDecodingFuzzTest.class, "spki", name, KeyEncodings.encodeSpki(pair.publicKey()));
            write(KeyDecodingFuzzTest.class, "pkcs8", name, KeyEncodings.encodePkcs8(pair.privateKey()));
            write(KeyDecodingFuzzTest.class, "publicPem", name, utf8(KeyEncodings.encodePem(pair.publicKey())));
            write(KeyDecodingFuzzTest.class, "privatePem", name, utf8(KeyEncodings.encodePem(pair.privateKey())));
            List<String> providers = Fixtures.REGISTRY.providersOf(a);
            for (int p = 0; p < providers.size(); p++) {
                String seed = name + "-" + providers.get(p);
                write(KeyDecodingFuzzTest.class, "rawPublicKey", seed, prefixed(index, p, pair.publicKey().encoded()));
                write(KeyDecodingFuzzTest.class, "rawPrivateKey", seed,
                        prefixed(index, p, pair.privateKey().rawBytes(SecretAccess.INSECURE)));
            }
        }
        for (int index = 0; index < KeyDecodingFuzzTest.MULTI_ENGINE.size(); index++) {
            Algorithm a = KeyDecodingFuzzTest.MULTI_ENGINE.get(index);
            KeyPair pair = fixedKeyPair(a);
            byte[] layout = a.kind() == AlgorithmKind.KEM
                    ? concat(concat(pair.privateKey().rawBytes(SecretAccess.INSECURE),
                            Fixtures.REGISTRY.kem(a).encapsulate(pair.publicKey()).ciphertext()), pair.publicKey().encoded())
                    : concat(concat(pair.publicKey().encoded(),
                            Fixtures.REGISTRY.signature(a).sign(pair.privateKey(), Fixtures.MESSAGE, new byte[0])), Fixtures.MESSAGE);
            write(KeyDecodingFuzzTest.class, "enginesAgree", a.name(), prefixed(index, layout));
        }
        CONFIGURATIONS.forEach((name, json) -> write(ConfigurationFuzzTest.class, "load", name, utf8(json)));
        for (CryptoMode mode : CryptoMode.values()) {
            writeSessionSeeds(mode);
        }
    }

    /** The key pair of {@code algorithm} derived from its constant seed (SLH-DSA takes 3n bytes, not its 4n-byte key). */
    private static KeyPair fixedKeyPair(Algorithm a) {
        int seedLength = a.name().startsWith("SLH-DSA") ? a.privateKeySize() / 4 * 3 : a.privateKeySize();
        byte[] seed = Fixtures.deterministicBytes(a.name(), seedLength);
        return a.kind() == AlgorithmKind.KEM ? Fixtures.REGISTRY.kem(a).deriveKeyPair(seed)
                : Fixtures.REGISTRY.signature(a).deriveKeyPair(seed);
    }

    private static byte[] concat(byte[] a, byte[] b) {
        byte[] out = Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }

    private static byte[] prefixed(int algorithm, int provider, byte[] key) {
        return concat(new byte[] {(byte) algorithm, (byte) provider}, key);
    }

    private static byte[] prefixed(int algorithm, byte[] rest) {
        return concat(new byte[] {(byte) algorithm}, rest);
    }

    /** Writes a seed unless it exists: envelopes and signatures differ at every sealing, so existing ones stay. */
    private static void write(Class<?> test, String target, String name, byte[] contents) {
        Path dir = SOURCES.resolve(test.getSimpleName() + "Inputs").resolve(target);
        Path seed = dir.resolve(SEED + name);
        if (Files.exists(seed)) {
            return;
        }
        try {
            Files.createDirectories(dir);
            Files.write(seed, contents);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write a seed into " + dir, e);
        }
    }

    /**
     * Runs {@code check} on every seed of a target, read from the test class path (where Jazzer
     * reads them too), and returns how many there were.
     */
    private static int forEachSeed(Class<?> test, String target, Consumer<byte[]> check) {
        try (Stream<Path> files = Files.list(seedDirectory(test, target))) {
            List<Path> seeds = files.filter(f -> f.getFileName().toString().startsWith(SEED)).sorted().toList();
            for (Path seed : seeds) {
                try {
                    check.accept(Files.readAllBytes(seed));
                } catch (RuntimeException | AssertionError e) {
                    throw new AssertionError("seed " + seed + " is no longer valid: " + e, e);
                }
            }
            return seeds.size();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Where a target's seeds are: in the source tree when they were just written, else on the class path. */
    private static Path seedDirectory(Class<?> test, String target) {
        String relative = test.getSimpleName() + "Inputs/" + target;
        if (Boolean.getBoolean("qsafe.fuzz.writeSeeds")) {
            return SOURCES.resolve(relative);
        }
        URL url = test.getResource(relative);
        if (url == null) {
            throw new AssertionError("no seeds for " + test.getSimpleName() + "." + target
                    + ": write them with -Dqsafe.fuzz.writeSeeds=true (see docs/FUZZING.md)");
        }
        try {
            return Path.of(url.toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException("test resources must be files, not " + url, e);
        }
    }

    private static String camel(CryptoMode mode) {
        String lower = mode.name().toLowerCase(Locale.ROOT);
        return Character.toUpperCase(lower.charAt(0)) + lower.substring(1);
    }

    private static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    private static String text(byte[] bytes) {
        return new String(bytes, StandardCharsets.UTF_8);
    }
}
