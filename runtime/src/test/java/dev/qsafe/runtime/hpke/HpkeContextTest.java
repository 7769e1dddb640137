package dev.qsafe.runtime.hpke;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.qsafe.api.Aead;
import dev.qsafe.api.Algorithm;
import dev.qsafe.api.AlgorithmKind;
import dev.qsafe.api.DecryptionFailedException;
import dev.qsafe.api.InvalidKeyException;
import dev.qsafe.api.Kdf;
import dev.qsafe.api.QSafeException;
import dev.qsafe.api.SecretBytes;
import dev.qsafe.api.spi.AeadSpi;
import java.io.ByteArrayOutputStream;
import java.security.GeneralSecurityException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.Test;

/**
 * The sequence-number and nonce rules of {@link HpkeContext}, with a recording AEAD so that the nonces
 * can be seen, and a one-byte-nonce AEAD so that the message limit can be reached.
 */
class HpkeContextTest {
    private static final byte[] SUITE_ID = {'H', 'P', 'K', 'E', 0, 0x20, 0, 1, 0, 2};
    private static final SecretBytes SHARED_SECRET = SecretBytes.copyOf(new byte[32]);

    @Test
    void messageLimit_isTwoToTheNonceBitsMinusOne_cappedByLong() {
        assertEquals(255, HpkeContext.messageLimit(1));
        assertEquals(65_535, HpkeContext.messageLimit(2));
        assertEquals(Long.MAX_VALUE, HpkeContext.messageLimit(8));
        assertEquals(Long.MAX_VALUE, HpkeContext.messageLimit(12));
    }

    @Test
    void nonces_areBaseNonceXorSequenceNumber_bigEndian() {
        RecordingAead aead = new RecordingAead(12);
        HpkeContext context = HpkeContext.keySchedule(new HkdfSha256(), aead, SUITE_ID, SHARED_SECRET, new byte[0]);
        for (int i = 0; i < 300; i++) {
            context.seal(new byte[0], new byte[0]);
        }
        byte[] base = aead.nonces.getFirst();
        for (int i = 0; i < 300; i++) {
            byte[] expected = base.clone();
            expected[11] ^= (byte) i;
            expected[10] ^= (byte) (i >>> 8);
            assertArrayEquals(expected, aead.nonces.get(i), "nonce of sequence number " + i);
        }
    }

    @Test
    void open_failure_doesNotAdvanceTheSequence() {
        RecordingAead aead = new RecordingAead(12);
        HpkeContext sender = HpkeContext.keySchedule(new HkdfSha256(), aead, SUITE_ID, SHARED_SECRET, new byte[0]);
        HpkeContext recipient = HpkeContext.keySchedule(new HkdfSha256(), aead, SUITE_ID, SHARED_SECRET, new byte[0]);
        byte[] first = sender.seal(new byte[0], new byte[] {1});
        byte[] second = sender.seal(new byte[0], new byte[] {2});
        assertThrows(DecryptionFailedException.class, () -> recipient.open(new byte[0], second));
        assertArrayEquals(new byte[] {1}, recipient.open(new byte[0], first));
        assertArrayEquals(new byte[] {2}, recipient.open(new byte[0], second));
    }

    @Test
    void seal_pastTheMessageLimit_refused() {
        HpkeContext context = HpkeContext.keySchedule(new HkdfSha256(), new RecordingAead(1), SUITE_ID, SHARED_SECRET,
                new byte[0]);
        for (int i = 0; i < 255; i++) {
            context.seal(new byte[0], new byte[0]);
        }
        QSafeException e = assertThrows(QSafeException.class, () -> context.seal(new byte[0], new byte[0]));
        assertEquals(QSafeException.class, e.getClass(), "not a decryption failure or an input error");
    }

    @Test
    void destroy_refusesLaterUse() {
        HpkeContext context = HpkeContext.keySchedule(new HkdfSha256(), new RecordingAead(12), SUITE_ID, SHARED_SECRET,
                new byte[0]);
        context.destroy();
        assertThrows(InvalidKeyException.class, () -> context.seal(new byte[0], new byte[0]));
        assertThrows(InvalidKeyException.class, () -> context.open(new byte[0], new byte[0]));
        assertThrows(InvalidKeyException.class, () -> context.export(new byte[0], 32));
    }

