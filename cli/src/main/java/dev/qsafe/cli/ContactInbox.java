package dev.qsafe.cli;

import dev.qsafe.api.DecryptionFailedException;
import dev.qsafe.api.InvalidInputException;
import dev.qsafe.api.QSafeException;
import dev.qsafe.api.SessionRefusedException;
import dev.qsafe.relay.RelayClient;
import dev.qsafe.relay.RelayException;
import dev.qsafe.runtime.QSafe;
import dev.qsafe.runtime.keys.Identity;
import dev.qsafe.runtime.keys.PublicIdentity;
import dev.qsafe.session.FileSessionStore;
import dev.qsafe.session.Prekeys;
import dev.qsafe.session.Session;
import dev.qsafe.session.Sessions;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * {@code qsafe receive --id ID}: the mailbox of {@code qsafe invite}, messages from contacts, over
 * sessions or as one-shot envelopes (docs/RELAY.md, "Sessions over the relay").
 */
final class ContactInbox {
    private final ReceiveCommand cmd;

    ContactInbox(ReceiveCommand cmd) {
        this.cmd = cmd;
    }

    private record Opened(Contacts.Contact from, byte[] plain, String via) {
    }

    void run() {
        Contacts contacts = new Contacts(cmd.id, cmd.folder);
        Contacts.Box box = contacts.box().orElseThrow(() -> new InvalidInputException(
                "no mailbox in " + contacts.dir + ": run qsafe invite --id " + cmd.id + " --relay URL first"));
        QSafe qsafe = CommandSupport.qsafe(cmd.root);
        Identity me = IdentityIo.readIdentity(qsafe, cmd.id, cmd.passphrase);
        List<Contacts.Contact> all = contacts.all(qsafe);
        LinkedHashSet<String> seen = contacts.seen();
        Mailbox m = box.mailbox();
        RelayClient client = Mailbox.client(m.relay);
        PrintWriter err = cmd.spec.commandLine().getErr();
        ObjectNode report = Contacts.JSON.createObjectNode();
        ArrayNode list = report.putArray("messages");
        int failed = 0;
        int duplicates = 0;
        Sessions sessions = Sessions.of(qsafe.registry());
        try (FileSessionStore store = sessions.fileStore(cmd.store != null ? cmd.store : Path.of(cmd.id + ".sessions"), me)) {
            List<RelayClient.Message> messages = client.fetch(m.recvId, m.key(), 0, Duration.ofSeconds(cmd.waitSeconds));
            for (RelayClient.Message msg : messages) {
                if (seen.contains(msg.id())) {
                    duplicates++;
                    continue;
                }
                Opened o;
                try {
                    o = open(qsafe, sessions, store, me, contacts, all, msg.body());
                } catch (SessionRefusedException e) {
                    if (e.reason() == SessionRefusedException.Reason.DUPLICATE || e.reason() == SessionRefusedException.Reason.REPLAYED_SETUP) {
                        duplicates++;
                        continue;
                    }
                    failed++;
                    err.println("qsafe: message " + msg.id() + " refused: " + e.getMessage());
                    continue;
                } catch (QSafeException e) {
                    failed++;
                    err.println("qsafe: message " + msg.id() + " does not open: " + e.getMessage());
                    continue;
                }
                try {
                    deliver(msg, o, list);
                } finally {
                    Arrays.fill(o.plain(), (byte) 0);
                }
                seen.add(msg.id());
                contacts.saveSeen(seen); // before the delete: a redelivery is dropped
            }
            if (!messages.isEmpty()) {
                client.delete(m.recvId, m.key(), messages.get(messages.size() - 1).seq());
            }
        } catch (RelayException e) {
            throw Mailbox.failure(e);
        } finally {
            me.destroy();
            err.flush();
        }
        if (cmd.json) {
            report.put("duplicatesDropped", duplicates);
            report.put("failed", failed);
            PrintWriter out = cmd.spec.commandLine().getOut();
            out.println(Contacts.JSON.writerWithDefaultPrettyPrinter().writeValueAsString(report));
            out.flush();
        }
        if (failed > 0) {
            throw new DecryptionFailedException();
        }
    }

