package dev.qsafe.cli;

import dev.qsafe.api.CryptoMode;
import dev.qsafe.api.InvalidInputException;
import dev.qsafe.api.InvalidKeyException;
import dev.qsafe.runtime.QSafe;
import dev.qsafe.runtime.keys.Identity;
import dev.qsafe.runtime.keys.PublicIdentity;
import java.util.Arrays;
import java.util.Locale;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

/** {@code qsafe seal}: encrypt a message to a recipient and sign it as the sender. */
@Command(name = "seal",
        mixinStandardHelpOptions = true,
        description = {"Seal IN (default: standard input) to the recipient's public identity, signed by your identity.",
                "The envelope names its algorithms, so it opens as long as the recipient's policy allows them."},
        footerHeading = "%nExamples:%n",
        footer = {"  qsafe seal --to bob.id.pub --from alice.id letter.txt -o letter.qsafe",
                "  echo hi | qsafe seal --to bob.id.pub --from alice.id --armor > hi.asc", "", ExitCodes.HELP})
final class SealCommand implements Runnable {
    @ParentCommand
    QsafeCommand root;

    @Option(names = "--to", paramLabel = "PUB", required = true, description = "The recipient's public identity file.")
    String to;

    @Option(names = "--from", paramLabel = "ID", required = true, description = "Your identity file (signs the message).")
    String from;

    @Option(names = "--mode", paramLabel = "MODE", converter = ModeConverter.class,
            description = "Refuse unless the recipient's identity is of this mode. Whatever this says, a message keeps the rules"
                    + " of the recipient's mode (a PQC message has no classical-only algorithm, the sender's signature included).")
    CryptoMode mode;

    @Option(names = "--armor", description = "Write base64 text instead of binary.")
    boolean armor;

    @Parameters(index = "0", arity = "0..1", paramLabel = "IN", description = "The message (default: standard input).")
    String in;

    @Option(names = {"-o", "--out"}, paramLabel = "OUT", description = "Where to write the envelope (default: standard output).")
    String out;

    @Option(names = "--force", description = "Replace OUT if it exists (never an identity or passphrase file this command reads).")
    boolean force;

    @Mixin
    PassphraseOptions passphrase = new PassphraseOptions();

    @Override
    public void run() {
        IoSupport.Rules rules = IoSupport.Rules.of(force, to, from, passphrase.fileName());
        IoSupport.checkOutput(out, rules);
        QSafe qsafe = CommandSupport.qsafe(root);
        PublicIdentity recipient = IdentityIo.readPublic(qsafe, to);
        if (mode != null && recipient.suite().mode() != mode) {
            throw new InvalidInputException("--mode " + mode.name().toLowerCase(Locale.ROOT) + " but " + to + " is a "
                    + recipient.suite().mode().name().toLowerCase(Locale.ROOT) + " identity (" + recipient.suite().name() + ")");
        }
        Identity sender = IdentityIo.readIdentity(qsafe, from, passphrase);
        try {
            byte[] message = IoSupport.read(in, qsafe.config().maxMessageBytes(), CommandSupport.stdin());
            byte[] envelope;
            try {
                envelope = qsafe.seal(message, recipient, sender);
            } catch (InvalidKeyException e) {
                // The sender's keys were checked when its file was read: the bad key is the recipient's, from a file.
                throw new InvalidInputException(to + ": the recipient's key is malformed (" + e.getMessage() + ")", e);
            } finally {
                Arrays.fill(message, (byte) 0); // the plaintext
            }
            IoSupport.write(out, armor ? IoSupport.armor("MESSAGE", envelope) : envelope, false, rules, CommandSupport.stdout());
        } finally {
            sender.destroy();
        }
    }
}
