package dev.qsafe.cli;

import dev.qsafe.api.InvalidInputException;
import dev.qsafe.relay.RelayClient;
import dev.qsafe.relay.RelayException;
import dev.qsafe.runtime.QSafe;
import dev.qsafe.runtime.keys.Identity;
import dev.qsafe.session.Sessions;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Optional;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/** {@code qsafe contact}: accept invitations and list contacts. */
@Command(name = "contact",
        mixinStandardHelpOptions = true,
        description = {"Your contacts, kept in ID.relay/contacts/ (docs/RELAY.md, \"Invitations\"). A contact is added from an "
                + "invitation URI (qsafe invite); qsafe send --to NAME then writes to it and qsafe receive accepts it as a sender."},
        subcommands = {ContactCommand.Add.class, ContactCommand.ListContacts.class},
        footerHeading = "%nExamples:%n",
        footer = {"  qsafe contact add --id bob/bob.id --name alice \"$(cat alice.invite)\"",
                "  qsafe contact list --id bob/bob.id --json", "", ContactCommand.EXIT_CODES})
final class ContactCommand implements Runnable {
    static final String EXIT_CODES = ExitCodes.HELP + """

              For invitations: a malformed URI, an unknown contact or a name already taken exits 2; an identity that does not
              have the invitation's fingerprint, or a bundle not signed by it, exits 1; no invitation at that address, or a
              relay that refuses or cannot be reached, exits 5.""";

    @ParentCommand
    QsafeCommand root;

    @Spec
    CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    @Command(name = "add", aliases = "accept", mixinStandardHelpOptions = true,
            description = {"Accept an invitation: fetch the inviter's public identity and prekey bundle from the relay named in URI "
                    + "(taking one of its one-time prekeys), refuse them unless the identity has the URI's fingerprint and signed "
                    + "the bundle, and store the contact. Nothing is stored on a refusal."},
            footerHeading = "%nExamples:%n",
            footer = {"  qsafe contact add --id bob/bob.id --name alice \"$(cat alice.invite)\"",
                    "  qsafe contact accept --id bob/bob.id 'qsafe+http://127.0.0.1:8080/Zx...Q#fp=3c5e...' --json", "", EXIT_CODES})
    static final class Add implements Runnable {
        @ParentCommand
        ContactCommand parent;

        @Spec
        CommandSpec spec;

        @Option(names = "--id", paramLabel = "ID", required = true, description = "Your identity file.")
        String id;

        @Option(names = "--name", paramLabel = "NAME", description = "The contact's name for --to (default: the name in its identity).")
        String name;

        @Option(names = "--folder", paramLabel = "DIR", description = "Your relay folder (default: ID.relay).")
        Path folder;

        @Option(names = "--force", description = "Replace a contact of the same name.")
        boolean force;

        @Option(names = "--json", description = "Print the contact as one JSON document.")
        boolean json;

        @Parameters(index = "0", paramLabel = "URI", description = "The invitation (qsafe://... or qsafe+http://...).")
        String uri;

        @Mixin
        PassphraseOptions passphrase = new PassphraseOptions();

