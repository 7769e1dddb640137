package dev.qsafe.cli;

import dev.qsafe.api.DecryptionFailedException;
import dev.qsafe.api.InvalidInputException;
import dev.qsafe.api.QSafeException;
import dev.qsafe.relay.RelayClient;
import dev.qsafe.relay.RelayException;
import dev.qsafe.runtime.QSafe;
import dev.qsafe.runtime.keys.Identity;
import dev.qsafe.runtime.keys.PublicIdentity;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/** {@code qsafe receive}: fetch, open and acknowledge the messages waiting in a relay mailbox. */
@Command(name = "receive",
        mixinStandardHelpOptions = true,
        description = {"Fetch the messages waiting in your relay mailbox (signed fetch, RFC 9421), open each, write them, "
                + "then delete them at the relay. A message is deleted only after it was written, so an interrupted "
                + "receive loses nothing; a message delivered before (its relay message id is remembered in ID.relay/, "
                + "and a session refuses a replay) is dropped, so each is written once.",
                "Without --mailbox: the mailbox qsafe invite made (ID.relay/); session messages and one-shot envelopes "
                + "from your contacts are opened, each printed as NAME: MESSAGE. A first session message is accepted only "
                + "from a contact.",
                "With --mailbox FILE: one-shot envelopes from --from PUB; --relay URL creates FILE (a new queue and its "
                + "key, written owner-only) and --address-only prints its address for senders.",
                "Messages that do not open are reported and deleted (exit 1). The relay sees only sealed bytes. "
                + "A relay that refuses or cannot be reached exits 5."},
        footerHeading = "%nExamples:%n",
        footer = {"  qsafe receive --id bob/bob.id --wait 10",
                "  qsafe receive --id bob/bob.id --json",
                "  qsafe receive --mailbox bob.mailbox --relay http://127.0.0.1:8080 --address-only > bob.address",
                "  qsafe receive --mailbox bob.mailbox --id bob.id --from alice.id.pub --wait 30",
                "  qsafe receive --mailbox bob.mailbox --id bob.id --from alice.id.pub --out-dir inbox/", "", ExitCodes.HELP})
final class ReceiveCommand implements Runnable {
    @ParentCommand
    QsafeCommand root;

    @Spec
    CommandSpec spec;

    @Option(names = "--mailbox", paramLabel = "FILE",
            description = "A mailbox file for one-shot envelopes (default: the mailbox of qsafe invite, in ID.relay/).")
    String mailbox;

    @Option(names = "--folder", paramLabel = "DIR", description = "Your relay folder (default: ID.relay).")
    Path folder;

    @Option(names = "--store", paramLabel = "DIR", description = "Your session store (default: ID.sessions).")
    Path store;

    @Option(names = "--json", description = "Print the messages as one JSON document (text, or base64 when not UTF-8).")
    boolean json;

    @Option(names = "--relay", paramLabel = "URL", description = "Create FILE on this relay when it does not exist.")
    String relay;

    @Option(names = "--address-only", description = "Print the mailbox's address (RELAY_URL#SEND_ID) and stop.")
    boolean addressOnly;

    @Option(names = "--id", paramLabel = "ID", description = "Your identity file (the recipient).")
    String id;

    @Option(names = "--from", paramLabel = "PUB", description = "The sender's public identity file.")
    String from;

    @Option(names = "--wait", paramLabel = "SECONDS", defaultValue = "0",
            description = "Wait up to this long (at most 60) for a message when none is waiting (default: ${DEFAULT-VALUE}).")
    int waitSeconds;

    @Option(names = "--out-dir", paramLabel = "DIR",
            description = "Write each message to DIR/SEQ.msg, or with contacts DIR/MESSAGE_ID.msg (default: standard output, "
                    + "each message ending with a newline).")
    String outDir;

    @Mixin
    PassphraseOptions passphrase = new PassphraseOptions();