    @Test
    void sealIntoAndOpenInto_withAnEngineOfOnlyTheArrayMethods_matchSealAndOpen_andAForgeryLeavesZeros() {
        AeadSpi aead = new JdkAesGcm();
        HpkeContext a = HpkeContext.keySchedule(new HkdfSha256(), aead, SUITE_ID, SHARED_SECRET, new byte[0]);
        HpkeContext b = HpkeContext.keySchedule(new HkdfSha256(), aead, SUITE_ID, SHARED_SECRET, new byte[0]);
        HpkeContext recipient = HpkeContext.keySchedule(new HkdfSha256(), aead, SUITE_ID, SHARED_SECRET, new byte[0]);
        byte[] aad = {1, 2, 3};
        byte[] plaintext = new byte[100];
        Arrays.fill(plaintext, (byte) 7);
        byte[] in = new byte[110];
        System.arraycopy(plaintext, 0, in, 5, 100);
        for (int i = 0; i < 3; i++) {
            byte[] expected = a.seal(aad, plaintext);
            byte[] out = new byte[130];
            assertEquals(116, b.sealInto(aad, in, 5, 100, out, 7));
            assertArrayEquals(expected, Arrays.copyOfRange(out, 7, 123), "message " + i);

            byte[] forged = out.clone();
            forged[20] ^= 1;
            byte[] opened = new byte[104];
            Arrays.fill(opened, (byte) 0x5A);
            assertThrows(DecryptionFailedException.class, () -> recipient.openInto(aad, forged, 7, 116, opened, 4));
            for (int j = 4; j < 104; j++) {
                assertEquals(0, opened[j], "no plaintext left at " + j);
            }
            assertEquals(100, recipient.openInto(aad, out, 7, 116, opened, 4), "a forgery does not advance the sequence");
            assertArrayEquals(plaintext, Arrays.copyOfRange(opened, 4, 104));
        }
        assertThrows(dev.qsafe.api.InvalidInputException.class, () -> b.sealInto(aad, in, 5, 100, new byte[115], 0));
    }

    // ---- the key schedule, RFC 9180 section 5.1 written out here, and psk_id_hash computed once ----