    private static Opened open(QSafe qsafe, Sessions sessions, FileSessionStore store, Identity me, Contacts contacts,
            List<Contacts.Contact> all, byte[] body) {
        boolean session = body.length > 4 && body[0] == 0x71 && body[1] == 0x53 && body[2] == 0x01;
        if (session && body[3] == 0x01) {
            byte[] stored = store.loadPrekeys().orElseThrow(() -> new SessionRefusedException(SessionRefusedException.Reason.PREKEY_UNKNOWN,
                    "a first session message, but no prekeys in the session store (qsafe invite makes them)"));
            Prekeys prekeys = sessions.restorePrekeys(stored, me);
            Arrays.fill(stored, (byte) 0);
            Sessions.Acceptance a = sessions.accept(prekeys, body, p -> byPeer(all, p).isPresent());
            Session s = a.session();
            try {
                store.savePrekeys(prekeys); // the one-time prekey is gone, the replay cache knows the setup
                s.persistTo(store);
                Contacts.Contact c = byPeer(all, s.peer()).orElseThrow();
                if (c.session == null) {
                    c.session = Contacts.hex(s.sessionId()); // answers go over this session
                    contacts.save(c);
                }
                return new Opened(c, a.payload(), "session");
            } finally {
                s.destroy();
            }
        }
        if (session && body[3] == 0x02 && body.length >= 20) {
            byte[] sid = Arrays.copyOfRange(body, 4, 20);
            Session s = sessions.load(store, sid, me).orElseThrow(() -> new SessionRefusedException(
                    SessionRefusedException.Reason.UNKNOWN_SESSION, "a message of session " + Contacts.hex(sid)
                            + ", which is not in the session store"));
            try {
                byte[] plain = s.open(body);
                Contacts.Contact c = byPeer(all, s.peer()).orElseThrow(() -> new SessionRefusedException(
                        SessionRefusedException.Reason.UNTRUSTED_PEER, "a session message from " + s.peer().name()
                                + ", who is no longer a contact"));
                return new Opened(c, plain, "session");
            } finally {
                s.destroy();
            }
        }
        QSafeException last = null;
        for (Contacts.Contact c : all) {
            try {
                return new Opened(c, qsafe.open(body, me, c.peer), "envelope");
            } catch (QSafeException e) {
                last = e;
            }
        }
        throw last != null ? new QSafeException("not a session message, and no envelope from a contact (" + last.getMessage() + ")", last)
                : new QSafeException("a one-shot envelope, but you have no contacts to check its sender against");
    }

    private static Optional<Contacts.Contact> byPeer(List<Contacts.Contact> all, PublicIdentity p) {
        for (Contacts.Contact c : all) {
            if (java.security.MessageDigest.isEqual(c.peer.fingerprint().getBytes(StandardCharsets.US_ASCII),
                    p.fingerprint().getBytes(StandardCharsets.US_ASCII))) {
                return Optional.of(c);
            }
        }
        return Optional.empty();
    }

    private void deliver(RelayClient.Message msg, Opened o, ArrayNode list) {
        if (cmd.json) {
            ObjectNode n = list.addObject();
            n.put("id", msg.id());
            n.put("from", o.from().name);
            n.put("fingerprint", o.from().peer.fingerprint());
            n.put("via", o.via());
            Optional<String> text = utf8(o.plain());
            if (text.isPresent()) {
                n.put("text", text.get());
            } else {
                n.put("base64", Contacts.b64(o.plain()));
            }
            if (cmd.outDir == null) {
                return;
            }
        }
        try {
            if (cmd.outDir != null) {
                Path dir = Path.of(cmd.outDir);
                Files.createDirectories(dir);
                IoSupport.write(dir.resolve(msg.id() + ".msg").toString(), o.plain(), true, IoSupport.Rules.of(true, cmd.id),
                        CommandSupport.stdout());
            } else {
                OutputStream out = CommandSupport.stdout();
                out.write((o.from().name + ": ").getBytes(StandardCharsets.UTF_8));
                byte[] plain = o.plain();
                out.write(plain);
                if (plain.length == 0 || plain[plain.length - 1] != '\n') {
                    out.write('\n');
                }
                out.flush();
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static Optional<String> utf8(byte[] b) {
        try {
            return Optional.of(StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(b)).toString());
        } catch (CharacterCodingException e) {
            return Optional.empty();
        }
    }
}
