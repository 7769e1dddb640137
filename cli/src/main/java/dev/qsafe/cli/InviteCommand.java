package dev.qsafe.cli;

import dev.qsafe.api.InvalidInputException;
import dev.qsafe.relay.RelayException;
import dev.qsafe.runtime.QSafe;
import dev.qsafe.runtime.keys.Identity;
import dev.qsafe.session.FileSessionStore;
import dev.qsafe.session.Prekeys;
import dev.qsafe.session.Sessions;
import java.io.PrintWriter;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;
import tools.jackson.databind.node.ObjectNode;

/** {@code qsafe invite}: publish your identity and prekeys at a relay and print an invitation URI. */
@Command(name = "invite",
        mixinStandardHelpOptions = true,
        description = {"Print an invitation: a URI carrying your relay mailbox's address and your identity's fingerprint "
                + "(docs/RELAY.md, \"Invitations\"). Hand it to a person by any channel; qsafe contact add URI on their side "
                + "fetches your public identity and prekey bundle from the relay and refuses them unless the fingerprint matches.",
                "The first run creates your mailbox on --relay (in ID.relay/, owner-only) and your prekeys (in ID.sessions/, "
                + "as qsafe session uses them); later runs republish the signed prekey and the one-time prekeys not yet published "
                + "(the relay hands each to one sender only). A relay that refuses or cannot be reached exits 5."},
        footerHeading = "%nExamples:%n",
        footer = {"  qsafe invite --id alice/alice.id --relay http://127.0.0.1:8080 > alice.invite",
                "  qsafe invite --id alice/alice.id --one-time 20 --json", "", ExitCodes.HELP})
final class InviteCommand implements Runnable {
    @ParentCommand
    QsafeCommand root;

    @Spec
    CommandSpec spec;

    @Option(names = "--id", paramLabel = "ID", required = true, description = "Your identity file.")
    String id;

    @Option(names = "--relay", paramLabel = "URL", description = "The relay (http:// or https://) to make your mailbox on (needed the first time).")
    String relay;

    @Option(names = "--folder", paramLabel = "DIR", description = "Your relay folder (default: ID.relay).")
    Path folder;

    @Option(names = "--store", paramLabel = "DIR", description = "Your session store (default: ID.sessions).")
    Path store;

    @Option(names = "--one-time", paramLabel = "N",
            description = "Add N one-time prekeys (1..100; at most 100 are held) and publish them (each accepter of the invitation "
                    + "takes one; without any left, sessions start on the signed prekey).")
    Integer oneTime;

    @Option(names = "--json", description = "Print the invitation and what was published as one JSON document.")
    boolean json;

    @Mixin
    PassphraseOptions passphrase = new PassphraseOptions();

    @Override
    public void run() {
        if (oneTime != null && (oneTime < 1 || oneTime > 100)) {
            throw new InvalidInputException("--one-time must be 1..100");
        }
        Contacts contacts = new Contacts(id, folder);
        QSafe qsafe = CommandSupport.qsafe(root);
        Identity me = IdentityIo.readIdentity(qsafe, id, passphrase);
        try {
            Optional<Contacts.Box> existing = contacts.box();
            URI relayUri = relay == null ? null : relayUrl(relay);
            if (existing.isPresent() && relayUri != null && !sameRelay(existing.get().mailbox().relay, relayUri)) {
                throw new InvalidInputException(contacts.mailboxFile() + " is a mailbox on " + existing.get().mailbox().relay
                        + ", not on " + relayUri + " (use another --folder for a second relay)");
            }
            if (existing.isEmpty() && relayUri == null) {
                throw new InvalidInputException("no mailbox yet in " + contacts.dir + ": give --relay URL the first time");
            }
            Contacts.Box box = existing.orElseGet(() -> contacts.createBox(relayUri));
            Sessions sessions = Sessions.of(qsafe.registry());
            Path storeDir = store != null ? store : Path.of(id + ".sessions");
            byte[] signedBundle;
            List<byte[]> fresh = new ArrayList<>();
            LinkedHashSet<Long> published = contacts.published();
            List<Long> freshIds = new ArrayList<>();
            try (FileSessionStore s = sessions.fileStore(storeDir, me)) {
                Optional<byte[]> stored = s.loadPrekeys();
                Prekeys prekeys;
                if (stored.isEmpty()) {
                    prekeys = sessions.newPrekeys(me);
                    s.savePrekeys(prekeys);
                } else {
                    prekeys = sessions.restorePrekeys(stored.get(), me);
                    Arrays.fill(stored.get(), (byte) 0);
                }
                if (oneTime != null) {
                    prekeys.addOneTime(oneTime);
                    s.savePrekeys(prekeys);
                }
                signedBundle = prekeys.signedBundle();
                for (Map.Entry<Long, byte[]> e : prekeys.oneTimeRecords().entrySet()) {
                    if (!published.contains(e.getKey())) {
                        fresh.add(e.getValue());
                        freshIds.add(e.getKey());
                    }
                }
            }
            String publicFile = new String(IdentityIo.writePublic(qsafe, me), StandardCharsets.UTF_8);
            Mailbox m = box.mailbox();
            try {
                Mailbox.client(m.relay).putBundle(m.sendId, box.keyPair(), Contacts.invitationDocument(publicFile, signedBundle), fresh);
            } catch (RelayException e) {
                throw Mailbox.failure(e);
            }
            published.addAll(freshIds);
            contacts.savePublished(published);
            String uri = new Contacts.Invitation(m.relay, m.sendId, me.publicIdentity().fingerprint()).uri();
            PrintWriter out = spec.commandLine().getOut();
            if (json) {
                ObjectNode n = Contacts.JSON.createObjectNode();
                n.put("invitation", uri);
                n.put("identity", me.name());
                n.put("fingerprint", me.publicIdentity().fingerprint());
                n.put("relay", m.relay.toString());
                n.put("mailboxCreated", existing.isEmpty());
                n.put("oneTimePrekeysPublished", fresh.size());
                n.put("folder", contacts.dir.toString());
                out.println(Contacts.JSON.writerWithDefaultPrettyPrinter().writeValueAsString(n));
            } else {
                out.println(uri);
            }
            out.flush();
        } finally {
            me.destroy();
        }
    }

    static URI relayUrl(String relay) {
        URI uri;
        try {
            uri = URI.create(relay);
        } catch (IllegalArgumentException e) {
            throw new InvalidInputException("--relay is not a URL");
        }
        if (!("http".equals(uri.getScheme()) || "https".equals(uri.getScheme())) || uri.getHost() == null
                || uri.getRawQuery() != null || uri.getRawFragment() != null) {
            throw new InvalidInputException("--relay must be an http:// or https:// URL without query or fragment");
        }
        return uri;
    }

    private static boolean sameRelay(URI a, URI b) {
        return strip(a.toString()).equals(strip(b.toString()));
    }

    private static String strip(String s) {
        return s.endsWith("/") ? s.substring(0, s.length() - 1) : s;
    }
}
