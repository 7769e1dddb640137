package dev.qsafe.cli;

import dev.qsafe.api.InvalidInputException;
import dev.qsafe.api.InvalidKeyException;
import dev.qsafe.relay.RelayClient;
import dev.qsafe.relay.RelayException;
import dev.qsafe.runtime.QSafe;
import dev.qsafe.runtime.keys.Identity;
import dev.qsafe.runtime.keys.PublicIdentity;
import java.net.URI;
import java.util.Arrays;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/** {@code qsafe send}: seal a message (a one-shot envelope) and deposit it at a relay mailbox. */
@Command(name = "send",
        mixinStandardHelpOptions = true,
        description = {"Seal IN (default: standard input) to the recipient's public identity, signed by your identity, "
                + "and deposit the envelope in the recipient's relay mailbox (docs/RELAY.md). Returns once the relay "
                + "has stored it durably; retries are idempotent (one message id per send).",
                "The relay sees only the envelope. A relay that refuses or cannot be reached exits 5."},
        footerHeading = "%nExamples:%n",
        footer = {"  qsafe send --to bob.id.pub --from alice.id --address 'http://127.0.0.1:8080#BOB_SEND_ID' note.txt",
                "  echo hi | qsafe send --to bob.id.pub --from alice.id --address \"$(cat bob.address)\"", "", ExitCodes.HELP})
final class SendCommand implements Runnable {
    @ParentCommand
    QsafeCommand root;

    @Spec
    CommandSpec spec;

    @Option(names = "--to", paramLabel = "PUB", required = true, description = "The recipient's public identity file.")
    String to;

    @Option(names = "--from", paramLabel = "ID", required = true, description = "Your identity file (signs the message).")
    String from;

    @Option(names = "--address", paramLabel = "ADDRESS", required = true,
            description = "The recipient's mailbox address, RELAY_URL#SEND_ID (printed by qsafe receive).")
    String address;

    @Parameters(index = "0", arity = "0..1", paramLabel = "IN", description = "The message (default: standard input).")
    String in;

    @Mixin
    PassphraseOptions passphrase = new PassphraseOptions();

    @Override
    public void run() {
        String[] target = Mailbox.parseAddress(address);
        QSafe qsafe = CommandSupport.qsafe(root);
        PublicIdentity recipient = IdentityIo.readPublic(qsafe, to);
        Identity sender = IdentityIo.readIdentity(qsafe, from, passphrase);
        byte[] envelope;
        try {
            byte[] message = IoSupport.read(in, qsafe.config().maxMessageBytes(), CommandSupport.stdin());
            try {
                envelope = qsafe.seal(message, recipient, sender);
            } catch (InvalidKeyException e) {
                throw new InvalidInputException(to + ": the recipient's key is malformed (" + e.getMessage() + ")", e);
            } finally {
                Arrays.fill(message, (byte) 0);
            }
        } finally {
            sender.destroy();
        }
        String id = RelayClient.newId();
        try {
            Mailbox.client(URI.create(target[0])).deposit(target[1], envelope, id, null);
        } catch (RelayException e) {
            throw Mailbox.failure(e);
        }
        spec.commandLine().getOut().println("sent " + id);
        spec.commandLine().getOut().flush();
    }
}