        @Override
        public void run() {
            Contacts.Invitation inv = Contacts.parseInvitation(uri);
            Contacts contacts = new Contacts(id, folder);
            if (name != null) {
                Contacts.checkName(name);
                refuseTaken(contacts, name);
            }
            QSafe qsafe = CommandSupport.qsafe(parent.root);
            Identity me = IdentityIo.readIdentity(qsafe, id, passphrase);
            try {
                Optional<RelayClient.Bundle> fetched;
                try {
                    fetched = Mailbox.client(inv.relay()).getBundle(inv.id());
                } catch (RelayException e) {
                    throw Mailbox.failure(e);
                }
                if (fetched.isEmpty()) {
                    throw new UncheckedIOException(new IOException("no invitation at " + inv.relay() + " for " + inv.id()
                            + " (withdrawn, expired, or the URI names another relay)"));
                }
                Contacts.Fetched f = Contacts.checkDocument(qsafe, fetched.get().bundle(), inv);
                if (!f.peer().suite().name().equalsIgnoreCase(me.suite().name())) {
                    throw new InvalidInputException("the invitation's identity uses suite " + f.peer().suite().name() + ", yours "
                            + me.suite().name() + ": sessions need the same suite on both sides");
                }
                byte[] bundle = fetched.get().oneTime().isPresent()
                        ? Sessions.joinBundle(f.signedBundle(), fetched.get().oneTime().get()) : f.signedBundle();
                Sessions.of(qsafe.registry()).verifyBundle(f.peer(), bundle);
                String contactName = name != null ? name : defaultName(f.peer().name());
                refuseTaken(contacts, contactName);
                Contacts.Contact c = new Contacts.Contact();
                c.name = contactName;
                c.invitation = inv.uri();
                c.relay = inv.relay();
                c.sendId = inv.id();
                c.identityFile = f.identityFile();
                c.peer = f.peer();
                c.bundle = bundle;
                contacts.save(c);
                PrintWriter out = spec.commandLine().getOut();
                if (json) {
                    out.println(Contacts.JSON.writerWithDefaultPrettyPrinter().writeValueAsString(describe(c)));
                } else {
                    out.println("added contact " + c.name + " (" + c.peer.name() + ", fingerprint " + c.peer.fingerprint() + ")");
                }
                out.flush();
            } finally {
                me.destroy();
            }
        }

        private void refuseTaken(Contacts contacts, String n) {
            if (!force && contacts.hasContact(n)) {
                throw new InvalidInputException("a contact named " + n + " exists (" + contacts.contactFile(n)
                        + "); give another --name or --force");
            }
        }

        private static String defaultName(String identityName) {
            String n = identityName.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9._-]", "-");
            n = n.replaceAll("^[^a-z0-9]+", "");
            if (n.isEmpty()) {
                n = "contact";
            }
            return n.length() > 64 ? n.substring(0, 64) : n;
        }
    }

    @Command(name = "list", mixinStandardHelpOptions = true,
            description = {"List your contacts: name, fingerprint, relay, whether a session is established."},
            footerHeading = "%nExamples:%n",
            footer = {"  qsafe contact list --id bob/bob.id", "  qsafe contact list --id bob/bob.id --json", "", EXIT_CODES})
    static final class ListContacts implements Runnable {
        @ParentCommand
        ContactCommand parent;

        @Spec
        CommandSpec spec;

        @Option(names = "--id", paramLabel = "ID", required = true, description = "Your identity file (only its folder is read).")
        String id;

        @Option(names = "--folder", paramLabel = "DIR", description = "Your relay folder (default: ID.relay).")
        Path folder;

        @Option(names = "--json", description = "Print the contacts as one JSON document.")
        boolean json;

        @Override
        public void run() {
            QSafe qsafe = CommandSupport.qsafe(parent.root);
            java.util.List<Contacts.Contact> all = new Contacts(id, folder).all(qsafe);
            PrintWriter out = spec.commandLine().getOut();
            if (json) {
                ObjectNode n = Contacts.JSON.createObjectNode();
                ArrayNode a = n.putArray("contacts");
                all.forEach(c -> a.add(describe(c)));
                out.println(Contacts.JSON.writerWithDefaultPrettyPrinter().writeValueAsString(n));
            } else {
                for (Contacts.Contact c : all) {
                    out.println(c.name + "  " + c.peer.fingerprint() + "  " + c.relay + "  "
                            + (c.session != null ? "session " + c.session : "no session yet"));
                }
            }
            out.flush();
        }
    }

    static ObjectNode describe(Contacts.Contact c) {
        ObjectNode n = Contacts.JSON.createObjectNode();
        n.put("name", c.name);
        n.put("identity", c.peer.name());
        n.put("fingerprint", c.peer.fingerprint());
        n.put("suite", c.peer.suite().name());
        n.put("relay", c.relay.toString());
        n.put("invitation", c.invitation);
        n.put("session", c.session);
        n.put("pending", c.outbox.size());
        return n;
    }
}
