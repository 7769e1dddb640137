package dev.qsafe.cli;

import dev.qsafe.api.InvalidInputException;
import dev.qsafe.api.InvalidKeyException;
import dev.qsafe.relay.RelayClient;
import dev.qsafe.relay.RelayException;
import dev.qsafe.runtime.QSafe;
import dev.qsafe.runtime.keys.Identity;
import dev.qsafe.runtime.keys.PublicIdentity;
import dev.qsafe.api.SessionRefusedException;
import dev.qsafe.session.FileSessionStore;
import dev.qsafe.session.Session;
import dev.qsafe.session.Sessions;
import java.io.PrintWriter;
import java.net.URI;
import java.nio.file.Path;
import java.util.Arrays;
import tools.jackson.databind.node.ObjectNode;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/**
 * {@code qsafe send}: deposit a message at a relay mailbox: to a contact (over a session when there is
 * one, starting it from the contact's bundle on the first send; a one-shot envelope otherwise), or a
 * one-shot envelope to a public identity file and an address.
 */
@Command(name = "send",
        mixinStandardHelpOptions = true,
        description = {"Send IN (default: standard input) through the relay (docs/RELAY.md). With --to CONTACT (added by qsafe "
                + "contact add): over the session with the contact (the first send starts it from the contact's prekey bundle), "
                + "or a one-shot envelope with --one-shot. With --to PUB --address ADDRESS: a one-shot envelope sealed to the "
                + "public identity file and signed by yours.",
                "Returns once the relay has stored the message durably; transient failures are retried with backoff under one "
                + "message id, so a retry never makes a second copy. A message the relay did not acknowledge stays in the "
                + "contact's outbox and is sent first by the next send to that contact.",
                "The relay sees only the sealed bytes. Unknown contact: exit 2. A relay that refuses or cannot be reached: exit 5."},
        footerHeading = "%nExamples:%n",
        footer = {"  echo 'hello bob' | qsafe send --id alice/alice.id --to bob",
                "  qsafe send --id alice/alice.id --to bob note.txt --json",
                "  qsafe send --to bob.id.pub --from alice.id --address 'http://127.0.0.1:8080#BOB_SEND_ID' note.txt", "", ExitCodes.HELP})
final class SendCommand implements Runnable {
    @ParentCommand
    QsafeCommand root;

    @Spec
    CommandSpec spec;

    @Option(names = "--to", paramLabel = "CONTACT|PUB", required = true,
            description = "A contact's name, or with --address the recipient's public identity file.")
    String to;

    @Option(names = {"--id", "--from"}, paramLabel = "ID", required = true, description = "Your identity file (signs the message).")
    String from;

    @Option(names = "--address", paramLabel = "ADDRESS",
            description = "The recipient's mailbox address, RELAY_URL#SEND_ID (printed by qsafe receive --address-only); "
                    + "then --to is a public identity file.")
    String address;

    @Option(names = "--one-shot", description = "To a contact: a one-shot envelope instead of the session.")
    boolean oneShot;

    @Option(names = "--folder", paramLabel = "DIR", description = "Your relay folder (default: ID.relay).")
    Path folder;

    @Option(names = "--store", paramLabel = "DIR", description = "Your session store (default: ID.sessions).")
    Path store;

    @Option(names = "--json", description = "Print what was sent as one JSON document.")
    boolean json;

    @Parameters(index = "0", arity = "0..1", paramLabel = "IN", description = "The message (default: standard input).")
    String in;

    @Mixin
    PassphraseOptions passphrase = new PassphraseOptions();

    @Override
    public void run() {
        if (address == null) {
            toContact();
            return;
        }
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
        report(id, "envelope", null, 0);
    }

    private void toContact() {
        Contacts contacts = new Contacts(from, folder);
        QSafe qsafe = CommandSupport.qsafe(root);
        Contacts.Contact c = contacts.contact(qsafe, Contacts.checkName(to));
        Identity me = IdentityIo.readIdentity(qsafe, from, passphrase);
        RelayClient client = Mailbox.client(c.relay);
        int flushed;
        String via;
        byte[] body;
        try {
            flushed = flush(contacts, c, client);
            byte[] message = IoSupport.read(in, Math.min(qsafe.config().maxMessageBytes(), Session.MAX_PLAINTEXT), CommandSupport.stdin());
            try {
                if (oneShot || (c.session == null && c.bundle == null)) {
                    via = "envelope";
                    body = qsafe.seal(message, c.peer, me);
                } else {
                    via = "session";
                    body = sealInSession(qsafe, me, contacts, c, message);
                }
            } finally {
                Arrays.fill(message, (byte) 0);
            }
        } finally {
            me.destroy();
        }
        String id = RelayClient.newId();
        ObjectNode pending = Contacts.JSON.createObjectNode();
        pending.put("id", id);
        pending.put("body", Contacts.b64(body));
        c.outbox.add(pending);
        contacts.save(c); // kept until the relay acknowledges it
        try {
            client.deposit(c.sendId, body, id, null);
        } catch (RelayException e) {
            throw Mailbox.failure(e);
        }
        c.outbox.remove(pending);
        contacts.save(c);
        report(id, via, c, flushed);
    }

    /** Deposits what an earlier send could not (same message ids: the relay keeps one copy). */
    private static int flush(Contacts contacts, Contacts.Contact c, RelayClient client) {
        int n = 0;
        while (!c.outbox.isEmpty()) {
            ObjectNode p = c.outbox.get(0);
            try {
                client.deposit(c.sendId, Contacts.unb64(p.get("body").asString()), p.get("id").asString(), null);
            } catch (RelayException e) {
                throw Mailbox.failure(e);
            }
            c.outbox.remove(0);
            contacts.save(c);
            n++;
        }
        return n;
    }

    private byte[] sealInSession(QSafe qsafe, Identity me, Contacts contacts, Contacts.Contact c, byte[] message) {
        Sessions sessions = Sessions.of(qsafe.registry());
        try (FileSessionStore s = sessions.fileStore(store != null ? store : Path.of(from + ".sessions"), me)) {
            if (c.session != null) {
                Session session = sessions.load(s, SessionCommand.sessionId(c.session), me).orElseThrow(() -> new SessionRefusedException(
                        SessionRefusedException.Reason.UNKNOWN_SESSION, "the session " + c.session + " with " + c.name
                                + " is not in the session store (send with --one-shot, or add the contact again)"));
                try {
                    return session.seal(message);
                } finally {
                    session.destroy();
                }
            }
            Sessions.Initiation i = sessions.initiate(me, c.peer, c.bundle, message);
            Session session = i.session();
            try {
                session.persistTo(s);
                c.session = Contacts.hex(session.sessionId());
                c.bundle = null; // its one-time prekey is used
                contacts.save(c);
                return i.firstMessage();
            } finally {
                session.destroy();
            }
        }
    }

    private void report(String id, String via, Contacts.Contact c, int flushed) {
        PrintWriter out = spec.commandLine().getOut();
        if (json) {
            ObjectNode n = Contacts.JSON.createObjectNode();
            n.put("id", id);
            n.put("via", via);
            if (c != null) {
                n.put("to", c.name);
                n.put("session", c.session);
                n.put("earlierDelivered", flushed);
            }
            out.println(Contacts.JSON.writerWithDefaultPrettyPrinter().writeValueAsString(n));
        } else {
            out.println("sent " + id + (c != null ? " to " + c.name + " (" + via + ")" : ""));
        }
        out.flush();
    }
}
