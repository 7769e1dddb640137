package dev.qsafe.runtime.keys;

import dev.qsafe.api.Aead;
import dev.qsafe.api.Algorithm;
import dev.qsafe.api.AlgorithmKind;
import dev.qsafe.api.CryptoMode;
import dev.qsafe.api.InvalidInputException;
import dev.qsafe.api.InvalidKeyException;
import dev.qsafe.api.KeyPair;
import dev.qsafe.api.PasswordKdfParameters;
import dev.qsafe.api.PrivateKey;
import dev.qsafe.api.PublicKey;
import dev.qsafe.api.SecretBytes;
import dev.qsafe.api.UnsupportedAlgorithmException;
import dev.qsafe.runtime.keys.PassphraseProtection.Sealed;
import dev.qsafe.runtime.registry.CryptoRegistry;
import dev.qsafe.runtime.suite.ModeRules;
import dev.qsafe.runtime.suite.Suite;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.time.DateTimeException;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import tools.jackson.core.JacksonException;
import tools.jackson.core.StreamReadConstraints;
import tools.jackson.core.StreamReadFeature;
import tools.jackson.core.json.JsonFactory;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Identity files: an {@link Identity} (with its private keys) or a {@link PublicIdentity} as JSON.
 *
 * <p>A protected identity file:
 * {@snippet lang=json :
 * {
 *   "format" : "qsafe-identity",
 *   "version" : 1,
 *   "name" : "alice",
 *   "suite" : { "name" : "pqc-v1", "mode" : "PQC", "kem" : "ML-KEM-1024", "signature" : "ML-DSA-87",
 *               "aead" : "AES-256-GCM", "kdf" : "HKDF-SHA256" },
 *   "protection" : { "kdf" : "Argon2id", "memoryKiB" : 65536, "iterations" : 3, "parallelism" : 4,
 *                    "salt" : "<16 bytes, base64>", "aead" : "AES-256-GCM" },
 *   "keys" : {
 *     "kem" : { "keyId" : "<PublicKey.keyId()>", "publicKey" : "<SubjectPublicKeyInfo, base64>",
 *               "privateKey" : { "nonce" : "<12 bytes, base64>", "ciphertext" : "<base64>" } },
 *     "signature" : { "keyId" : "...", "publicKey" : "...", "privateKey" : { "nonce" : "...", "ciphertext" : "..." } }
 *   }
 * }
 * }
 * Each private key is its PKCS#8 encoding ({@link KeyEncodings}) sealed with AES-256-GCM under a key
 * that Argon2id derives from the passphrase and the salt with the stored cost (or PBKDF2-HMAC-SHA512 with
 * its stored iteration count, in a file of version {@value #PBKDF2_VERSION} or {@value #PBKDF2_KEYSET_VERSION}
 * written with {@link PassphraseKdf#PBKDF2_HMAC_SHA512}: {@code "protection" : { "kdf" : "PBKDF2-HMAC-SHA512",
 * "iterations" : 210000, "salt", "aead" }}); the associated data
 * binds every header field (format, version, name, suite, protection), the key's slot, its key id and
 * its public key, so that changing any of them makes the file fail to open. An unprotected file
 * ({@code "format": "qsafe-identity-unprotected"}, written only by {@link #writeUnprotected}) has no
 * {@code protection} and holds each {@code privateKey} as a base64 PKCS#8 string. A public identity
 * file ({@code "format": "qsafe-public-identity"}, {@code "version": 2}) has no {@code protection} and no
 * private keys, and ends with {@code "fingerprint"} (see {@link PublicIdentity#fingerprint()}) and
 * {@code "selfSignature"}: the identity's own signature, with its signature key, over its name, suite and
 * both public keys, which {@link #readPublic} verifies. Version 1 public files had neither and are refused;
 * {@link #upgradePublic} re-writes one for its owner.
 * An identity that was {@linkplain Identity#rotate rotated} holds a keyset and is written as private version
 * {@value #KEYSET_VERSION} and public version {@value #PUBLIC_KEYSET_VERSION}: {@code keys.kem} is then a list of
 * {@code { "keyId", "status", "created", "publicKey" [, "privateKey"] }} (see {@code docs/KEYS.md}, "Keysets");
 * a single-key identity is written as before, and every version is read.
 * Base64 is the standard alphabet with padding.
 *
 * <p>Reading is strict: at most {@value #MAX_FILE_CHARS} characters, then a JSON object with exactly
 * the fields above, of the right types, algorithm and mode names exactly as qsafe writes them, keys of
 * the suite's algorithms whose key ids match, private keys that belong to their public keys, and a cost
 * within {@link #MAX_MEMORY_KIB} KiB, {@link #MAX_ITERATIONS} passes and {@link #MAX_WORK} KiB x passes (PBKDF2:
 * {@link #PBKDF2_MIN_ITERATIONS} to {@link #PBKDF2_MAX_ITERATIONS} iterations). Any violation is an
 * {@link IdentityFileException} naming the field; a wrong passphrase or modified protected contents is
 * a {@link WrongPassphraseException}; an algorithm the registry has no engine for is an
 * {@link UnsupportedAlgorithmException}.
 *
 * <p>The suite is rebuilt from the file: the built-in suite of that name when its mode and algorithms
 * are the listed ones, otherwise a custom suite with the listed algorithms. A file that names a
 * built-in suite but lists other algorithms is rejected, since built-in suites never change.
 *
 * <p>Policy: the registry's policy profile judges the file's passphrase KDF before any derivation (the
 * {@code fips} profile refuses Argon2id and admits PBKDF2-HMAC-SHA512), with a
 * {@link dev.qsafe.api.PolicyViolationException} that names the rule and, for a file, how to re-protect it.
 * The KDF is never substituted: writing uses the one asked for, reading the one the file names.
 *
 * <p>Secrets: passphrases are {@code char[]} and stay the caller's to wipe; derived keys and decrypted
 * PKCS#8 bytes are wiped after use. The Argon2id and AES-256-GCM engines come from the registry
 * passed in, PBKDF2 from the JDK ({@code SecretKeyFactory} "PBKDF2WithHmacSHA512"). Thread-safe.
 *
 * @since 0.1.0
 */
public final class IdentityFiles {
    /** The {@code format} of a protected identity file. */
    public static final String FORMAT = "qsafe-identity";
    /** The {@code format} of an identity file whose private keys are not encrypted. */
    public static final String UNPROTECTED_FORMAT = "qsafe-identity-unprotected";
    /** The {@code format} of a public identity file. */
    public static final String PUBLIC_FORMAT = "qsafe-public-identity";
    /** The version of the private identity files ({@link #FORMAT}, {@link #UNPROTECTED_FORMAT}) this class writes and reads. */
    public static final int VERSION = 1;
    /**
     * The version of the public identity files ({@link #PUBLIC_FORMAT}) this class writes and reads: 2, signed by
     * the identity's own signature key. Version 1 files (unsigned) are refused by {@link #readPublic}; their
     * owner re-writes them with {@link #upgradePublic} ({@code qsafe key upgrade}).
     */
    public static final int PUBLIC_VERSION = 2;
    /**
     * The version of private identity files that hold a keyset (an identity that was {@linkplain Identity#rotate
     * rotated}): {@code keys.kem} is a list of keys with status and creation time. Single-key identities are
     * still written as version {@value #VERSION}; both are read.
     */
    public static final int KEYSET_VERSION = 2;
    /** The version of public identity files of a keyset identity (signed, with the primary and active KEM keys). */
    public static final int PUBLIC_KEYSET_VERSION = 3;
    /**
     * The version of a protected single-key identity file whose passphrase key is PBKDF2-HMAC-SHA512
     * ({@link PassphraseKdf#PBKDF2_HMAC_SHA512}): version {@value #VERSION} with the PBKDF2 {@code protection}
     * fields. A new version, so that a qsafe that knows only Argon2id refuses the file by its version
     * ("version 3 is not supported") instead of reporting a missing Argon2id field. Argon2id files keep
     * versions {@value #VERSION} and {@value #KEYSET_VERSION}.
     *
     * @since 0.4.0
     */
    public static final int PBKDF2_VERSION = 3;
    /** As {@link #PBKDF2_VERSION}, for a keyset identity (version {@value #KEYSET_VERSION} with PBKDF2). @since 0.4.0 */
    public static final int PBKDF2_KEYSET_VERSION = 4;
    /** PBKDF2-HMAC-SHA512 iterations by default: OWASP's figure for HMAC-SHA-512. @since 0.4.0 */
    public static final int PBKDF2_ITERATIONS = PassphraseProtection.PBKDF2_ITERATIONS;
    /** The fewest PBKDF2 iterations a file may name (SP 800-132's minimum); below the default a warning is logged. @since 0.4.0 */
    public static final int PBKDF2_MIN_ITERATIONS = PassphraseProtection.PBKDF2_MIN_ITERATIONS;
    /** The most PBKDF2 iterations a file may name (ten times the default), checked before any derivation. @since 0.4.0 */
    public static final int PBKDF2_MAX_ITERATIONS = PassphraseProtection.PBKDF2_MAX_ITERATIONS;
    /** Largest file read, in characters; checked before parsing. */
    public static final int MAX_FILE_CHARS = 1024 * 1024;
    /** Longest identity name, in characters. */
    public static final int MAX_NAME_CHARS = 256;
    /** Most Argon2id memory a file may ask for (256 MiB), so that a hostile file cannot exhaust the heap. */
    public static final int MAX_MEMORY_KIB = PassphraseProtection.MAX_MEMORY_KIB;
    /** Most Argon2id passes a file may ask for. */
    public static final int MAX_ITERATIONS = PassphraseProtection.MAX_ITERATIONS;
    /** Most Argon2id work (memory in KiB times passes) a file may ask for; checked before any derivation. */
    public static final long MAX_WORK = PassphraseProtection.MAX_WORK;
    /** The floor for writing (OWASP's minimum: 19 MiB, 2 passes); a cheaper cost is written with a logged warning. */
    public static final PasswordKdfParameters MIN_COST = PassphraseProtection.MIN_COST;
    /**
     * The cost {@link #write(Identity, char[], CryptoRegistry)} uses: RFC 9106's second recommended
     * option (64 MiB, 3 passes, 4 lanes).
     */
    public static final PasswordKdfParameters DEFAULT_COST = PasswordKdfParameters.RFC_9106_LOW_MEMORY;

    private static final String KEM = "kem";
    private static final String SIGNATURE = "signature";
    private static final String FINGERPRINT = "fingerprint";
    private static final String SELF_SIGNATURE = "selfSignature";
    private static final String STATUS = "status";
    private static final String CREATED = "created";
    private static final byte[] AD_LABEL = "qsafe identity file private key".getBytes(StandardCharsets.US_ASCII);

    private static final JsonMapper MAPPER = JsonMapper.builder(JsonFactory.builder()
                    .streamReadConstraints(StreamReadConstraints.builder()
                            .maxNestingDepth(8)
                            .maxDocumentLength(4L * MAX_FILE_CHARS)
                            .maxStringLength(MAX_FILE_CHARS)
                            .maxNameLength(64)
                            .maxNumberLength(20)
                            .build())
                    .build())
            .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .build();

    private IdentityFiles() {
    }

    // ---- writing ----

    /**
     * A protected identity file for {@code identity}, with the {@linkplain #DEFAULT_COST default cost}.
     *
     * @throws UnsupportedAlgorithmException if the registry has no Argon2id or AES-256-GCM engine, or the suite's keys have no encoding
     * @throws InvalidInputException         if the name is longer than {@value #MAX_NAME_CHARS} characters
     * @throws dev.qsafe.api.InvalidKeyException if a private key was destroyed
     */
    public static String write(Identity identity, char[] passphrase, CryptoRegistry registry) {
        return write(identity, passphrase, DEFAULT_COST, registry);
    }

    /**
     * A protected identity file for {@code identity}, with an explicit Argon2id cost (at most
     * {@link #MAX_MEMORY_KIB} KiB, {@link #MAX_ITERATIONS} passes and {@link #MAX_WORK} KiB x passes, so that the file can be read back; below {@link #MIN_COST} a warning is logged).
     *
     * @throws UnsupportedAlgorithmException if the registry has no Argon2id or AES-256-GCM engine, or the suite's keys have no encoding
     * @throws InvalidInputException         if the name is too long or the cost is beyond what reading accepts
     * @throws dev.qsafe.api.InvalidKeyException if a private key was destroyed
     */
    public static String write(Identity identity, char[] passphrase, PasswordKdfParameters cost, CryptoRegistry registry) {
        Objects.requireNonNull(cost, "cost");
        PassphraseProtection.checkWritable(cost);
        return writeProtected(identity, passphrase, PassphraseKdf.ARGON2ID, cost, 0, registry);
    }

    /**
     * A protected identity file for {@code identity}, its passphrase key derived with {@code kdf} at that KDF's
     * default cost ({@link #DEFAULT_COST} for Argon2id, {@link #PBKDF2_ITERATIONS} for PBKDF2). An Argon2id
     * file is version {@value #VERSION} (or {@value #KEYSET_VERSION}), a PBKDF2 file version
     * {@value #PBKDF2_VERSION} (or {@value #PBKDF2_KEYSET_VERSION}). The KDF is the caller's choice: a policy
     * profile that refuses it refuses the write, naming the KDFs it admits, and nothing else is tried.
     *
     * @throws dev.qsafe.api.PolicyViolationException if the registry's policy profile refuses {@code kdf} (the
     *                                                {@code fips} profile refuses Argon2id: choose PBKDF2 there)
     * @throws UnsupportedAlgorithmException          if the registry has no engine for Argon2id or AES-256-GCM, or the
     *                                                JDK no PBKDF2WithHmacSHA512
     * @throws InvalidInputException                  if the name is too long
     * @since 0.4.0
     */
    public static String write(Identity identity, char[] passphrase, PassphraseKdf kdf, CryptoRegistry registry) {
        Objects.requireNonNull(kdf, "kdf");
        return switch (kdf) {
            case ARGON2ID -> write(identity, passphrase, DEFAULT_COST, registry);
            case PBKDF2_HMAC_SHA512 -> writePbkdf2(identity, passphrase, PBKDF2_ITERATIONS, registry);
        };
    }

    /**
     * A protected identity file for {@code identity} whose passphrase key is PBKDF2-HMAC-SHA512 with an
     * explicit iteration count ({@link #PBKDF2_MIN_ITERATIONS} to {@link #PBKDF2_MAX_ITERATIONS}; below
     * {@link #PBKDF2_ITERATIONS} a warning is logged: for tests).
     *
     * @throws InvalidInputException                  if the count is out of bounds or the name too long
     * @throws dev.qsafe.api.PolicyViolationException if the registry's policy profile refuses PBKDF2-HMAC-SHA512
     * @since 0.4.0
     */
    public static String writePbkdf2(Identity identity, char[] passphrase, int iterations, CryptoRegistry registry) {
        PassphraseProtection.checkWritablePbkdf2(iterations);
        return writeProtected(identity, passphrase, PassphraseKdf.PBKDF2_HMAC_SHA512, null, iterations, registry);
    }

    private static String writeProtected(Identity identity, char[] passphrase, PassphraseKdf kdf, PasswordKdfParameters cost,
                                         int iterations, CryptoRegistry registry) {
        Objects.requireNonNull(identity, "identity");
        Objects.requireNonNull(passphrase, "passphrase");
        Objects.requireNonNull(registry, "registry");
        checkName(identity.name());
        permit(registry, kdf, null);
        Aead aead = PassphraseProtection.aead(registry);
        byte[] salt = PassphraseProtection.newSalt();
        Protection protection = new Protection(kdf, cost, iterations, b64(salt), PassphraseProtection.AEAD.name());
        Header header = new Header(FORMAT, protection.version(identity.isKeyset()), identity.name(),
                suiteFields(identity.suite()), protection);
        SecretBytes key = protection.deriveKey(registry, passphrase);
        try {
            ObjectNode root = header.toJson();
            ObjectNode keys = root.putObject("keys");
            if (identity.isKeyset()) {
                ArrayNode list = keys.putArray(KEM);
                for (Identity.Key k : identity.keyset()) {
                    ObjectNode node = keysetEntry(list.addObject(), k.info());
                    if (k.pair() != null) {
                        sealPrivate(node, KEM, k.pair(), header, aead, key, keysetFields(k.info()));
                    }
                }
            } else {
                writeProtected(keys.putObject(KEM), KEM, identity.kem(), header, aead, key);
            }
            writeProtected(keys.putObject(SIGNATURE), SIGNATURE, identity.signature(), header, aead, key);
            return json(root);
        } finally {
            key.destroy();
        }
    }

    /**
     * The version of a private identity file: 1 (single key) or 2 (keyset) unprotected or under Argon2id,
     * 3 or 4 under PBKDF2-HMAC-SHA512 (docs/KEYS.md, "Passphrase protection: Argon2id or PBKDF2").
     *
     * @param kdf the passphrase KDF, or {@code null} for an unprotected file
     * @since 0.4.0
     */
    public static int fileVersion(boolean keyset, PassphraseKdf kdf) {
        return kdf == PassphraseKdf.PBKDF2_HMAC_SHA512 ? (keyset ? PBKDF2_KEYSET_VERSION : PBKDF2_VERSION)
                : (keyset ? KEYSET_VERSION : VERSION);
    }

    /**
     * Refuses, before any derivation, a passphrase KDF the registry's policy profile refuses, naming the rule
     * and the way out: for writing, the KDF the profile admits (chosen explicitly, never substituted); for
     * reading ({@code file} not null), re-protecting the file once without the profile.
     */
    private static void permit(CryptoRegistry registry, PassphraseKdf kdf, String file) {
        Optional<dev.qsafe.runtime.registry.Profile.Rule> rule = registry.refusal(kdf.algorithm());
        if (rule.isEmpty()) {
            return;
        }
        String profile = registry.config().profile().map(dev.qsafe.runtime.registry.Profile::id).orElse("(none)");
        List<PassphraseKdf> admitted = Arrays.stream(PassphraseKdf.values())
                .filter(k -> registry.refusal(k.algorithm()).isEmpty()).toList();
        String refused = "password kdf " + kdf.algorithm().name() + " is refused by policy profile " + profile + ", rule "
                + rule.get().id() + ": " + rule.get().description();
        if (admitted.isEmpty()) {
            throw new dev.qsafe.api.PolicyViolationException(refused + "; no passphrase KDF is admitted: keep the keys"
                    + " elsewhere (an unprotected file on protected storage, or a key store plug-in)");
        }
        PassphraseKdf choice = admitted.get(0);
        String api = "IdentityFiles.write(identity, passphrase, PassphraseKdf." + choice.name() + ", registry)";
        if (file == null) {
            throw new dev.qsafe.api.PolicyViolationException(refused + ". Choose a KDF the profile admits: "
                    + choice.algorithm().name() + " ('qsafe keygen --kdf " + choice.id() + "', " + api + ")");
        }
        throw new dev.qsafe.api.PolicyViolationException(file + " protects its private keys with " + kdf.algorithm().name()
                + ": " + refused + ". Re-protect it once, without the profile and with the same passphrase: 'qsafe key protect"
                + " --id FILE --kdf " + choice.id() + "' (" + api + "), then use it under the profile");
    }

    /**
     * Refuses, as {@link #write(Identity, char[], PassphraseKdf, CryptoRegistry)} would, a passphrase KDF the
     * registry's policy profile refuses: so that a caller can refuse before generating keys or asking for a
     * passphrase.
     *
     * @throws dev.qsafe.api.PolicyViolationException naming the profile, the rule and the KDF the profile admits
     * @since 0.4.0
     */
    public static void checkWritable(PassphraseKdf kdf, CryptoRegistry registry) {
        permit(Objects.requireNonNull(registry, "registry"), Objects.requireNonNull(kdf, "kdf"), null);
    }

    /**
     * Refuses, as {@link #read(Document, char[], CryptoRegistry)} would, a protected identity file whose
     * passphrase KDF the registry's policy profile refuses (an Argon2id file under {@code fips}): so that a
     * caller can refuse before asking for the passphrase. Nothing for an unprotected or public file.
     *
     * @throws dev.qsafe.api.PolicyViolationException naming the profile, the rule and how to re-protect the file
     * @throws IdentityFileException                  if a protected file names no KDF qsafe knows
     * @since 0.4.0
     */
    public static void checkReadable(Document document, CryptoRegistry registry) {
        Objects.requireNonNull(registry, "registry");
        Optional<PassphraseKdf> kdf = passphraseKdf(document);
        if (kdf.isPresent()) {
            permit(registry, kdf.get(), "the identity file");
        }
    }

    /**
     * The passphrase KDF of a protected identity file ({@code protection.kdf}), so that a file re-written
     * (a key rotated) keeps it; empty for an unprotected or public file. Checks that field only: the readers
     * check the rest.
     *
     * @throws IdentityFileException if a protected file names no KDF qsafe knows
     * @since 0.4.0
     */
    public static Optional<PassphraseKdf> passphraseKdf(Document document) {
        JsonNode root = Objects.requireNonNull(document, "document").root;
        if (!FORMAT.equals(document.format())) {
            return Optional.empty();
        }
        JsonNode protection = object(root, "protection", "protection");
        String kdf = string(protection, "kdf", "protection.kdf");
        for (PassphraseKdf k : PassphraseKdf.values()) {
            if (k.algorithm().name().equals(kdf)) {
                return Optional.of(k);
            }
        }
        throw new IdentityFileException("protection.kdf", "'" + truncate(kdf) + "' is not one of " + kdfNames());
    }

    private static List<String> kdfNames() {
        return Arrays.stream(PassphraseKdf.values()).map(k -> k.algorithm().name()).toList();
    }

    /**
     * An identity file whose private keys are NOT encrypted: anyone who reads the file has the keys.
     * For tests, or for storage that is protected otherwise; prefer {@link #write}.
     *
     * @throws UnsupportedAlgorithmException if the suite's keys have no encoding
     * @throws InvalidInputException         if the name is too long
     * @throws dev.qsafe.api.InvalidKeyException if a private key was destroyed
     */
    public static String writeUnprotected(Identity identity) {
        Objects.requireNonNull(identity, "identity");
        checkName(identity.name());
        Header header = new Header(UNPROTECTED_FORMAT, fileVersion(identity.isKeyset(), null), identity.name(),
                suiteFields(identity.suite()), null);
        ObjectNode root = header.toJson();
        ObjectNode keys = root.putObject("keys");
        if (identity.isKeyset()) {
            ArrayNode list = keys.putArray(KEM);
            for (Identity.Key k : identity.keyset()) {
                ObjectNode node = keysetEntry(list.addObject(), k.info());
                if (k.pair() != null) {
                    putPlainPrivate(node, k.pair());
                }
            }
        }
        for (String slot : identity.isKeyset() ? List.of(SIGNATURE) : List.of(KEM, SIGNATURE)) {
            KeyPair pair = slot.equals(KEM) ? identity.kem() : identity.signature();
            putPlainPrivate(publicKey(keys.putObject(slot), pair.publicKey()), pair);
        }
        return json(root);
    }

    private static void putPlainPrivate(ObjectNode node, KeyPair pair) {
        byte[] pkcs8 = KeyEncodings.encodePkcs8(pair.privateKey());
        try {
            node.put("privateKey", b64(pkcs8));
        } finally {
            Arrays.fill(pkcs8, (byte) 0);
        }
    }

    /** A keyset entry's public fields: key id, status, creation time (or null), public key. */
    private static ObjectNode keysetEntry(ObjectNode node, KeyInfo info) {
        node.put("keyId", info.keyId());
        node.put(STATUS, info.status().label());
        if (info.created().isPresent()) {
            node.put(CREATED, info.created().get().toString());
        } else {
            node.putNull(CREATED);
        }
        node.put("publicKey", b64(KeyEncodings.encodeSpki(info.publicKey())));
        return node;
    }

    /** What a keyset entry's associated data adds after the key id and public key: status and creation time. */
    private static List<String> keysetFields(KeyInfo info) {
        return List.of(info.status().label(), info.created().map(Object::toString).orElse(""));
    }

    /**
     * The public identity file of {@code owner} (version {@value #PUBLIC_VERSION}, or {@value #PUBLIC_KEYSET_VERSION}
     * for a keyset identity, which lists its primary and active KEM keys): name, suite, public keys,
     * the {@linkplain PublicIdentity#fingerprint() fingerprint} and the owner's signature, with its own
     * signature key, over all of them (so that nobody can put another key next to the owner's).
     *
     * @throws UnsupportedAlgorithmException if the suite's keys have no encoding or the registry no engine for its signature
     * @throws InvalidInputException         if the name is too long
     * @throws dev.qsafe.api.InvalidKeyException if the signature private key was destroyed
     */
    public static String writePublic(Identity owner, CryptoRegistry registry) {
        Objects.requireNonNull(owner, "owner");
        Objects.requireNonNull(registry, "registry");
        PublicIdentity identity = owner.publicIdentity();
        checkName(identity.name());
        byte[] selfSignature = IdentityStatement.sign(owner, registry);
        ObjectNode root = new Header(PUBLIC_FORMAT, identity.isKeyset() ? PUBLIC_KEYSET_VERSION : PUBLIC_VERSION,
                identity.name(), suiteFields(identity.suite()), null).toJson();
        ObjectNode keys = root.putObject("keys");
        if (identity.isKeyset()) {
            ArrayNode list = keys.putArray(KEM);
            identity.keyset().forEach(k -> keysetEntry(list.addObject(), k));
        } else {
            publicKey(keys.putObject(KEM), identity.kem());
        }
        publicKey(keys.putObject(SIGNATURE), identity.signature());
        root.put(FINGERPRINT, identity.fingerprint());
        root.put(SELF_SIGNATURE, b64(selfSignature));
        return json(root);
    }

    /**
     * The owner's upgrade of an older (or current) public identity file: checks that {@code publicJson}, of
     * version 1 (unsigned) or {@value #PUBLIC_VERSION}, holds exactly {@code owner}'s name, suite and public
     * keys, then returns {@link #writePublic(Identity, CryptoRegistry) writePublic(owner, registry)}. The
     * check is on the file's contents, not on a signature (a version 1 file has none): it keeps an owner
     * from replacing someone else's file, or a file of other keys, with their own.
     *
     * @throws IdentityFileException         if the file is malformed, or is not the public half of {@code owner}
     * @throws UnsupportedAlgorithmException if the registry has no engine for the suite's signature
     */
    public static String upgradePublic(String publicJson, Identity owner, CryptoRegistry registry) {
        Objects.requireNonNull(owner, "owner");
        Objects.requireNonNull(registry, "registry");
        Parsed file = parse(document(publicJson), PUBLIC_FORMAT, true);
        PublicIdentity old = publicIdentity(file);
        PublicIdentity own = owner.publicIdentity();
        if (!old.equals(own)) {
            throw new IdentityFileException("(file)", "is not the public half of identity '" + truncate(own.name())
                    + "' (its name, suite or keys differ: fingerprint " + old.fingerprint() + ", the identity's "
                    + own.fingerprint() + ")");
        }
        return writePublic(owner, registry);
    }

    private static void writeProtected(ObjectNode node, String slot, KeyPair pair, Header header, Aead aead, SecretBytes key) {
        sealPrivate(publicKey(node, pair.publicKey()), slot, pair, header, aead, key, List.of());
    }

    /** Adds the sealed private key to {@code node}, which already holds the public key. */
    private static void sealPrivate(ObjectNode node, String slot, KeyPair pair, Header header, Aead aead, SecretBytes key,
                                    List<String> extra) {
        String spki = node.get("publicKey").asString();
        byte[] pkcs8 = KeyEncodings.encodePkcs8(pair.privateKey());
        try {
            Sealed sealed = PassphraseProtection.seal(aead, key, pkcs8,
                    header.associatedData(slot, pair.publicKey().keyId(), spki, extra));
            ObjectNode priv = node.putObject("privateKey");
            priv.put("nonce", b64(sealed.nonce()));
            priv.put("ciphertext", b64(sealed.ciphertext()));
        } finally {
            Arrays.fill(pkcs8, (byte) 0);
        }
    }

    private static ObjectNode publicKey(ObjectNode node, PublicKey key) {
        node.put("keyId", key.keyId());
        node.put("publicKey", b64(KeyEncodings.encodeSpki(key)));
        return node;
    }

    private static String json(ObjectNode root) {
        return MAPPER.writerWithDefaultPrettyPrinter().writeValueAsString(root) + "\n";
    }

    // ---- reading ----

    /**
     * Reads a protected identity file.
     *
     * @throws IdentityFileException         if the file is malformed or inconsistent (the exception names the field)
     * @throws WrongPassphraseException      if the passphrase is wrong or the protected contents were modified
     * @throws UnsupportedAlgorithmException if the registry has no engine for Argon2id, AES-256-GCM or a suite algorithm
     */
    public static Identity read(String json, char[] passphrase, CryptoRegistry registry) {
        Objects.requireNonNull(passphrase, "passphrase");
        Objects.requireNonNull(registry, "registry");
        return read(document(json), passphrase, registry);
    }

    /** {@link #read(String, char[], CryptoRegistry)} of a file already {@linkplain #document parsed}. */
    public static Identity read(Document document, char[] passphrase, CryptoRegistry registry) {
        Objects.requireNonNull(passphrase, "passphrase");
        Objects.requireNonNull(registry, "registry");
        Parsed file = parse(document, FORMAT);
        Protection p = file.header().protection();
        permit(registry, p.kdf(), "the identity file");
        Aead aead = PassphraseProtection.aead(registry);
        if (file.isKeyset()) {
            return readKeyset(file, passphrase, aead, registry);
        }
        Slot kem = file.slot(KEM);
        Slot signature = file.slot(SIGNATURE);
        // Everything is checked before the (deliberately expensive) key derivation.
        Sealed sealedKem = kem.sealed();
        Sealed sealedSignature = signature.sealed();
        SecretBytes key = p.deriveKey(registry, passphrase);
        PrivateKey kemKey = null;
        try {
            kemKey = open(file, kem, sealedKem, aead, key);
            PrivateKey signatureKey = open(file, signature, sealedSignature, aead, key);
            return identity(file, kem, kemKey, signature, signatureKey, registry);
        } catch (RuntimeException e) {
            if (kemKey != null) {
                kemKey.destroy();
            }
            throw e;
        } finally {
            key.destroy();
        }
    }

    /**
     * Reads an identity file written by {@link #writeUnprotected}.
     *
     * @throws IdentityFileException         if the file is malformed or inconsistent (the exception names the field)
     * @throws UnsupportedAlgorithmException if the registry has no engine for a suite algorithm
     */
    public static Identity readUnprotected(String json, CryptoRegistry registry) {
        Objects.requireNonNull(registry, "registry");
        return readUnprotected(document(json), registry);
    }

    /** {@link #readUnprotected(String, CryptoRegistry)} of a file already {@linkplain #document parsed}. */
    public static Identity readUnprotected(Document document, CryptoRegistry registry) {
        Objects.requireNonNull(registry, "registry");
        Parsed file = parse(document, UNPROTECTED_FORMAT);
        if (file.isKeyset()) {
            return keysetIdentity(file, (slot, extra) -> decodePrivate(slot, slot.plainPrivateKey()), registry);
        }
        Slot kem = file.slot(KEM);
        Slot signature = file.slot(SIGNATURE);
        PrivateKey kemKey = decodePrivate(kem, kem.plainPrivateKey());
        try {
            PrivateKey signatureKey = decodePrivate(signature, signature.plainPrivateKey());
            return identity(file, kem, kemKey, signature, signatureKey, registry);
        } catch (RuntimeException e) {
            kemKey.destroy();
            throw e;
        }
    }

    /**
     * Reads a public identity file and checks that its owner signed it: the {@code fingerprint} field
     * must be that of its name, suite and keys, and {@code selfSignature} must verify, with the
     * registry's engine, under its own signature key. A version 1 file (unsigned) is refused, naming the
     * command that upgrades it.
     *
     * @throws IdentityFileException         if the file is malformed, inconsistent, unsigned or not signed by its own key (the exception names the field)
     * @throws UnsupportedAlgorithmException if the registry has no engine for the suite's signature
     */
    public static PublicIdentity readPublic(String json, CryptoRegistry registry) {
        return readPublic(document(json), registry);
    }

    /** {@link #readPublic(String, CryptoRegistry)} of a file already {@linkplain #document parsed}. */
    public static PublicIdentity readPublic(Document document, CryptoRegistry registry) {
        Objects.requireNonNull(registry, "registry");
        Parsed file = parse(document, PUBLIC_FORMAT, false);
        PublicIdentity identity = publicIdentity(file);
        String fingerprint = string(file.root(), FINGERPRINT, FINGERPRINT);
        if (!fingerprint.equals(identity.fingerprint())) {
            throw new IdentityFileException(FINGERPRINT, "'" + truncate(fingerprint) + "' is not the fingerprint of the file's"
                    + " name, suite and keys (" + identity.fingerprint() + ")");
        }
        Algorithm signature = file.suite().signature();
        byte[] selfSignature = base64(string(file.root(), SELF_SIGNATURE, SELF_SIGNATURE), SELF_SIGNATURE, 1,
                signature.signatureSize() > 0 ? signature.signatureSize() : KeyEncodings.MAX_DER_BYTES);
        if (!IdentityStatement.verifies(identity, selfSignature, registry)) {
            throw new IdentityFileException(SELF_SIGNATURE, "is not the signature of the file's name, suite and keys by its"
                    + " own signature key " + identity.signatureKeyId() + ": the file was modified, or its keys were put"
                    + " together by someone other than their owner");
        }
        return identity;
    }

    /** The public identity a public file (of any version) describes, its keys checked against the suite. */
    private static PublicIdentity publicIdentity(Parsed file) {
        Slot signature = file.slot(SIGNATURE);
        if (!file.isKeyset()) {
            return new PublicIdentity(file.header().name(), file.suite(), file.slot(KEM).publicKey(), signature.publicKey());
        }
        List<KeyInfo> keys = file.kemKeys().stream().map(KeysetSlot::info).toList();
        PublicKey primary = keys.stream().filter(k -> k.status() == KeyStatus.PRIMARY).findFirst().orElseThrow().publicKey();
        return new PublicIdentity(file.header().name(), file.suite(), primary, signature.publicKey(), keys);
    }

    /** A private key of a keyset file, from its slot and the associated data fields after the public key. */
    @FunctionalInterface
    private interface PrivateKeySource {
        PrivateKey get(Slot slot, List<String> extra);
    }

    /** Reads a protected keyset file: every sealed key checked before the key derivation, then opened. */
    private static Identity readKeyset(Parsed file, char[] passphrase, Aead aead, CryptoRegistry registry) {
        file.slot(SIGNATURE).sealed();
        for (KeysetSlot k : file.kemKeys()) {
            if (k.info().status() != KeyStatus.DESTROYED) {
                k.slot().sealed();
            }
        }
        SecretBytes key = file.header().protection().deriveKey(registry, passphrase);
        try {
            return keysetIdentity(file, (slot, extra) -> open(file, slot, slot.sealed(), aead, key, extra), registry);
        } finally {
            key.destroy();
        }
    }

    /** The identity of a keyset file, each private key from {@code source} and checked against its public key. */
    private static Identity keysetIdentity(Parsed file, PrivateKeySource source, CryptoRegistry registry) {
        List<KeysetSlot> entries = file.kemKeys();
        Slot signature = file.slot(SIGNATURE);
        List<PrivateKey> opened = new ArrayList<>();
        try {
            PrivateKey signatureKey = source.get(signature, List.of());
            opened.add(signatureKey);
            requireMatch(signature, signatureKey, registry);
            List<Identity.Key> keys = new ArrayList<>();
            for (KeysetSlot e : entries) {
                if (e.info().status() == KeyStatus.DESTROYED) {
                    keys.add(new Identity.Key(e.info(), null));
                    continue;
                }
                PrivateKey k = source.get(e.slot(), keysetFields(e.info()));
                opened.add(k);
                requireMatch(e.slot(), k, registry);
                keys.add(new Identity.Key(e.info(), new KeyPair(e.slot().publicKey(), k)));
            }
            return new Identity(file.header().name(), file.suite(), new KeyPair(signature.publicKey(), signatureKey), keys);
        } catch (RuntimeException e) {
            opened.forEach(PrivateKey::destroy);
            throw e;
        }
    }

    private static PrivateKey open(Parsed file, Slot slot, Sealed sealed, Aead aead, SecretBytes key) {
        return open(file, slot, sealed, aead, key, List.of());
    }

    private static PrivateKey open(Parsed file, Slot slot, Sealed sealed, Aead aead, SecretBytes key, List<String> extra) {
        byte[] pkcs8 = PassphraseProtection.open(aead, key, sealed,
                file.header().associatedData(slot.name(), slot.keyId(), slot.spki(), extra));
        try {
            return decodePrivate(slot, pkcs8);
        } finally {
            Arrays.fill(pkcs8, (byte) 0);
        }
    }

    private static PrivateKey decodePrivate(Slot slot, byte[] pkcs8) {
        String field = slot.path() + ".privateKey";
        try {
            return KeyEncodings.decodePkcs8(pkcs8, slot.publicKey().algorithm());
        } catch (InvalidKeyException | UnsupportedAlgorithmException e) {
            throw new IdentityFileException(field, "is not a PKCS#8 " + slot.publicKey().algorithm() + " private key ("
                    + e.getMessage() + ")", e);
        } finally {
            Arrays.fill(pkcs8, (byte) 0);
        }
    }

    private static Identity identity(Parsed file, Slot kem, PrivateKey kemKey, Slot signature, PrivateKey signatureKey,
                                     CryptoRegistry registry) {
        try {
            requireMatch(kem, kemKey, registry);
            requireMatch(signature, signatureKey, registry);
        } catch (RuntimeException e) {
            signatureKey.destroy();
            throw e;
        }
        return new Identity(file.header().name(), file.suite(), new KeyPair(kem.publicKey(), kemKey),
                new KeyPair(signature.publicKey(), signatureKey));
    }

    /** Checks, with the registry's engine, that {@code privateKey} belongs to the slot's public key. */
    private static void requireMatch(Slot slot, PrivateKey privateKey, CryptoRegistry registry) {
        String field = slot.path() + ".privateKey";
        Algorithm a = slot.publicKey().algorithm();
        PublicKey derived;
        try {
            derived = a.kind() == AlgorithmKind.KEM ? registry.kem(a).derivePublicKey(privateKey)
                    : registry.signature(a).derivePublicKey(privateKey);
        } catch (InvalidKeyException e) {
            throw new IdentityFileException(field, "is not a valid " + a + " private key (" + e.getMessage() + ")", e);
        }
        if (!derived.equals(slot.publicKey())) {
            throw new IdentityFileException(field, "does not belong to the public key " + slot.keyId());
        }
    }

    /** The validated contents of a file, before any private key is opened. */
    private record Parsed(Header header, Suite suite, JsonNode keys, JsonNode root) {
        Slot slot(String name) {
            JsonNode node = keys.get(name);
            if (name.equals(KEM) && isKeyset()) {
                throw new IllegalStateException("a keyset file has a list of KEM keys");
            }
            boolean isPublic = PUBLIC_FORMAT.equals(header.format());
            return Slot.parse(name, "keys." + name, node, isPublic ? Set.of("keyId", "publicKey")
                    : Set.of("keyId", "publicKey", "privateKey"), name.equals(KEM) ? suite.kem() : suite.signature());
        }

        boolean isKeyset() {
            return PUBLIC_FORMAT.equals(header.format()) ? header.version() == PUBLIC_KEYSET_VERSION
                    : header.version() == KEYSET_VERSION || header.version() == PBKDF2_KEYSET_VERSION;
        }

        /** The KEM keys of a keyset file, checked: 1 to {@link Identity#MAX_KEYS}, distinct, one primary, and in a public file only primary and active keys. */
        List<KeysetSlot> kemKeys() {
            JsonNode list = keys.get(KEM);
            if (list == null || !list.isArray()) {
                throw new IdentityFileException("keys.kem", "must be a list of keys (version " + header.version() + ")");
            }
            if (list.isEmpty() || list.size() > Identity.MAX_KEYS) {
                throw new IdentityFileException("keys.kem", "must hold 1 to " + Identity.MAX_KEYS + " keys, not " + list.size());
            }
            boolean isPublic = PUBLIC_FORMAT.equals(header.format());
            List<KeysetSlot> out = new ArrayList<>();
            Set<String> ids = new java.util.HashSet<>();
            int primaries = 0;
            for (int i = 0; i < list.size(); i++) {
                String path = "keys.kem[" + i + "]";
                JsonNode node = list.get(i);
                if (node == null || !node.isObject()) {
                    throw new IdentityFileException(path, "must be an object");
                }
                String label = string(node, STATUS, path + "." + STATUS);
                KeyStatus status = KeyStatus.fromLabel(label).orElseThrow(() -> new IdentityFileException(path + "." + STATUS,
                        "'" + truncate(label) + "' is not one of primary, active, retired, destroyed"));
                if (isPublic && !status.opens()) {
                    throw new IdentityFileException(path + "." + STATUS, "a public identity lists primary and active keys only");
                }
                Set<String> expected = isPublic || status == KeyStatus.DESTROYED
                        ? Set.of("keyId", STATUS, CREATED, "publicKey")
                        : Set.of("keyId", STATUS, CREATED, "publicKey", "privateKey");
                Slot slot = Slot.parse(KEM, path, node, expected, suite.kem());
                if (!ids.add(slot.keyId())) {
                    throw new IdentityFileException(path + ".keyId", "key " + slot.keyId() + " is listed twice");
                }
                if (status == KeyStatus.PRIMARY) {
                    primaries++;
                }
                out.add(new KeysetSlot(slot, new KeyInfo(slot.publicKey(), status, created(node, path + "." + CREATED))));
            }
            if (primaries != 1) {
                throw new IdentityFileException("keys.kem", "must have exactly one primary key, not " + primaries);
            }
            return out;
        }
    }

    /** One KEM key of a keyset file. */
    private record KeysetSlot(Slot slot, KeyInfo info) {
    }

    /** A creation time: null, or an ISO-8601 UTC instant in whole seconds exactly as {@link Instant#toString()} writes it. */
    private static Optional<Instant> created(JsonNode node, String path) {
        JsonNode v = node.get(CREATED);
        if (v == null || v.isNull()) {
            return Optional.empty();
        }
        if (!v.isString()) {
            throw new IdentityFileException(path, "must be null or a time such as 2026-01-31T12:00:00Z");
        }
        String text = v.asString();
        Instant t;
        try {
            t = Instant.parse(text);
        } catch (DateTimeException e) {
            throw new IdentityFileException(path, "'" + truncate(text) + "' is not a time such as 2026-01-31T12:00:00Z", e);
        }
        if (!t.truncatedTo(ChronoUnit.SECONDS).equals(t) || !t.toString().equals(text)) {
            throw new IdentityFileException(path, "write the time in whole seconds, UTC, as " + t.truncatedTo(ChronoUnit.SECONDS));
        }
        return Optional.of(t);
    }

    /**
     * The text of an identity file, parsed once (bounded, strict JSON, an object) and not yet checked
     * further: its {@link #format()} tells which reader it is for, and that reader checks the rest
     * without parsing the text again.
     */
    public static final class Document {
        private final JsonNode root;

        private Document(JsonNode root) {
            this.root = root;
        }

        /** The {@code format} field: {@link #FORMAT}, {@link #UNPROTECTED_FORMAT}, {@link #PUBLIC_FORMAT}, another string, or empty if there is none. */
        public String format() {
            JsonNode f = root.get("format");
            return f != null && f.isString() ? f.asString() : "";
        }

        /** Names the format only (a file may hold private keys). */
        @Override
        public String toString() {
            return "IdentityFiles.Document[" + format() + "]";
        }
    }

    /**
     * Parses the text of an identity file of any kind, for the reader its {@linkplain Document#format() format} names.
     *
     * @throws IdentityFileException if the text is too long, not valid JSON, or not a JSON object
     */
    public static Document document(String json) {
        Objects.requireNonNull(json, "json");
        if (json.length() > MAX_FILE_CHARS) {
            throw new IdentityFileException("(file)", json.length() + " characters is more than the " + MAX_FILE_CHARS
                    + " an identity file may have");
        }
        JsonNode root;
        try {
            root = MAPPER.readTree(json);
        } catch (JacksonException e) {
            // Where, never what: Jackson's message quotes the offending token, which could be a secret
            // from a file given by mistake; the exception is not chained for the same reason.
            tools.jackson.core.TokenStreamLocation at = e.getLocation();
            throw new IdentityFileException("(file)", "is not valid JSON" + (e instanceof tools.jackson.core.exc.StreamConstraintsException
                    ? " (" + e.getOriginalMessage() + ")"
                    : at == null || at.getLineNr() < 1 ? "" : " (line " + at.getLineNr() + ", column " + at.getColumnNr() + ")"));
        }
        if (root == null || !root.isObject()) {
            throw new IdentityFileException("(file)", "must be a JSON object");
        }
        return new Document(root);
    }

    private static Parsed parse(Document document, String expectedFormat) {
        return parse(document, expectedFormat, false);
    }

    /** {@code unsignedPublic}: also accept a version 1 (unsigned) public identity file, for {@link #upgradePublic}. */
    private static Parsed parse(Document document, String expectedFormat, boolean unsignedPublic) {
        JsonNode root = Objects.requireNonNull(document, "document").root;
        String format = string(root, "format", "format");
        if (!format.equals(expectedFormat)) {
            String hint = switch (format) {
                case FORMAT -> "it is a protected identity file: read it with IdentityFiles.read and the passphrase";
                case UNPROTECTED_FORMAT -> "it is an unprotected identity file: read it with IdentityFiles.readUnprotected";
                case PUBLIC_FORMAT -> "it is a public identity file: read it with IdentityFiles.readPublic";
                default -> "unknown format";
            };
            throw new IdentityFileException("format", "expected '" + expectedFormat + "', got '" + truncate(format) + "': " + hint);
        }
        int version = integer(root, "version", "version");
        if (PUBLIC_FORMAT.equals(format)) {
            if (version == 1 && !unsignedPublic) {
                throw new IdentityFileException("version", "version 1 public identity files are not signed by their owner"
                        + " and are no longer read (anyone could have put another key next to the owner's); the owner"
                        + " re-writes it with 'qsafe key upgrade --id <their private identity file>'"
                        + " (IdentityFiles.upgradePublic), then publishes the new file and its fingerprint");
            }
            if (version != PUBLIC_VERSION && version != PUBLIC_KEYSET_VERSION && version != 1) {
                throw new IdentityFileException("version", "version " + version + " is not supported; this qsafe reads public"
                        + " identity files of versions " + PUBLIC_VERSION + " and " + PUBLIC_KEYSET_VERSION);
            }
        } else if (FORMAT.equals(format) ? version < VERSION || version > PBKDF2_KEYSET_VERSION
                : version != VERSION && version != KEYSET_VERSION) {
            throw new IdentityFileException("version", "version " + version + " is not supported; this qsafe reads versions "
                    + VERSION + " to " + (FORMAT.equals(format) ? PBKDF2_KEYSET_VERSION + " of protected identity files"
                    : KEYSET_VERSION + " of unprotected identity files"));
        }
        fields(root, "", FORMAT.equals(format) ? Set.of("format", "version", "name", "suite", "protection", "keys")
                : PUBLIC_FORMAT.equals(format) && version >= PUBLIC_VERSION
                ? Set.of("format", "version", "name", "suite", "keys", FINGERPRINT, SELF_SIGNATURE)
                : Set.of("format", "version", "name", "suite", "keys"));
        String name = string(root, "name", "name");
        if (name.length() > MAX_NAME_CHARS) {
            throw new IdentityFileException("name", "longer than " + MAX_NAME_CHARS + " characters");
        }
        SuiteFields suiteFields = SuiteFields.parse(object(root, "suite", "suite"));
        Suite suite = suiteFields.toSuite();
        Protection protection = FORMAT.equals(format) ? Protection.parse(object(root, "protection", "protection"), version) : null;
        JsonNode keys = object(root, "keys", "keys");
        fields(keys, "keys", Set.of(KEM, SIGNATURE));
        return new Parsed(new Header(format, version, name, suiteFields, protection), suite, keys, root);
    }

    /** One key slot ({@code kem} or {@code signature}), its public key decoded and checked. */
    private record Slot(String name, String path, String keyId, String spki, PublicKey publicKey, JsonNode privateKey) {
        static Slot parse(String name, String path, JsonNode node, Set<String> expectedFields, Algorithm expected) {
            if (node == null || !node.isObject()) {
                throw new IdentityFileException(path, "must be an object");
            }
            fields(node, path, expectedFields);
            String spki = string(node, "publicKey", path + ".publicKey");
            PublicKey publicKey;
            try {
                publicKey = KeyEncodings.decodeSpki(base64(spki, path + ".publicKey"), expected);
            } catch (InvalidKeyException | UnsupportedAlgorithmException e) {
                throw new IdentityFileException(path + ".publicKey", "is not a SubjectPublicKeyInfo of the suite's " + name
                        + " algorithm " + expected + " (" + e.getMessage() + ")", e);
            }
            String keyId = string(node, "keyId", path + ".keyId");
            if (!keyId.equals(publicKey.keyId())) {
                throw new IdentityFileException(path + ".keyId", "'" + truncate(keyId) + "' is not the key id of the public key ("
                        + publicKey.keyId() + ")");
            }
            return new Slot(name, path, keyId, spki, publicKey, node.get("privateKey"));
        }

        /** The sealed private key of a protected file, its sizes checked. */
        Sealed sealed() {
            JsonNode node = protectedKey();
            return new Sealed(base64(string(node, "nonce", path("nonce")), path("nonce"), PassphraseProtection.NONCE_BYTES,
                            PassphraseProtection.NONCE_BYTES),
                    base64(string(node, "ciphertext", path("ciphertext")), path("ciphertext"),
                            PassphraseProtection.TAG_BYTES + 1, KeyEncodings.MAX_DER_BYTES + PassphraseProtection.TAG_BYTES));
        }

        byte[] plainPrivateKey() {
            if (privateKey == null || !privateKey.isString()) {
                throw new IdentityFileException(path + ".privateKey", "must be a base64 PKCS#8 string");
            }
            return base64(privateKey.asString(), path + ".privateKey", 1, KeyEncodings.MAX_DER_BYTES);
        }

        private JsonNode protectedKey() {
            String p = path + ".privateKey";
            if (privateKey == null || !privateKey.isObject()) {
                throw new IdentityFileException(p, "must be an object with nonce and ciphertext");
            }
            fields(privateKey, p, Set.of("nonce", "ciphertext"));
            return privateKey;
        }

        private String path(String field) {
            return path + ".privateKey." + field;
        }
    }

    /** The suite as the file lists it. */
    private record SuiteFields(String name, String mode, String kem, String signature, String aead, String kdf) {
        static SuiteFields parse(JsonNode node) {
            fields(node, "suite", Set.of("name", "mode", "kem", "signature", "aead", "kdf"));
            return new SuiteFields(string(node, "name", "suite.name"), string(node, "mode", "suite.mode"),
                    string(node, "kem", "suite.kem"), string(node, "signature", "suite.signature"),
                    string(node, "aead", "suite.aead"), string(node, "kdf", "suite.kdf"));
        }

        Suite toSuite() {
            CryptoMode m = null;
            for (CryptoMode candidate : CryptoMode.values()) {
                if (candidate.name().equals(mode)) {
                    m = candidate;
                }
            }
            if (m == null) {
                throw new IdentityFileException("suite.mode", "'" + truncate(mode) + "' is not one of " + List.of(CryptoMode.values()));
            }
            Algorithm k = algorithm(kem, "suite.kem", AlgorithmKind.KEM);
            Algorithm s = algorithm(signature, "suite.signature", AlgorithmKind.SIGNATURE);
            Algorithm a = algorithm(aead, "suite.aead", AlgorithmKind.AEAD);
            Algorithm d = algorithm(kdf, "suite.kdf", AlgorithmKind.KDF);
            Optional<Suite> builtIn = Suite.builtIn(name);
            if (builtIn.isPresent()) {
                Suite b = builtIn.get();
                if (b.mode() != m || !b.algorithms().equals(List.of(k, s, a, d))) {
                    throw new IdentityFileException("suite", "'" + name + "' is a built-in suite of " + b.mode() + " "
                            + b.algorithms() + ", but the file lists " + m + " " + List.of(k, s, a, d)
                            + "; built-in suites never change, a custom suite needs a name of its own");
                }
                return b;
            }
            Optional<String> broken = ModeRules.violation(m, k, s, a, d);
            if (broken.isPresent()) {
                throw new IdentityFileException("suite", "a " + m + " suite must keep the rules of its mode: " + broken.get());
            }
            try {
                return new Suite(name, m, k, s, a, d);
            } catch (IllegalArgumentException e) {
                throw new IdentityFileException("suite.name", e.getMessage(), e);
            }
        }

        private static Algorithm algorithm(String name, String field, AlgorithmKind kind) {
            Algorithm a;
            try {
                a = Algorithm.forName(name);
            } catch (UnsupportedAlgorithmException e) {
                throw new IdentityFileException(field, "unknown algorithm '" + truncate(name) + "'", e);
            }
            if (!a.name().equals(name)) {
                throw new IdentityFileException(field, "write the algorithm as '" + a.name() + "', not '" + name + "'");
            }
            if (a.kind() != kind) {
                throw new IdentityFileException(field, a + " is a " + a.kind() + ", not a " + kind);
            }
            return a;
        }
    }

    private static SuiteFields suiteFields(Suite suite) {
        return new SuiteFields(suite.name(), suite.mode().name(), suite.kem().name(), suite.signature().name(),
                suite.aead().name(), suite.kdf().name());
    }

    /**
     * How the private keys are protected: the KDF and its cost ({@code cost} for Argon2id, {@code iterations}
     * for PBKDF2; the other is null or 0), the salt as its base64 text, the AEAD.
     */
    private record Protection(PassphraseKdf kdf, PasswordKdfParameters cost, int iterations, String salt, String aead) {
        private static final Set<String> ARGON2ID_FIELDS = Set.of("kdf", "memoryKiB", "iterations", "parallelism", "salt", "aead");
        private static final Set<String> PBKDF2_FIELDS = Set.of("kdf", "iterations", "salt", "aead");

        /** The file version of this protection: Argon2id keeps versions 1 and 2, PBKDF2 is 3 and 4. */
        int version(boolean keyset) {
            return fileVersion(keyset, kdf);
        }

        /** The key of {@code passphrase}; the caller destroys it (bounds and policy were checked before). */
        SecretBytes deriveKey(CryptoRegistry registry, char[] passphrase) {
            byte[] s = Base64.getDecoder().decode(salt);
            return switch (kdf) {
                case ARGON2ID -> PassphraseProtection.deriveKey(registry, passphrase, s, cost);
                case PBKDF2_HMAC_SHA512 -> PassphraseProtection.deriveKeyPbkdf2(passphrase, s, iterations);
            };
        }

        /** The protection fields as the associated data binds them, in file order (numbers in decimal). */
        List<String> boundFields() {
            return switch (kdf) {
                case ARGON2ID -> List.of(kdf.algorithm().name(), Integer.toString(cost.memoryKiB()),
                        Integer.toString(cost.iterations()), Integer.toString(cost.parallelism()), salt, aead);
                case PBKDF2_HMAC_SHA512 -> List.of(kdf.algorithm().name(), Integer.toString(iterations), salt, aead);
            };
        }

        void toJson(ObjectNode p) {
            p.put("kdf", kdf.algorithm().name());
            if (kdf == PassphraseKdf.ARGON2ID) {
                p.put("memoryKiB", cost.memoryKiB());
                p.put("iterations", cost.iterations());
                p.put("parallelism", cost.parallelism());
            } else {
                p.put("iterations", iterations);
            }
            p.put("salt", salt);
            p.put("aead", aead);
        }

        /**
         * The protection of a file of {@code version}: versions 1 and 2 name Argon2id, 3 and 4 PBKDF2-HMAC-SHA512,
         * each with its own fields; every cost bounded here, before any derivation.
         */
        static Protection parse(JsonNode node, int version) {
            boolean pbkdf2 = version == PBKDF2_VERSION || version == PBKDF2_KEYSET_VERSION;
            PassphraseKdf expected = pbkdf2 ? PassphraseKdf.PBKDF2_HMAC_SHA512 : PassphraseKdf.ARGON2ID;
            JsonNode kdfNode = node.get("kdf");
            if (kdfNode != null && kdfNode.isString() && !kdfNode.asString().equals(expected.algorithm().name())) {
                String named = kdfNode.asString();
                throw new IdentityFileException("protection.kdf", kdfNames().contains(named)
                        ? "a version " + version + " file is protected with " + expected.algorithm().name() + ", not '" + named
                                + "' (Argon2id files are versions " + VERSION + " and " + KEYSET_VERSION + ", PBKDF2-HMAC-SHA512 files "
                                + PBKDF2_VERSION + " and " + PBKDF2_KEYSET_VERSION + ")"
                        : "must be '" + expected.algorithm().name() + "', got '" + truncate(named) + "'");
            }
            fields(node, "protection", pbkdf2 ? PBKDF2_FIELDS : ARGON2ID_FIELDS);
            string(node, "kdf", "protection.kdf");
            String aead = string(node, "aead", "protection.aead");
            if (!aead.equals(PassphraseProtection.AEAD.name())) {
                throw new IdentityFileException("protection.aead", "must be '" + PassphraseProtection.AEAD.name() + "', got '"
                        + truncate(aead) + "'");
            }
            PasswordKdfParameters cost = null;
            int pbkdf2Iterations = 0;
            if (pbkdf2) {
                pbkdf2Iterations = integer(node, "iterations", "protection.iterations");
                if (pbkdf2Iterations < PBKDF2_MIN_ITERATIONS || pbkdf2Iterations > PBKDF2_MAX_ITERATIONS) {
                    throw new IdentityFileException("protection.iterations", pbkdf2Iterations + " PBKDF2 iterations is outside the "
                            + PBKDF2_MIN_ITERATIONS + " to " + PBKDF2_MAX_ITERATIONS + " allowed");
                }
            } else {
                cost = argon2idCost(node);
            }
            String salt = string(node, "salt", "protection.salt");
            base64(salt, "protection.salt", PassphraseProtection.SALT_BYTES, 64);
            return new Protection(expected, cost, pbkdf2Iterations, salt, aead);
        }

        private static PasswordKdfParameters argon2idCost(JsonNode node) {
            int memory = integer(node, "memoryKiB", "protection.memoryKiB");
            int iterations = integer(node, "iterations", "protection.iterations");
            int parallelism = integer(node, "parallelism", "protection.parallelism");
            if (memory > MAX_MEMORY_KIB) {
                throw new IdentityFileException("protection.memoryKiB", memory + " KiB is more than the " + MAX_MEMORY_KIB + " allowed");
            }
            if (iterations > MAX_ITERATIONS) {
                throw new IdentityFileException("protection.iterations", iterations + " is more than the " + MAX_ITERATIONS + " allowed");
            }
            if ((long) memory * iterations > MAX_WORK) {
                throw new IdentityFileException("protection", memory + " KiB x " + iterations + " passes is more Argon2id work than the "
                        + MAX_WORK + " KiB x passes allowed");
            }
            try {
                return new PasswordKdfParameters(memory, iterations, parallelism);
            } catch (InvalidInputException e) {
                throw new IdentityFileException("protection", e.getMessage(), e);
            }
        }
    }

    /** The header fields, which the associated data binds. */
    private record Header(String format, int version, String name, SuiteFields suite, Protection protection) {
        ObjectNode toJson() {
            ObjectNode root = MAPPER.createObjectNode();
            root.put("format", format);
            root.put("version", version);
            root.put("name", name);
            ObjectNode s = root.putObject("suite");
            s.put("name", suite.name());
            s.put("mode", suite.mode());
            s.put("kem", suite.kem());
            s.put("signature", suite.signature());
            s.put("aead", suite.aead());
            s.put("kdf", suite.kdf());
            if (protection != null) {
                protection.toJson(root.putObject("protection"));
            }
            return root;
        }

        /**
         * Every header field, the slot, the key id and the public key, then {@code extra} (a keyset key's status
         * and creation time), each length-prefixed.
         */
        byte[] associatedData(String slot, String keyId, String spki, List<String> extra) {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            List<String> all = new ArrayList<>(List.of(format, Integer.toString(version), name, suite.name(), suite.mode(), suite.kem(),
                    suite.signature(), suite.aead(), suite.kdf()));
            all.addAll(protection.boundFields());
            all.addAll(List.of(slot, keyId, spki));
            all.addAll(extra);
            for (String field : all) {
                IdentityStatement.lengthPrefixed(out, field.getBytes(StandardCharsets.UTF_8));
            }
            byte[] fields = out.toByteArray();
            ByteArrayOutputStream ad = new ByteArrayOutputStream();
            IdentityStatement.lengthPrefixed(ad, AD_LABEL);
            ad.writeBytes(fields);
            return ad.toByteArray();
        }
    }

    // ---- JSON helpers ----

    private static void fields(JsonNode node, String path, Set<String> expected) {
        Set<String> present = new LinkedHashSet<>(node.propertyNames());
        for (String name : present) {
            if (!expected.contains(name)) {
                throw new IdentityFileException(join(path, name), "unknown field (expected only " + expected + ")");
            }
        }
        for (String name : expected) {
            if (!present.contains(name)) {
                throw new IdentityFileException(join(path, name), "missing");
            }
        }
    }

    private static String join(String path, String name) {
        return path.isEmpty() ? name : path + "." + truncate(name);
    }

    private static JsonNode object(JsonNode parent, String name, String path) {
        JsonNode v = parent.get(name);
        if (v == null || !v.isObject()) {
            throw new IdentityFileException(path, "must be an object");
        }
        return v;
    }

    private static String string(JsonNode parent, String name, String path) {
        JsonNode v = parent.get(name);
        if (v == null || !v.isString()) {
            throw new IdentityFileException(path, "must be a string");
        }
        return v.asString();
    }

    private static int integer(JsonNode parent, String name, String path) {
        JsonNode v = parent.get(name);
        if (v == null || !v.isInt()) {
            throw new IdentityFileException(path, "must be a whole number");
        }
        return v.intValue();
    }

    private static byte[] base64(String text, String path) {
        return base64(text, path, 1, KeyEncodings.MAX_DER_BYTES);
    }

    /** Strict standard base64 with padding, decoding to {@code min..max} bytes; the length is checked before decoding. */
    private static byte[] base64(String text, String path, int min, int max) {
        long decodedLength = text.length() / 4L * 3;
        if (text.length() % 4 != 0 || decodedLength < min || decodedLength - 2 > max) {
            throw new IdentityFileException(path, "must be base64 of " + (min == max ? min + "" : min + " to " + max) + " bytes");
        }
        byte[] bytes;
        try {
            bytes = Base64.getDecoder().decode(text);
        } catch (IllegalArgumentException e) {
            throw new IdentityFileException(path, "is not valid base64", e);
        }
        if (bytes.length < min || bytes.length > max || !b64(bytes).equals(text)) {
            Arrays.fill(bytes, (byte) 0);
            throw new IdentityFileException(path, "must be canonical base64 of " + (min == max ? min + "" : min + " to " + max) + " bytes");
        }
        return bytes;
    }

    private static String b64(byte[] bytes) {
        return Base64.getEncoder().encodeToString(bytes);
    }

    private static String truncate(String s) {
        return s.length() <= 64 ? s : s.substring(0, 64) + "...";
    }

    private static void checkName(String name) {
        if (name.length() > MAX_NAME_CHARS) {
            throw new InvalidInputException("identity name is " + name.length() + " characters; at most " + MAX_NAME_CHARS
                    + " fit in an identity file");
        }
    }
}
