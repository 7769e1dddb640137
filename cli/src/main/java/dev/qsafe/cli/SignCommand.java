package dev.qsafe.cli;

import dev.qsafe.runtime.QSafe;
import dev.qsafe.runtime.keys.Identity;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

/** {@code qsafe sign}: a detached signature. */
@Command(name = "sign",
        mixinStandardHelpOptions = true,
        description = "Write a detached signature of IN (default: standard input) with your identity's signature key.",
        footerHeading = "%nExamples:%n",
        footer = {"  qsafe sign --id alice.id release.tar.gz -o release.tar.gz.sig",
                "  qsafe sign --id alice.id --armor notes.txt > notes.txt.asc", "", ExitCodes.HELP})
final class SignCommand implements Runnable {
    @ParentCommand
    QsafeCommand root;

    @Option(names = "--id", paramLabel = "ID", required = true, description = "Your identity file.")
    String id;

    @Option(names = "--armor", description = "Write base64 text instead of binary.")
    boolean armor;

    @Parameters(index = "0", arity = "0..1", paramLabel = "IN", description = "What to sign (default: standard input).")
    String in;

    @Option(names = {"-o", "--out"}, paramLabel = "OUT", description = "Where to write the signature (default: standard output).")
    String out;

    @Option(names = "--force", description = "Replace OUT if it exists (never an identity or passphrase file this command reads).")
    boolean force;

    @Mixin
    PassphraseOptions passphrase = new PassphraseOptions();

    @Override
    public void run() {
        IoSupport.Rules rules = IoSupport.Rules.of(force, id, passphrase.fileName());
        IoSupport.checkOutput(out, rules);
        QSafe qsafe = CommandSupport.qsafe(root);
        Identity signer = IdentityIo.readIdentity(qsafe, id, passphrase);
        try {
            byte[] data = IoSupport.read(in, qsafe.config().maxMessageBytes(), CommandSupport.stdin());
            byte[] sig;
            try {
                sig = qsafe.sign(data, signer);
            } finally {
                java.util.Arrays.fill(data, (byte) 0);
            }
            IoSupport.write(out, armor ? IoSupport.armor("SIGNATURE", sig) : sig, false, rules, CommandSupport.stdout());
        } finally {
            signer.destroy();
        }
    }
}