    @Override
    public void run() {
        if (waitSeconds < 0 || waitSeconds > 60) {
            throw new InvalidInputException("--wait must be 0..60 seconds");
        }
        if (mailbox == null) {
            if (id == null) {
                throw new InvalidInputException("give --id ID (messages from your contacts) or --mailbox FILE");
            }
            if (from != null || relay != null || addressOnly) {
                throw new InvalidInputException("--from, --relay and --address-only go with --mailbox FILE");
            }
            new ContactInbox(this).run();
            return;
        }
        Mailbox box = mailbox();
        PrintWriter out = spec.commandLine().getOut();
        if (addressOnly) {
            out.println(box.address());
            out.flush();
            return;
        }
        if (id == null || from == null) {
            throw new InvalidInputException("--id and --from are required to receive (or give --address-only)");
        }
        QSafe qsafe = CommandSupport.qsafe(root);
        PublicIdentity sender = IdentityIo.readPublic(qsafe, from);
        Identity recipient = IdentityIo.readIdentity(qsafe, id, passphrase);
        RelayClient client = Mailbox.client(box.relay);
        int failed = 0;
        try {
            List<RelayClient.Message> messages = client.fetch(box.recvId, box.key(), 0, Duration.ofSeconds(waitSeconds));
            for (RelayClient.Message m : messages) {
                byte[] plain;
                try {
                    plain = qsafe.open(m.body(), recipient, sender);
                } catch (QSafeException e) {
                    failed++;
                    spec.commandLine().getErr().println("qsafe: message " + m.seq() + " does not open: " + e.getMessage());
                    continue;
                }
                try {
                    write(m.seq(), plain);
                } finally {
                    Arrays.fill(plain, (byte) 0);
                }
            }
            if (!messages.isEmpty()) {
                client.delete(box.recvId, box.key(), messages.get(messages.size() - 1).seq());
            }
        } catch (RelayException e) {
            throw Mailbox.failure(e);
        } finally {
            recipient.destroy();
            spec.commandLine().getErr().flush();
        }
        if (failed > 0) {
            throw new DecryptionFailedException();
        }
    }

    void write(long seq, byte[] plain) {
        try {
            if (outDir != null) {
                Path dir = Path.of(outDir);
                Files.createDirectories(dir);
                IoSupport.write(dir.resolve(seq + ".msg").toString(), plain, true,
                        IoSupport.Rules.of(false, mailbox, id, from), CommandSupport.stdout());
            } else {
                OutputStream o = CommandSupport.stdout();
                o.write(plain);
                if (plain.length == 0 || plain[plain.length - 1] != '\n') {
                    o.write('\n');
                }
                o.flush();
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private Mailbox mailbox() {
        Path file = Path.of(mailbox);
        if (Files.exists(file)) {
            return Mailbox.parse(IoSupport.read(mailbox, 64 * 1024, CommandSupport.stdin()), mailbox);
        }
        if (relay == null) {
            throw new InvalidInputException(mailbox + " does not exist: give --relay URL to create it");
        }
        URI uri;
        try {
            uri = URI.create(relay);
        } catch (IllegalArgumentException e) {
            throw new InvalidInputException("--relay is not a URL");
        }
        if (!"http".equals(uri.getScheme()) && !"https".equals(uri.getScheme())) {
            throw new InvalidInputException("--relay must be an http:// or https:// URL");
        }
        KeyPair key = RelayClient.newKeyPair();
        RelayClient.QueueIds ids;
        try {
            ids = Mailbox.client(uri).createQueue(key.getPublic());
        } catch (RelayException e) {
            throw Mailbox.failure(e);
        }
        Mailbox box = Mailbox.of(uri, ids.recvId(), ids.sendId(), Mailbox.seedOf(key.getPrivate()));
        IoSupport.write(mailbox, box.toJson(), true, IoSupport.Rules.of(false), CommandSupport.stdout());
        spec.commandLine().getErr().println("created " + mailbox + " (keep it private); its address for senders: " + box.address());
        spec.commandLine().getErr().flush();
        return box;
    }
}
