package dev.qsafe.cli;

import dev.qsafe.runtime.QSafe;
import dev.qsafe.runtime.keys.Identity;
import dev.qsafe.runtime.keys.PublicIdentity;
import java.util.Arrays;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

/** {@code qsafe open}: decrypt an envelope sealed to you and check who signed it. */
@Command(name = "open",
        mixinStandardHelpOptions = true,
        description = {"Open an envelope (binary or --armor text) sealed to your identity and check it was signed by the sender's public identity.",
                "Nothing is written unless the whole envelope is authentic."},
        footerHeading = "%nExamples:%n",
        footer = {"  qsafe open --id bob.id --from alice.id.pub letter.qsafe -o letter.txt",
                "  qsafe open --id bob.id --from alice.id.pub < hi.asc", "", ExitCodes.HELP})
final class OpenCommand implements Runnable {
    @ParentCommand
    QsafeCommand root;

    @Option(names = "--id", paramLabel = "ID", required = true, description = "Your identity file (the recipient).")
    String id;

    @Option(names = "--from", paramLabel = "PUB", required = true, description = "The sender's public identity file.")
    String from;

    @Parameters(index = "0", arity = "0..1", paramLabel = "IN", description = "The envelope (default: standard input).")
    String in;

    @Option(names = {"-o", "--out"}, paramLabel = "OUT", description = "Where to write the message (default: standard output).")
    String out;

    @Option(names = "--force", description = "Replace OUT if it exists (never an identity or passphrase file this command reads).")
    boolean force;

    @Mixin
    PassphraseOptions passphrase = new PassphraseOptions();

    @Override
    public void run() {
        IoSupport.Rules rules = IoSupport.Rules.of(force, id, from, passphrase.fileName());
        IoSupport.checkOutput(out, rules);
        QSafe qsafe = CommandSupport.qsafe(root);
        PublicIdentity sender = IdentityIo.readPublic(qsafe, from);
        // Armor makes the input at most 4/3 + line breaks larger than the binary envelope.
        long max = qsafe.config().maxMessageBytes() * 2 + 1024 * 1024;
        byte[] envelope = IoSupport.dearmor(IoSupport.read(in, max, CommandSupport.stdin()), "MESSAGE");
        Identity recipient = IdentityIo.readIdentity(qsafe, id, passphrase);
        try {
            byte[] message = qsafe.open(envelope, recipient, sender);
            try {
                IoSupport.write(out, message, true, rules, CommandSupport.stdout());
            } finally {
                Arrays.fill(message, (byte) 0);
            }
        } finally {
            recipient.destroy();
        }
    }
}
