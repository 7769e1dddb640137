package dev.qsafe.cli;

import dev.qsafe.api.InvalidInputException;
import dev.qsafe.runtime.QSafe;
import dev.qsafe.runtime.keys.IdentityFiles;
import dev.qsafe.runtime.keys.PassphraseKdf;
import java.util.Arrays;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/**
 * {@code qsafe key protect}: re-writes a private identity file with the passphrase KDF the user names
 * (docs/KEYS.md, "Passphrase protection"): how an Argon2id file becomes one the {@code fips} profile reads
 * (PBKDF2-HMAC-SHA512), or the other way round, or how an unprotected file gets a passphrase. The keys, the
 * public file and (for a protected file) the passphrase stay the same.
 */
@Command(name = "protect",
        mixinStandardHelpOptions = true,
        description = {"Re-write your private identity file with the passphrase KDF you name: argon2id (the default"
                + " elsewhere) or pbkdf2 (PBKDF2-HMAC-SHA512, SP 800-132: the one the fips policy profile admits).",
                "A protected file keeps its passphrase (asked once); an unprotected file gets a new one (asked twice)."
                + " The keys and the public identity file do not change.",
                "To move an Argon2id file to PBKDF2 for the fips profile, run this without the profile: reading the"
                + " Argon2id file is what the profile refuses."},
        footerHeading = "%nExamples:%n",
        footer = {"  qsafe key protect --id alice.id --kdf pbkdf2          (then: qsafe --profile fips open --id alice.id ...)",
                "  qsafe key protect --id test.id --kdf argon2id         (an unprotected file gets a passphrase)", "",
                ExitCodes.HELP})
final class KeyProtectCommand implements Runnable {
    @ParentCommand
    KeyCommand key;

    @Spec
    CommandSpec spec;

    @Option(names = "--id", paramLabel = "ID", required = true, description = "Your private identity file (re-written).")
    String id;

    @Option(names = "--kdf", paramLabel = "KDF", required = true,
            description = "argon2id or pbkdf2: how the passphrase becomes the key of the private keys.")
    String kdf;

    @Mixin
    PassphraseOptions passphrase = new PassphraseOptions();

    @Override
    public void run() {
        if (id.equals("-")) {
            throw new InvalidInputException("key protect re-writes ID in place: give its file name (not '-')");
        }
        PassphraseKdf chosen = PassphraseKdf.parse(kdf);
        QSafe qsafe = CommandSupport.qsafe(key.root);
        IdentityFiles.checkWritable(chosen, qsafe.registry()); // before the passphrase is asked
        try (IdentityIo.Rewritable r = IdentityIo.readForRewrite(qsafe, id, passphrase)) {
            boolean wasProtected = r.passphrase() != null;
            char[] p = wasProtected ? r.passphrase() : passphrase.read(true);
            byte[] file = null;
            try {
                if (!wasProtected) {
                    PassphraseOptions.weakness(p).ifPresent(why -> spec.commandLine().getErr().println(
                            "qsafe: warning: weak passphrase (" + why + "); anyone who copies " + id
                            + " can try passphrases offline. " + PassphraseOptions.RULE));
                }
                file = IdentityIo.writeProtected(qsafe, r.identity(), p, chosen);
                // the identity file is replaced on purpose, the passphrase file never
                IoSupport.writeAll(List.of(new IoSupport.Output(id, file, true)), IoSupport.Rules.of(true, passphrase.fileName()));
                spec.commandLine().getErr().println("qsafe: re-wrote " + id + " (identity file version "
                        + IdentityIo.fileVersion(r.identity(), chosen) + ", passphrase-protected with " + chosen + (wasProtected
                        ? ", " + r.kdf() + " before; same passphrase" : ", unprotected before") + "); its public identity is unchanged");
            } finally {
                if (file != null) {
                    Arrays.fill(file, (byte) 0);
                }
                if (!wasProtected) {
                    Arrays.fill(p, '\0');
                }
            }
        }
    }
}
