package dev.qsafe.tests.hygiene;

import dev.qsafe.api.Aead;
import dev.qsafe.api.Algorithm;
import dev.qsafe.api.CryptoMode;
import dev.qsafe.api.Encapsulation;
import dev.qsafe.api.KeyPair;
import dev.qsafe.api.PasswordKdfParameters;
import dev.qsafe.api.PrivateKey;
import dev.qsafe.api.SecretAccess;
import dev.qsafe.api.SecretBytes;
import dev.qsafe.api.spi.KemSpi;
import dev.qsafe.api.spi.SignatureSpi;
import dev.qsafe.runtime.QSafe;
import dev.qsafe.runtime.config.QSafeConfig;
import dev.qsafe.runtime.hpke.Hpke;
import dev.qsafe.runtime.keys.Identity;
import dev.qsafe.runtime.keys.IdentityFiles;
import dev.qsafe.runtime.keys.KeyEncodings;
import dev.qsafe.runtime.registry.CryptoRegistry;
import dev.qsafe.runtime.registry.RegistryConfig;
import dev.qsafe.runtime.suite.Suite;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Exercises every engine the registry selects or offers, HPKE, the facade and identity files, and
 * records what a leak scan needs: every secret created (private keys raw and PKCS#8, KEM shared
 * secrets, AEAD and KDF keys and outputs, HPKE exports, passphrases), every object touched, and the
 * exception of every operation made to fail (wrong key, tampering, wrong passphrase, malformed keys,
 * destroyed keys).
 *
 * @param secrets  the secrets, in every textual form
 * @param touched  every key, identity, engine, registry, configuration and HPKE object used
 * @param failures the exceptions of the operations made to fail
 */
record SecretWorkload(Secrets secrets, List<Object> touched, List<Throwable> failures) {
    /** A passphrase long enough to scan for. */
    static final String PASSPHRASE = "correct horse battery staple, but longer";
    /** Another one, tried against files written with {@link #PASSPHRASE}. */
    static final String WRONG_PASSPHRASE = "incorrect horse battery staple, and longer";
    /** A cheap Argon2id cost, so that the workload stays fast. */
    static final PasswordKdfParameters CHEAP = new PasswordKdfParameters(64, 1, 1);

    private static final SecureRandom RANDOM = new SecureRandom();
    private static final byte[] MESSAGE = "hygiene workload message".getBytes(StandardCharsets.UTF_8);
    private static final byte[] INFO = "hygiene".getBytes(StandardCharsets.US_ASCII);

    /** Runs the workload on a freshly discovered registry (so discovery is part of it, for log capture). */
    static SecretWorkload run() {
        SecretWorkload w = new SecretWorkload(new Secrets(), new ArrayList<>(), new ArrayList<>());
        w.secrets().addText("the passphrase", PASSPHRASE);
        w.secrets().addText("the wrong passphrase", WRONG_PASSPHRASE);
        CryptoRegistry registry = CryptoRegistry.discover(RegistryConfig.defaults());
        QSafe qsafe = QSafe.newBuilder().registry(registry).config(QSafeConfig.defaults()).build();
        w.touch(registry, qsafe, qsafe.config(), qsafe.config().providers(), qsafe.config().policy());
        w.touched().addAll(registry.providers());
        for (Algorithm a : registry.algorithms()) {
            w.touch(a, registry.selection(a));
            for (String provider : registry.providersOf(a)) {
                w.engine(registry, a, provider);
            }
        }
        for (Algorithm kem : registry.algorithms()) {
            if (kem.kind() == dev.qsafe.api.AlgorithmKind.KEM && kem.hpke().isPresent() && !registry.providersOf(kem).isEmpty()) {
                w.hpke(registry, kem);
            }
        }
        for (CryptoMode mode : CryptoMode.values()) {
            Suite suite = qsafe.config().suite(mode);
            if (suite.algorithms().stream().allMatch(a -> registry.selection(a).selected().isPresent())) {
                w.facade(qsafe, mode);
            }
        }
        return w;
    }

    private void touch(Object... objects) {
        touched.addAll(Arrays.asList(objects));
    }

    /** Runs {@code failing}, which must throw; records the exception. */
    private void fails(String what, Runnable failing) {
        try {
            failing.run();
        } catch (RuntimeException e) {
            failures.add(e);
            return;
        }
        throw new AssertionError(what + " did not fail");
    }

    private static byte[] random(int n) {
        byte[] b = new byte[n];
        RANDOM.nextBytes(b);
        return b;
    }

    private static byte[] flipped(byte[] bytes, int index) {
        byte[] c = bytes.clone();
        c[index] ^= 1;
        return c;
    }

