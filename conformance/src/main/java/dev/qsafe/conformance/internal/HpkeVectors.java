package dev.qsafe.conformance.internal;

import static dev.qsafe.conformance.internal.Checks.equal;
import static dev.qsafe.conformance.internal.Checks.raw;

import dev.qsafe.api.Algorithm;
import dev.qsafe.api.AlgorithmKind;
import dev.qsafe.api.Encapsulation;
import dev.qsafe.api.KeyPair;
import dev.qsafe.api.PrivateKey;
import dev.qsafe.api.PublicKey;
import dev.qsafe.api.SecretAccess;
import dev.qsafe.api.UnsupportedAlgorithmException;
import dev.qsafe.api.Xof;
import dev.qsafe.api.spi.AeadSpi;
import dev.qsafe.api.spi.KdfSpi;
import dev.qsafe.api.spi.KemSpi;
import dev.qsafe.runtime.hpke.Hpke;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import tools.jackson.databind.JsonNode;

/**
 * HPKE vectors of RFC 9180 (appendix A) and of draft-ietf-hpke-pq, which share a schema: an array of
 * suites with {@code mode, kem_id, kdf_id, aead_id, info, ikmR, ikmE, skRm, pkRm, enc, shared_secret,
 * encryptions[{aad, pt, ct}], exports[{exporter_context, L, exported_value}]}.
 *
 * <p>Each base-mode suite whose KEM, KDF and AEAD qsafe has runs through {@link Hpke} on every
 * combination of engines (named {@code kem/kdf/aead} by provider): {@link Hpke#deriveKeyPair}(ikmR)
 * (with draft-ietf-hpke-pq's SHAKE256 seed derivation for ML-KEM and X-Wing) gives skRm and pkRm,
 * skRm implies pkRm, the derandomized Encap(pkR, ikmE) gives enc and shared_secret, Decap gives
 * shared_secret, every encryption seals to {@code ct} and opens back in sequence, and both contexts
 * export the listed values. Other modes, the export-only AEAD and algorithms qsafe lacks are skipped
 * with the reason.
 */
final class HpkeVectors implements JsonFormat {
    private static final List<String> MODES = List.of("base", "psk", "auth", "auth_psk");
    private static final int EXPORT_ONLY = 0xFFFF;

    /** The engines of one suite. */
    private record Engines3(KemSpi kem, KdfSpi kdf, AeadSpi aead, Xof shake256) {
    }

    private record Encryption(byte[] aad, byte[] pt, byte[] ct) {
    }

    private record Export(byte[] context, int length, byte[] value) {
    }

    @Override
    public Recognised recognise(JsonNode root, Context context) {
        if (!root.isArray() || root.isEmpty() || !Fields.has(root.get(0), "mode", "kem_id", "kdf_id", "aead_id")) {
            return null;
        }
        Plan plan = context.plan();
        List<JsonNode> suites = Fields.elements(root, "the top-level array");
        for (int i = 0; i < suites.size(); i++) {
            JsonNode suite = suites.get(i);
            String index = "suite " + (i + 1);
            Fields.at(index, () -> suite(suite, index, plan));
        }
        return new Recognised("HPKE (RFC 9180 / draft-ietf-hpke-pq)", "", plan);
    }

    private static void suite(JsonNode s, String index, Plan plan) {
        int mode = Fields.integer(s, "mode");
        int kemId = Fields.integer(s, "kem_id");
        int kdfId = Fields.integer(s, "kdf_id");
        int aeadId = Fields.integer(s, "aead_id");
        String id = String.format("%s (mode %d, kem 0x%04X, kdf 0x%04X, aead 0x%04X)", index, mode, kemId, kdfId, aeadId);
        String label = String.format("HPKE kem 0x%04X", kemId);
        Optional<Algorithm> kem = plan.engines().hpke(AlgorithmKind.KEM, kemId);
        Optional<Algorithm> kdf = plan.engines().hpke(AlgorithmKind.KDF, kdfId);
        Optional<Algorithm> aead = plan.engines().hpke(AlgorithmKind.AEAD, aeadId);
        if (mode != 0) {
            plan.skip(label, "mode " + mode + (mode < MODES.size() ? " (" + MODES.get(mode) + ")" : "")
                    + ": qsafe's Hpke implements base mode only", mode < MODES.size() ? SkipKind.ABSENT : SkipKind.OTHER, 1);
        } else if (aeadId == EXPORT_ONLY) {
            plan.skip(label, "the export-only AEAD (0xFFFF): qsafe's Hpke always has an AEAD", SkipKind.ABSENT, 1);
        } else if (kem.isEmpty() || kdf.isEmpty() || aead.isEmpty()) {
            String missing = kem.isEmpty() ? String.format("KEM 0x%04X", kemId)
                    : kdf.isEmpty() ? String.format("KDF 0x%04X", kdfId) : String.format("AEAD 0x%04X", aeadId);
            boolean documented = kem.isEmpty() ? Absent.hpkeKem(kemId) : kdf.isEmpty() && Absent.hpkeKdf(kdfId);
            plan.skip(label, "no engine implements HPKE " + missing + " (not a qsafe algorithm)",
                    documented ? SkipKind.ABSENT : SkipKind.OTHER, 1);
        } else {
            List<Algorithm> algorithms = List.of(kem.get(), kdf.get(), aead.get());
            String suiteName = "HPKE(" + kem.get().name() + ", " + kdf.get().name() + ", " + aead.get().name() + ")";
            plan.add(suiteName, suiteName, combinations(plan.engines(), algorithms), noEngine(plan.engines(), algorithms),
                    noEngineKind(plan.engines(), algorithms),
                    VectorCase.of(id, Expectation.VALID, check(s, kem.get())));
        }
    }

