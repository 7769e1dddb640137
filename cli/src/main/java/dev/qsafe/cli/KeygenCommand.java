package dev.qsafe.cli;

import dev.qsafe.api.CryptoMode;
import dev.qsafe.runtime.Identity;
import dev.qsafe.runtime.QSafe;
import java.util.Arrays;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** {@code qsafe keygen}: a new identity (KEM + signature key pairs) for a mode. */
@Command(name = "keygen",
        mixinStandardHelpOptions = true,
        description = {"Generate an identity: a KEM key pair to receive sealed messages and a signature key pair to sign.",
                "Writes the private identity to FILE (private keys encrypted with Argon2id + AES-256-GCM under a passphrase)"
                + " and the public identity to FILE.pub, to give to others."},
        footerHeading = "%nExamples:%n",
        footer = {"  qsafe keygen --mode hybrid --name alice -o alice.id          (prompts for a passphrase)",
                "  QSAFE_PASSPHRASE=... qsafe keygen --mode pqc -o bob.id",
                "  qsafe keygen --mode classical -o test.id --unprotected        (no passphrase: for tests only)", "",
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

    @Mixin
    PassphraseOptions passphrase = new PassphraseOptions();

    @Override
    public void run() {
        QSafe qsafe = CommandSupport.qsafe(root);
        String label = name != null ? name : java.nio.file.Path.of(out).getFileName().toString().replaceFirst("\\.id$", "");
        Identity id = mode != null ? qsafe.generateIdentity(label, mode) : qsafe.generateIdentity(label);
        try {
            byte[] privateFile;
            if (unprotected) {
                privateFile = IdentityIo.writeUnprotected(id);
            } else {
                char[] p = passphrase.read(true);
                try {
                    privateFile = IdentityIo.writeProtected(qsafe, id, p);
                } finally {
                    Arrays.fill(p, '\0');
                }
            }
            String pub = publicOut != null ? publicOut : out + ".pub";
            IoSupport.write(pub, IdentityIo.writePublic(id.publicIdentity()), false, CommandSupport.stdout());
            IoSupport.write(out, privateFile, true, CommandSupport.stdout());
            Arrays.fill(privateFile, (byte) 0);
            spec.commandLine().getErr().println("qsafe: wrote " + out + " (" + id.suite().name() + ", "
                    + (unprotected ? "UNPROTECTED" : "passphrase-protected") + ") and " + pub);
        } finally {
            id.destroy();
        }
    }
}