    private void engine(CryptoRegistry registry, Algorithm a, String provider) {
        String where = a.name() + " of " + provider;
        switch (a.kind()) {
            case KEM -> kem(where, registry.kem(a, provider));
            case SIGNATURE -> signature(where, registry.signature(a, provider));
            case AEAD -> {
                Aead aead = registry.aead(a, provider);
                SecretBytes key = SecretBytes.wrap(random(a.keySize()));
                secrets.add(where + " key", key);
                byte[] nonce = random(a.nonceSize());
                byte[] sealed = aead.seal(key, nonce, MESSAGE, INFO);
                touch(aead, key);
                fails(where + " open of a modified tag", () -> aead.open(key, nonce, flipped(sealed, sealed.length - 1), INFO));
                fails(where + " open with a wrong key", () -> aead.open(SecretBytes.wrap(random(a.keySize())), nonce, sealed, INFO));
                fails(where + " a key of the wrong size", () -> aead.seal(SecretBytes.copyOf(Arrays.copyOf(
                        key.rawBytes(SecretAccess.INSECURE), a.keySize() - 1)), nonce, MESSAGE, INFO));
            }
            case KDF -> {
                var kdf = registry.kdf(a, provider);
                byte[] ikm = random(32);
                secrets.add(where + " input keying material", ikm);
                byte[] prk = kdf.extract(random(16), ikm);
                secrets.add(where + " pseudo-random key", prk);
                secrets.add(where + " output", kdf.expand(prk, INFO, 42));
                touch(kdf);
                fails(where + " an output too long", () -> kdf.expand(prk, INFO, 255 * a.keySize() + 1));
            }
            case PASSWORD_KDF -> {
                var pkdf = registry.passwordKdf(a, provider);
                secrets.add(where + " derived key", pkdf.derive(PASSPHRASE.toCharArray(), random(16), CHEAP, 32));
                touch(pkdf);
            }
            default -> touch(a);
        }
    }

    private void kem(String where, KemSpi kem) {
        Algorithm a = kem.algorithm();
        KeyPair pair = kem.generateKeyPair();
        secrets.add(where, pair.privateKey());
        Encapsulation encapsulation = kem.encapsulate(pair.publicKey());
        secrets.add(where + " shared secret", encapsulation.sharedSecret());
        SecretBytes decapsulated = kem.decapsulate(pair.privateKey(), encapsulation.ciphertext());
        touch(kem, pair, pair.publicKey(), pair.privateKey(), encapsulation, encapsulation.sharedSecret(), decapsulated);
        byte[] raw = pair.privateKey().rawBytes(SecretAccess.INSECURE);
        fails(where + " an encapsulation of the wrong length", () -> kem.decapsulate(pair.privateKey(),
                Arrays.copyOf(encapsulation.ciphertext(), a.ciphertextSize() - 1)));
        fails(where + " a private key of the wrong length", () -> kem.derivePublicKey(PrivateKey.of(a, Arrays.copyOf(raw, raw.length + 1))));
        privateKeyEncodings(where, pair.privateKey());
        PrivateKey destroyed = kem.generateKeyPair().privateKey();
        destroyed.destroy();
        touch(destroyed);
        fails(where + " a destroyed key", () -> kem.decapsulate(destroyed, encapsulation.ciphertext()));
    }

    private void signature(String where, SignatureSpi scheme) {
        Algorithm a = scheme.algorithm();
        KeyPair pair = scheme.generateKeyPair();
        secrets.add(where, pair.privateKey());
        byte[] signature = scheme.sign(pair.privateKey(), MESSAGE, new byte[0]);
        touch(scheme, pair, pair.publicKey(), pair.privateKey());
        fails(where + " verify another message", () -> scheme.verify(pair.publicKey(), INFO, signature, new byte[0]));
        fails(where + " verify a modified signature", () -> scheme.verify(pair.publicKey(), MESSAGE, flipped(signature, 0), new byte[0]));
        byte[] raw = pair.privateKey().rawBytes(SecretAccess.INSECURE);
        fails(where + " a private key of the wrong length", () -> scheme.sign(PrivateKey.of(a, Arrays.copyOf(raw, raw.length + 1)),
                MESSAGE, new byte[0]));
        privateKeyEncodings(where, pair.privateKey());
        PrivateKey destroyed = scheme.generateKeyPair().privateKey();
        destroyed.destroy();
        touch(destroyed);
        fails(where + " a destroyed key", () -> scheme.sign(destroyed, MESSAGE, new byte[0]));
    }

    /** PKCS#8 and PEM of a private key, and the errors for broken encodings of it. */
    private void privateKeyEncodings(String where, PrivateKey key) {
        if (!KeyEncodings.supports(key.algorithm())) {
            return;
        }
        byte[] der = KeyEncodings.encodePkcs8(key);
        String pem = KeyEncodings.encodePem(key);
        touch(KeyEncodings.decodePkcs8(der), KeyEncodings.decodePrivatePem(pem));
        fails(where + " truncated PKCS#8", () -> KeyEncodings.decodePkcs8(Arrays.copyOf(der, der.length - 1)));
        fails(where + " PKCS#8 with a trailing byte", () -> KeyEncodings.decodePkcs8(Arrays.copyOf(der, der.length + 1)));
        fails(where + " PKCS#8 of another algorithm", () -> KeyEncodings.decodePkcs8(der,
                key.algorithm().equals(Algorithm.ED25519) ? Algorithm.ML_DSA_44 : Algorithm.ED25519));
        fails(where + " PEM with a broken body", () -> KeyEncodings.decodePrivatePem(pem.replaceFirst("\n[A-Za-z0-9+/]", "\n*")));
    }