    private static byte[] cat(byte[]... parts) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (byte[] p : parts) {
            out.writeBytes(p);
        }
        return out.toByteArray();
    }

    private static byte[] ascii(String s) {
        return s.getBytes(java.nio.charset.StandardCharsets.US_ASCII);
    }

    private static byte[] rfcLabeledExtract(byte[] salt, String label, byte[] ikm) {
        return new HkdfSha256().extract(salt, cat(ascii("HPKE-v1"), SUITE_ID, ascii(label), ikm));
    }

    private static byte[] rfcLabeledExpand(byte[] prk, String label, byte[] info, int length) {
        return new HkdfSha256().expand(prk, cat(new byte[] {(byte) (length >>> 8), (byte) length}, ascii("HPKE-v1"), SUITE_ID,
                ascii(label), info), length);
    }

    @Test
    void keySchedule_isRfc9180s_withThePskIdHashGivenOrComputed() {
        byte[] info = ascii("an application's info, long enough to matter: 0123456789abcdef");
        byte[] pskIdHash = rfcLabeledExtract(new byte[0], "psk_id_hash", new byte[0]);
        assertArrayEquals(pskIdHash, HpkeContext.pskIdHash(new HkdfSha256(), SUITE_ID));
        byte[] context = cat(new byte[] {0}, pskIdHash, rfcLabeledExtract(new byte[0], "info_hash", info));
        byte[] secret = rfcLabeledExtract(new byte[32], "secret", new byte[0]); // salt: the shared secret; ikm: the empty psk
        byte[] exporter = rfcLabeledExpand(secret, "exp", context, 32);
        byte[] exportContext = ascii("export context");
        byte[] expected = rfcLabeledExpand(exporter, "sec", exportContext, 45);

        HpkeContext computed = HpkeContext.keySchedule(new HkdfSha256(), new RecordingAead(12), SUITE_ID, SHARED_SECRET, info);
        HpkeContext given = HpkeContext.keySchedule(new HkdfSha256(), new RecordingAead(12), SUITE_ID, pskIdHash.clone(),
                SHARED_SECRET, info);
        assertArrayEquals(expected, computed.export(exportContext, 45));
        assertArrayEquals(expected, given.export(exportContext, 45));
        // the AEAD's base nonce (the recording AEAD shows it): LabeledExpand(secret, "base_nonce", context, Nn)
        RecordingAead aead = new RecordingAead(12);
        HpkeContext.keySchedule(new HkdfSha256(), aead, SUITE_ID, pskIdHash, SHARED_SECRET, info).seal(new byte[0], new byte[0]);
        assertArrayEquals(rfcLabeledExpand(secret, "base_nonce", context, 12), aead.nonces.getFirst());
    }

    @Test
    void hpke_computesThePskIdHashOnce_andEveryContextStillUsesIt() {
        CountingKdf kdf = new CountingKdf();
        Hpke hpke = Hpke.of(new FixedKem(), kdf, new JdkAesGcm());
        dev.qsafe.api.PrivateKey sk = dev.qsafe.api.PrivateKey.of(Algorithm.DHKEM_X25519, new byte[32]);
        byte[] enc = new byte[32];
        byte[] info = ascii("info");
        Hpke.Recipient first = hpke.setupBaseRecipient(sk, enc, info);
        assertEquals(3, kdf.extracts, "psk_id_hash, info_hash, secret");
        Hpke.Recipient second = hpke.setupBaseRecipient(sk, enc, info);
        assertEquals(5, kdf.extracts, "info_hash and secret only: psk_id_hash is the suite's constant");
        Hpke.Sender sender = hpke.setupBaseSender(dev.qsafe.api.PublicKey.of(Algorithm.DHKEM_X25519, new byte[32]), info);
        assertEquals(7, kdf.extracts);
        byte[] ct = sender.seal(new byte[0], ascii("hello"));
        assertArrayEquals(ascii("hello"), second.open(new byte[0], ct), "the cached psk_id_hash gives the same keys");
        assertArrayEquals(first.export(info, 32), sender.export(info, 32));
        HpkeContext reference = HpkeContext.keySchedule(new HkdfSha256(), new JdkAesGcm(), hpke.suiteId(),
                SHARED_SECRET, info);
        assertArrayEquals(reference.export(info, 32), second.export(info, 32));
    }

    /** HKDF-SHA256 that counts its extracts. */
    private static final class CountingKdf implements Kdf {
        private final HkdfSha256 hkdf = new HkdfSha256();
        int extracts;

        @Override
        public Algorithm algorithm() {
            return Algorithm.HKDF_SHA256;
        }

        @Override
        public byte[] extract(byte[] salt, byte[] ikm) {
            extracts++;
            return hkdf.extract(salt, ikm);
        }

        @Override
        public byte[] expand(byte[] prk, byte[] info, int length) {
            return hkdf.expand(prk, info, length);
        }
    }

    /** A "KEM" of DHKEM(X25519)'s sizes whose shared secret is always 32 zero bytes (enc: 32 zero bytes). */
    private static final class FixedKem implements dev.qsafe.api.spi.KemSpi {
        @Override
        public Algorithm algorithm() {
            return Algorithm.DHKEM_X25519;
        }

        @Override
        public dev.qsafe.api.KeyPair generateKeyPair() {
            throw new UnsupportedOperationException();
        }

        @Override
        public dev.qsafe.api.KeyPair deriveKeyPair(byte[] seed) {
            throw new UnsupportedOperationException();
        }

        @Override
        public dev.qsafe.api.PublicKey derivePublicKey(dev.qsafe.api.PrivateKey privateKey) {
            throw new UnsupportedOperationException();
        }

        @Override
        public dev.qsafe.api.Encapsulation encapsulate(dev.qsafe.api.PublicKey recipient) {
            return new dev.qsafe.api.Encapsulation(new byte[32], SecretBytes.copyOf(new byte[32]));
        }

        @Override
        public dev.qsafe.api.Encapsulation engineEncapsulateDerandomized(dev.qsafe.api.PublicKey recipient, byte[] randomness) {
            return encapsulate(recipient);
        }

        @Override
        public SecretBytes decapsulate(dev.qsafe.api.PrivateKey privateKey, byte[] encapsulation) {
            return SecretBytes.copyOf(new byte[32]);
        }
    }

    /** An "AEAD" that prepends the nonce and records it: enough to observe the context's nonces. */
    private static final class RecordingAead implements AeadSpi {
        final List<byte[]> nonces = new ArrayList<>();
        private final Algorithm algorithm;

        RecordingAead(int nonceSize) {
            algorithm = new Algorithm("HpkeContextTest-AEAD-" + nonceSize, AlgorithmKind.AEAD, 0, 0, 0, 0, 0, 0, 16,
                    nonceSize, 0, 0xFFF0, "");
        }

        @Override
        public Algorithm algorithm() {
            return algorithm;
        }

        @Override
        public byte[] seal(SecretBytes key, byte[] nonce, byte[] plaintext, byte[] associatedData) {
            nonces.add(nonce.clone());
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            out.writeBytes(nonce);
            out.writeBytes(plaintext);
            return out.toByteArray();
        }

        @Override
        public byte[] open(SecretBytes key, byte[] nonce, byte[] ciphertext, byte[] associatedData) {
            if (ciphertext.length < nonce.length || !Arrays.equals(nonce, Arrays.copyOf(ciphertext, nonce.length))) {
                throw new DecryptionFailedException();
            }
            return Arrays.copyOfRange(ciphertext, nonce.length, ciphertext.length);
        }
    }

    /** AES-256-GCM of the JDK implementing only the array methods of {@link Aead} (the range methods are the SPI's copying defaults), as a third-party engine might. */
    private static final class JdkAesGcm implements AeadSpi {
        @Override
        public Algorithm algorithm() {
            return Algorithm.AES_256_GCM;
        }

        @Override
        public byte[] seal(SecretBytes key, byte[] nonce, byte[] plaintext, byte[] associatedData) {
            return run(javax.crypto.Cipher.ENCRYPT_MODE, key, nonce, plaintext, associatedData);
        }

        @Override
        public byte[] open(SecretBytes key, byte[] nonce, byte[] ciphertext, byte[] associatedData) {
            return run(javax.crypto.Cipher.DECRYPT_MODE, key, nonce, ciphertext, associatedData);
        }

        private static byte[] run(int mode, SecretBytes key, byte[] nonce, byte[] in, byte[] aad) {
            try {
                javax.crypto.Cipher c = javax.crypto.Cipher.getInstance("AES/GCM/NoPadding");
                c.init(mode, new SecretKeySpec(key.rawBytes(dev.qsafe.api.SecretAccess.INSECURE), "AES"),
                        new javax.crypto.spec.GCMParameterSpec(128, nonce));
                c.updateAAD(aad);
                return c.doFinal(in);
            } catch (javax.crypto.AEADBadTagException e) {
                throw new DecryptionFailedException();
            } catch (GeneralSecurityException e) {
                throw new AssertionError(e);
            }
        }
    }

    /** RFC 5869 HKDF-SHA256 on the JDK's HMAC, for a key schedule without providers. */
    private static final class HkdfSha256 implements Kdf {
        @Override
        public Algorithm algorithm() {
            return Algorithm.HKDF_SHA256;
        }

        @Override
        public byte[] extract(byte[] salt, byte[] ikm) {
            return hmac(salt.length == 0 ? new byte[32] : salt, ikm);
        }

        @Override
        public byte[] expand(byte[] prk, byte[] info, int length) {
            ByteArrayOutputStream okm = new ByteArrayOutputStream();
            byte[] t = new byte[0];
            for (int i = 1; okm.size() < length; i++) {
                ByteArrayOutputStream block = new ByteArrayOutputStream();
                block.writeBytes(t);
                block.writeBytes(info);
                block.write(i);
                t = hmac(prk, block.toByteArray());
                okm.writeBytes(t);
            }
            return Arrays.copyOf(okm.toByteArray(), length);
        }

        private static byte[] hmac(byte[] key, byte[] data) {
            try {
                Mac mac = Mac.getInstance("HmacSHA256");
                mac.init(new SecretKeySpec(key, "HmacSHA256"));
                return mac.doFinal(data);
            } catch (GeneralSecurityException e) {
                throw new AssertionError("HmacSHA256 is required by every Java platform", e);
            }
        }
    }
}
