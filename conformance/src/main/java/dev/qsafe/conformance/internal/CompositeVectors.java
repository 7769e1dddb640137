package dev.qsafe.conformance.internal;

import static dev.qsafe.conformance.internal.Checks.equal;

import dev.qsafe.api.Algorithm;
import dev.qsafe.api.PrivateKey;
import dev.qsafe.api.PublicKey;
import dev.qsafe.api.spi.SignatureSpi;
import dev.qsafe.runtime.keys.KeyEncodings;
import java.io.ByteArrayInputStream;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.Optional;
import tools.jackson.databind.JsonNode;

/**
 * The composite ML-DSA draft's vectors (draft-ietf-lamps-pq-composite-sigs): an object with the message
 * {@code m}, the context {@code ctx} and {@code tests[]} of {@code {tcId, pk, sk, s, sWithContext, x5c}},
 * all base64. {@code tcId} names the algorithm ({@code id-MLDSA65-Ed25519-SHA512}, {@code id-ML-DSA-44}).
 *
 * <p>Per test and engine, four cases: the private key implies {@code pk} (derived from it when it is
 * the seed form), {@code s} verifies over {@code m} with an empty context, {@code sWithContext}
 * verifies with {@code ctx}, and the {@code x5c} certificate certifies {@code pk} and carries a valid
 * self-signature. Signing is randomized, so signatures are checked by verification only. Tests of
 * algorithms qsafe does not have are skipped with the reason.
 */
final class CompositeVectors implements JsonFormat {
    private static final byte[] NO_CONTEXT = new byte[0];

    @Override
    public Recognised recognise(JsonNode root, Context context) {
        if (!Fields.has(root, "m", "tests") || !root.get("tests").isArray() || root.get("tests").isEmpty()
                || !Fields.has(root.get("tests").get(0), "tcId", "pk", "s")) {
            return null;
        }
        byte[] m = Fields.base64(root, "m");
        byte[] ctx = root.has("ctx") ? Fields.base64(root, "ctx") : NO_CONTEXT;
        Plan plan = context.plan();
        for (JsonNode t : Fields.objects(root, "tests")) {
            String tcId = Fields.text(t, "tcId");
            Fields.at(tcId, () -> test(plan, tcId, t, m, ctx));
        }
        return new Recognised("composite ML-DSA (draft-ietf-lamps-pq-composite-sigs)", "", plan);
    }

    private static void test(Plan plan, String tcId, JsonNode t, byte[] m, byte[] ctx) {
        String algorithm = tcId.startsWith("id-") ? tcId.substring(3) : tcId;
        byte[] pk = Fields.base64(t, "pk");
        byte[] sk = t.has("sk") ? Fields.base64(t, "sk") : null;
        byte[] s = Fields.base64(t, "s");
        byte[] sWithContext = t.has("sWithContext") ? Fields.base64(t, "sWithContext") : null;
        X509Certificate x5c = t.has("x5c") ? certificate(Fields.base64(t, "x5c")) : null;
        if (sk != null) {
            plan.add(algorithm, plan.engines()::signature, VectorCase.of(tcId + " sk implies pk", Expectation.VALID,
                    (SignatureSpi dsa) -> {
                        PublicKey derived = sk.length == dsa.algorithm().privateKeySize()
                                ? dsa.deriveKeyPair(sk).publicKey() : dsa.derivePublicKey(PrivateKey.of(dsa.algorithm(), sk));
                        equal("public key", pk, derived.encoded());
                    }));
        }
        plan.add(algorithm, plan.engines()::signature, VectorCase.of(tcId + " s over m", Expectation.VALID,
                (SignatureSpi dsa) -> SignatureChecks.verify(dsa, pk, m, s, NO_CONTEXT)));
        if (sWithContext != null) {
            plan.add(algorithm, plan.engines()::signature, VectorCase.of(tcId + " sWithContext over m", Expectation.VALID,
                    (SignatureSpi dsa) -> SignatureChecks.verify(dsa, pk, m, sWithContext, ctx)));
        }
        if (x5c != null) {
            plan.add(algorithm, plan.engines()::signature, VectorCase.of(tcId + " x5c self-signature", Expectation.VALID,
                    (SignatureSpi dsa) -> selfSigned(dsa, pk, x5c)));
        }
    }

    /**
     * The {@code x5c} field's certificate, parsed while the plan is built, so that a file whose x5c is
     * not a certificate is malformed rather than a case that crashes.
     *
     * @throws MalformedVectorException if it is not one DER X.509 certificate
     */
    private static X509Certificate certificate(byte[] der) {
        try {
            ByteArrayInputStream in = new ByteArrayInputStream(der);
            X509Certificate cert = (X509Certificate) CertificateFactory.getInstance("X.509").generateCertificate(in);
            if (in.available() != 0) {
                throw new MalformedVectorException("'x5c' has " + in.available() + " bytes after its certificate");
            }
            return cert;
        } catch (CertificateException | RuntimeException e) {
            throw new MalformedVectorException("'x5c' is not an X.509 certificate: " + e.getMessage(), e);
        }
    }

    /** The certificate's key is {@code pk}, its signature algorithm the engine's, and its signature valid. */
    private static void selfSigned(SignatureSpi dsa, byte[] pk, X509Certificate cert) throws Exception {
        Algorithm algorithm = dsa.algorithm();
        Optional.of(algorithm.oid()).filter(oid -> !oid.isEmpty())
                .ifPresent(oid -> equal("certificate signature algorithm", oid, cert.getSigAlgOID()));
        equal("certified public key", pk, KeyEncodings.decodeSpki(cert.getPublicKey().getEncoded(), algorithm).encoded());
        dsa.verify(PublicKey.of(algorithm, pk), cert.getTBSCertificate(), cert.getSignature(), NO_CONTEXT);
    }
}
