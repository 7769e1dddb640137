package dev.qsafe.cli;

import dev.qsafe.api.CryptoMode;
import dev.qsafe.api.InvalidInputException;
import dev.qsafe.runtime.QSafe;
import dev.qsafe.runtime.keys.Identity;
import dev.qsafe.runtime.keys.IdentityFiles;
import dev.qsafe.runtime.keys.PassphraseKdf;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/** {@code qsafe keygen}: a new identity (KEM + signature key pairs) for a mode. */
@Command(name = "keygen",
        mixinStandardHelpOptions = true,
        description = {"Generate an identity: a KEM key pair to receive sealed messages and a signature key pair to sign.",
                "Writes the private identity to FILE (private keys encrypted with AES-256-GCM under a key derived from a passphrase"
                + " with Argon2id, or with PBKDF2-HMAC-SHA512 given --kdf pbkdf2, the one the fips profile admits)"
                + " and the public identity to FILE.pub, to give to others: signed by the identity's own key, with a fingerprint"
                + " (printed) that others compare with 'qsafe key show FILE.pub'."},
        footerHeading = "%nExamples:%n",
        footer = {"  qsafe keygen --mode hybrid --name alice -o alice.id          (prompts for a passphrase)",
                "  QSAFE_PASSPHRASE=... qsafe keygen --mode pqc -o bob.id",
                "  qsafe keygen --mode classical -o test.id --unprotected        (no passphrase: for tests only)",
                "  qsafe --profile fips keygen --kdf pbkdf2 -o carol.id          (PBKDF2, SP 800-132: the fips profile refuses Argon2id)",
                "  qsafe keygen --mode pqc -o bob.id --force                     (replace bob.id and bob.id.pub)", "",
                ExitCodes.HELP})
final class KeygenCommand implements Runnable {
    @ParentCommand
    QsafeCommand root;

    @Spec
    CommandSpec spec;

    @Option(names = "--mode", paramLabel = "MODE", converter = ModeConverter.class,
            description = "classical, hybrid or pqc (aliases quantum, pq). Default: the configured default mode.")
    CryptoMode mode;

    @Option(names = "--name", paramLabel = "NAME", description = "A label for the identity (default: the file name).")
    String name;

    @Option(names = {"-o", "--out"}, paramLabel = "FILE", required = true, description = "Where to write the private identity.")
    String out;

    @Option(names = "--public-out", paramLabel = "FILE", description = "Where to write the public identity (default: FILE.pub).")
    String publicOut;

    @Option(names = "--unprotected", description = "Write the private keys without a passphrase (explicit opt-in; anyone who reads the file gets the keys).")
    boolean unprotected;

    @Option(names = "--force", description = "Replace existing files (the keys in them are lost). Without it, keygen refuses to overwrite.")
    boolean force;

    @Option(names = "--kdf", paramLabel = "KDF", description = "How the passphrase becomes the key of the private keys:"
            + " argon2id (default, memory-hard) or pbkdf2 (PBKDF2-HMAC-SHA512, SP 800-132; what the fips profile admits)."
            + " Never chosen for you: under a profile that refuses the KDF, keygen fails and names the one it admits.")
    String kdf;

    @Mixin
    PassphraseOptions passphrase = new PassphraseOptions();

    @Override
    public void run() {
        String pub = publicOut != null ? publicOut : out + ".pub";
        // Real paths: "./k.id" and "k.id" (or a name through a linked folder) are one file.
        if (out.equals("-") || pub.equals("-")) {
            throw new InvalidInputException("keygen writes two files, the private and the public identity: give two file names"
                    + " (not '-')");
        }
        if (IoSupport.sameFile(out, pub)) {
            throw new InvalidInputException("-o " + out + " and --public-out " + pub + " are the same file; keygen writes two files,"
                    + " the private and the public identity: give two file names");
        }
        if (unprotected && kdf != null) {
            throw new InvalidInputException("--kdf chooses how a passphrase protects the file; --unprotected writes no"
                    + " passphrase: give one or the other");
        }
        PassphraseKdf chosen = kdf == null ? PassphraseKdf.ARGON2ID : PassphraseKdf.parse(kdf);
        IoSupport.Rules rules = IoSupport.Rules.of(force, passphrase.fileName());
        if (!force) {
            for (String f : List.of(out, pub)) {
                if (Files.exists(Path.of(f), LinkOption.NOFOLLOW_LINKS)) {
                    throw IoSupport.failure(f, "exists; choose another name, or add --force to replace it (its keys are lost)");
                }
            }
        }
        IoSupport.checkOutput(out, rules);
        IoSupport.checkOutput(pub, rules);
        QSafe qsafe = CommandSupport.qsafe(root);
        if (!unprotected) {
            IdentityFiles.checkWritable(chosen, qsafe.registry()); // before any key or passphrase
        }
        String label = name != null ? name : Path.of(out).getFileName().toString().replaceFirst("\\.id$", "");
        Identity id = mode != null ? qsafe.generateIdentity(label, mode) : qsafe.generateIdentity(label);
        byte[] privateFile = null;
        try {
            if (unprotected) {
                privateFile = IdentityIo.writeUnprotected(id);
            } else {
                char[] p = passphrase.read(true);
                try {
                    PassphraseOptions.weakness(p).ifPresent(why -> spec.commandLine().getErr().println(
                            "qsafe: warning: weak passphrase (" + why + "); anyone who copies " + out
                            + " can try passphrases offline. " + PassphraseOptions.RULE));
                    privateFile = IdentityIo.writeProtected(qsafe, id, p, chosen);
                } finally {
                    Arrays.fill(p, '\0');
                }
            }
            // Both files or neither: a public identity without its private half (or the other way round) is no use.
            IoSupport.writeAll(List.of(new IoSupport.Output(out, privateFile, true),
                    new IoSupport.Output(pub, IdentityIo.writePublic(qsafe, id), false)), rules);
            spec.commandLine().getErr().println("qsafe: wrote " + out + " (" + id.suite().name() + ", "
                    + (unprotected ? "UNPROTECTED" : "passphrase-protected with " + chosen) + ") and " + pub);
            spec.commandLine().getErr().println("qsafe: fingerprint " + id.publicIdentity().fingerprint()
                    + " (give it to others with " + pub + ", so that they can check the file is yours)");
        } finally {
            if (privateFile != null) {
                Arrays.fill(privateFile, (byte) 0);
            }
            id.destroy();
        }
    }
}
