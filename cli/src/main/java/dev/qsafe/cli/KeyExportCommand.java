package dev.qsafe.cli;

import dev.qsafe.api.InvalidInputException;
import dev.qsafe.api.InvalidKeyException;
import dev.qsafe.api.KeyPair;
import dev.qsafe.runtime.QSafe;
import dev.qsafe.runtime.keys.Identity;
import dev.qsafe.runtime.keys.KeyEncodings;
import dev.qsafe.runtime.keys.KeyEncodings.PrivateKeyForm;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Locale;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/**
 * {@code qsafe key export}: one private key of an identity as an unencrypted PKCS#8 file, in the form
 * the receiving library reads (docs/KEYS.md, "ML-KEM and ML-DSA private key forms").
 */
@Command(name = "export",
        mixinStandardHelpOptions = true,
        description = {"Write one private key of your identity (its primary KEM key or its signature key) as an"
                + " unencrypted PKCS#8 private key, PEM by default, for another library or tool.",
                "ML-KEM and ML-DSA keys have three forms (RFC 9935, RFC 9881): seed (the default, the RFCs'"
                + " recommendation), expanded (the only one the JDK 25 reads) and both. The file is created"
                + " readable by you only; it is not protected by a passphrase."},
        footerHeading = "%nExamples:%n",
        footer = {"  qsafe key export --id alice.id --key kem --out alice-kem.pem",
                "  qsafe key export --id alice.id --key signature --form expanded --out alice-sig.pem   (for the JDK)",
                "  qsafe key export --id alice.id --key kem --form both --der --out alice-kem.der", "", ExitCodes.HELP})
final class KeyExportCommand implements Runnable {
    /** Which of the identity's keys. */
    enum Which {
        kem, signature
    }

    @ParentCommand
    KeyCommand key;

    @Spec
    CommandSpec spec;

    @Option(names = "--id", paramLabel = "ID", required = true, description = "Your private identity file.")
    String id;

    @Option(names = "--key", paramLabel = "KEY", required = true,
            description = "Which key: kem (the primary KEM key) or signature.")
    Which which;

    @Option(names = "--form", paramLabel = "FORM", defaultValue = "seed",
            description = "seed (default), expanded or both (ML-KEM and ML-DSA; other algorithms have one form: seed).")
    String form;

    @Option(names = "--der", description = "Write DER instead of PEM.")
    boolean der;

    @Option(names = {"-o", "--out"}, paramLabel = "FILE", required = true, description = "Where to write the key ('-' for standard output).")
    String out;

    @Option(names = "--force", description = "Replace an existing file.")
    boolean force;

    @Mixin
    PassphraseOptions passphrase = new PassphraseOptions();

    static PrivateKeyForm parseForm(String text) {
        for (PrivateKeyForm f : PrivateKeyForm.values()) {
            if (f.label().equals(text.toLowerCase(Locale.ROOT))) {
                return f;
            }
        }
        throw new InvalidInputException("--form must be seed, expanded or both, not '" + text + "'");
    }

    @Override
    public void run() {
        PrivateKeyForm f = parseForm(form);
        IoSupport.Rules rules = IoSupport.Rules.of(force, id, passphrase.fileName());
        IoSupport.checkOutput(out, rules);
        QSafe qsafe = CommandSupport.qsafe(key.root);
        Identity owner = IdentityIo.readIdentity(qsafe, id, passphrase);
        byte[] bytes = null;
        try {
            KeyPair pair = which == Which.kem ? owner.kem() : owner.signature();
            try {
                bytes = der ? KeyEncodings.encodePkcs8(pair.privateKey(), f, qsafe.registry())
                        : KeyEncodings.encodePem(pair.privateKey(), f, qsafe.registry()).getBytes(StandardCharsets.US_ASCII);
            } catch (InvalidKeyException e) {
                // a form this key does not have (another algorithm's choice, or a seed that was never kept)
                throw new InvalidInputException(e.getMessage() + "; nothing was written", e);
            }
            IoSupport.write(out, bytes, true, rules, CommandSupport.stdout());
            spec.commandLine().getErr().println("qsafe: wrote the " + which + " private key (" + pair.privateKey().algorithm()
                    + ", PKCS#8 " + (der ? "DER" : "PEM") + ", " + f.label() + " form) to " + (out.equals("-") ? "standard output" : out)
                    + "; it is not encrypted");
        } finally {
            if (bytes != null) {
                Arrays.fill(bytes, (byte) 0);
            }
            owner.destroy();
        }
    }
}