    private static VectorCase.Check<Engines3> check(JsonNode s, Algorithm kemAlgorithm) {
        byte[] info = Fields.hex(s, "info");
        byte[] ikmR = Fields.hex(s, "ikmR");
        byte[] ikmE = Fields.hex(s, "ikmE");
        byte[] pkRm = Fields.hex(s, "pkRm");
        byte[] skRm = Fields.hexOrNull(s, "skRm");
        byte[] enc = Fields.hex(s, "enc");
        byte[] sharedSecret = Fields.hex(s, "shared_secret");
        byte[] suiteId = Fields.hexOrNull(s, "suite_id");
        List<Encryption> encryptions = new ArrayList<>();
        for (JsonNode e : Fields.objects(s, "encryptions")) {
            encryptions.add(new Encryption(Fields.hex(e, "aad"), Fields.hex(e, "pt"), Fields.hex(e, "ct")));
        }
        List<Export> exports = new ArrayList<>();
        for (JsonNode x : Fields.objects(s, "exports")) {
            exports.add(new Export(Fields.hex(x, "exporter_context"), Fields.integer(x, "L"), Fields.hex(x, "exported_value")));
        }
        return engines -> {
            KemSpi kem = engines.kem();
            Hpke hpke = Hpke.of(kem, engines.kdf(), engines.aead(), engines.shake256());
            if (suiteId != null) {
                equal("suite_id", suiteId, hpke.suiteId());
            }
            KeyPair derived = hpke.deriveKeyPair(ikmR);
            equal("pkRm from DeriveKeyPair(ikmR)", pkRm, derived.publicKey().encoded());
            if (skRm != null) {
                equal("skRm from DeriveKeyPair(ikmR)", skRm, derived.privateKey().rawBytes(SecretAccess.INSECURE));
            }
            PublicKey pkR = PublicKey.of(kemAlgorithm, pkRm);
            PrivateKey skR = skRm == null ? derived.privateKey() : PrivateKey.of(kemAlgorithm, skRm);
            equal("pkRm implied by skRm", pkR, kem.derivePublicKey(skR));
            Encapsulation encap = kem.engineEncapsulateDerandomized(pkR, ikmE);
            equal("enc from Encap(pkR, ikmE)", enc, encap.ciphertext());
            equal("shared_secret from Encap", sharedSecret, raw(encap.sharedSecret()));
            equal("shared_secret from Decap", sharedSecret, raw(kem.decapsulate(skR, enc)));
            Hpke.Sender sender = hpke.setupBaseSenderDerandomized(pkR, info, ikmE);
            Hpke.Recipient recipient = hpke.setupBaseRecipient(skR, enc, info);
            try {
                equal("enc of the sender context", enc, sender.enc());
                for (int i = 0; i < encryptions.size(); i++) {
                    Encryption e = encryptions.get(i);
                    equal("ct of encryption " + i, e.ct(), sender.seal(e.aad(), e.pt()));
                    equal("pt of encryption " + i, e.pt(), recipient.open(e.aad(), e.ct()));
                }
                for (Export x : exports) {
                    equal("sender export (L " + x.length() + ")", x.value(), sender.export(x.context(), x.length()));
                    equal("recipient export (L " + x.length() + ")", x.value(), recipient.export(x.context(), x.length()));
                }
            } finally {
                sender.destroy();
                recipient.destroy();
            }
        };
    }

    /** Every combination of engines of the suite's KEM, KDF and AEAD that includes the selected provider. */
    private static List<NamedEngine<Engines3>> combinations(Engines engines, List<Algorithm> suite) {
        List<NamedEngine<Engines3>> out = new ArrayList<>();
        for (String k : engines.allProviders(suite.get(0))) {
            for (String d : engines.allProviders(suite.get(1))) {
                for (String a : engines.allProviders(suite.get(2))) {
                    if (engines.selected(k) || engines.selected(d) || engines.selected(a)) {
                        out.add(new NamedEngine<>(k + "/" + d + "/" + a, () -> new Engines3(engines.kem(suite.get(0), k),
                                engines.kdf(suite.get(1), d), engines.aead(suite.get(2), a), shake256(engines))));
                    }
                }
            }
        }
        return out;
    }

    /** The selected SHAKE256 engine for DeriveKeyPair of the post-quantum KEMs, or {@code null} if there is none. */
    private static Xof shake256(Engines engines) {
        try {
            return engines.shake256();
        } catch (UnsupportedAlgorithmException e) {
            return null; // Hpke.deriveKeyPair then says what is missing, and the case fails with that
        }
    }

    private static SkipKind noEngineKind(Engines engines, List<Algorithm> suite) {
        return suite.stream().anyMatch(a -> engines.allProviders(a).isEmpty()) ? SkipKind.OTHER : SkipKind.NOT_SELECTED;
    }

    private static String noEngine(Engines engines, List<Algorithm> suite) {
        return suite.stream().filter(a -> engines.allProviders(a).isEmpty()).findFirst()
                .map(a -> "no engine implements " + a.name())
                .orElse("no combination of engines includes the selected engine");
    }
}