    /** {@code text} with the character after the first {@code marker} replaced by another base64 character. */
    private static String modifiedAfter(String text, String marker) {
        int i = text.indexOf(marker) + marker.length();
        if (i < marker.length()) {
            throw new AssertionError("no " + marker + " in " + text);
        }
        return text.substring(0, i) + (text.charAt(i) == 'A' ? 'B' : 'A') + text.substring(i + 1);
    }

    private void hpke(CryptoRegistry registry, Algorithm kem) {
        Hpke hpke = Hpke.of(registry, kem, Algorithm.HKDF_SHA256, Algorithm.AES_256_GCM);
        KeyPair pair = registry.kem(kem).generateKeyPair();
        Hpke.Sender sender = hpke.setupBaseSender(pair.publicKey(), INFO);
        Hpke.Recipient recipient = hpke.setupBaseRecipient(pair.privateKey(), sender.enc(), INFO);
        secrets.add("HPKE " + kem + " sender export", sender.export(INFO, 32));
        secrets.add("HPKE " + kem + " recipient export", recipient.export(INFO, 32));
        byte[] ct = sender.seal(INFO, MESSAGE);
        touch(hpke, sender, recipient);
        fails("HPKE " + kem + " open of a modified ciphertext", () -> recipient.open(INFO, flipped(ct, 0)));
        fails("HPKE " + kem + " open with other info", () -> hpke.setupBaseRecipient(pair.privateKey(), sender.enc(), MESSAGE)
                .open(INFO, ct));
        sender.destroy();
        recipient.destroy();
        fails("HPKE " + kem + " seal with a destroyed context", () -> sender.seal(INFO, MESSAGE));
    }

    private void facade(QSafe qsafe, CryptoMode mode) {
        Identity alice = qsafe.generateIdentity("alice-" + mode, mode);
        Identity bob = qsafe.generateIdentity("bob-" + mode, mode);
        Identity eve = qsafe.generateIdentity("eve-" + mode, mode);
        for (Identity id : List.of(alice, bob, eve)) {
            secrets.add(id);
            touch(id, id.publicIdentity(), id.kem(), id.signature(), id.suite());
        }
        byte[] envelope = qsafe.seal(MESSAGE, bob.publicIdentity(), alice);
        qsafe.open(envelope, bob, alice.publicIdentity());
        byte[] signature = qsafe.sign(MESSAGE, alice);
        touch(qsafe.inspect(envelope));
        fails(mode + " open with Eve's identity", () -> qsafe.open(envelope, eve, alice.publicIdentity()));
        fails(mode + " open expecting Eve as the sender", () -> qsafe.open(envelope, bob, eve.publicIdentity()));
        fails(mode + " open of a modified envelope", () -> qsafe.open(flipped(envelope, envelope.length - 1), bob, alice.publicIdentity()));
        fails(mode + " open of a truncated envelope", () -> qsafe.open(Arrays.copyOf(envelope, 40), bob, alice.publicIdentity()));
        fails(mode + " verify with Eve's key", () -> qsafe.verify(MESSAGE, signature, eve.publicIdentity()));

        CryptoRegistry registry = qsafe.registry();
        String file = IdentityFiles.write(alice, PASSPHRASE.toCharArray(), CHEAP, registry);
        touch(IdentityFiles.read(file, PASSPHRASE.toCharArray(), registry));
        fails(mode + " identity file with the wrong passphrase", () -> IdentityFiles.read(file, WRONG_PASSPHRASE.toCharArray(), registry));
        String modified = modifiedAfter(file, "\"ciphertext\" : \"");
        fails(mode + " identity file with a modified ciphertext", () -> IdentityFiles.read(modified, PASSPHRASE.toCharArray(), registry));
        String unprotected = IdentityFiles.writeUnprotected(alice);
        fails(mode + " unprotected identity file with a modified key", () -> IdentityFiles.readUnprotected(
                modifiedAfter(unprotected, "\"privateKey\" : \""), registry));
        fails(mode + " public identity file read as private", () -> IdentityFiles.read(IdentityFiles.writePublic(alice, registry),
                PASSPHRASE.toCharArray(), registry));

        eve.destroy();
        touch(eve);
        fails(mode + " sign with a destroyed identity", () -> qsafe.sign(MESSAGE, eve));
        fails(mode + " open with a destroyed identity", () -> qsafe.open(qsafe.seal(MESSAGE, eve.publicIdentity(), alice), eve,
                alice.publicIdentity()));
        fails(mode + " write a destroyed identity", () -> IdentityFiles.writeUnprotected(eve));
    }
}
