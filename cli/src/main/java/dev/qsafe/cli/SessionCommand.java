package dev.qsafe.cli;

import dev.qsafe.api.SessionRefusedException;
import dev.qsafe.runtime.QSafe;
import dev.qsafe.runtime.keys.Identity;
import dev.qsafe.runtime.keys.PublicIdentity;
import dev.qsafe.session.FileSessionStore;
import dev.qsafe.session.Prekeys;
import dev.qsafe.session.Session;
import dev.qsafe.session.SessionConfig;
import dev.qsafe.session.Sessions;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/** {@code qsafe session}: a forward-secret session (docs/SESSION.md) run through files. */
@Command(name = "session",
        mixinStandardHelpOptions = true,
        description = {"A secure session through files: after one setup (a KEM and a signature), each message costs a key "
                + "derivation and an AEAD, with forward secrecy and a periodic KEM ratchet (docs/SESSION.md).",
                "Each identity keeps its sessions and prekeys in a store folder (default: the identity file's name + "
                + "\".sessions\"), encrypted under the identity's own KEM key; a session's state is stored before a message "
                + "is written."},
        subcommands = {SessionCommand.Bundle.class, SessionCommand.Init.class, SessionCommand.Send.class, SessionCommand.Receive.class},
        footerHeading = "%nExamples:%n",
        footer = {"  qsafe session bundle --id bob.id -o bob.bundle                       Bob publishes bob.bundle",
                "  qsafe session init --id alice.id --to bob.id.pub --bundle bob.bundle hello.txt -o m1",
                "  qsafe session receive --id bob.id --from alice.id.pub m1 -o hello.txt",
                "  qsafe session send --id bob.id --session SID reply.txt -o m2",
                "  qsafe session receive --id alice.id m2", "",
                SessionCommand.EXIT_CODES})
final class SessionCommand implements Runnable {
    static final String EXIT_CODES = ExitCodes.HELP + """

              A refused session message (a duplicate or replay, an unknown session or prekey, too far ahead) exits 2;
              a modified message or a store file that does not open exits 1; a store held by another process exits 5.""";

    @ParentCommand
    QsafeCommand root;

    @Spec
    CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    /** What every subcommand shares: the identity, its store, --json and the output rules. */
    abstract static class Base implements Runnable {
        @ParentCommand
        SessionCommand parent;

        @Spec
        CommandSpec spec;

        @Option(names = "--id", paramLabel = "ID", required = true, description = "Your identity file.")
        String id;

        @Option(names = "--store", paramLabel = "DIR", description = "The session store folder (default: ID.sessions).")
        Path store;

        @Option(names = "--json", description = "Print what happened as one JSON document on standard output (needs -o).")
        boolean json;

        @Option(names = "--force", description = "Replace OUT if it exists.")
        boolean force;

        @Mixin
        PassphraseOptions passphrase = new PassphraseOptions();

        Path storeDir() {
            return store != null ? store : Path.of(id + ".sessions");
        }

        void checkJson(String out) {
            if (json && (out == null || out.equals("-"))) {
                throw new picocli.CommandLine.ParameterException(spec.commandLine(), "--json needs -o/--out: standard output carries the JSON");
            }
        }

        void printJson(ObjectNode node) {
            PrintWriter w = spec.commandLine().getOut();
            w.println(JsonMapper.builder().build().writerWithDefaultPrettyPrinter().writeValueAsString(node));
            w.flush();
        }

        static ObjectNode node() {
            return JsonMapper.builder().build().createObjectNode();
        }

        static String hex(byte[] b) {
            return HexFormat.of().formatHex(b);
        }

        @Override
        public void run() {
            QSafe qsafe = CommandSupport.qsafe(parent.root);
            Identity me = IdentityIo.readIdentity(qsafe, id, passphrase);
            try (FileSessionStore s = sessions(qsafe).fileStore(storeDir(), me)) {
                run(qsafe, me, s);
            } finally {
                me.destroy();
            }
        }

        Sessions sessions(QSafe qsafe) {
            return Sessions.of(qsafe.registry());
        }

        abstract void run(QSafe qsafe, Identity me, FileSessionStore store);
    }

    @Command(name = "bundle", mixinStandardHelpOptions = true,
            description = {"Create (or refresh) your prekeys and write the bundle to publish: a signed prekey and one-time "
                    + "prekeys, signed by your identity. The private prekeys stay in your store.",
                    "Run it again to write a fresh bundle; --rotate replaces the signed prekey, --one-time adds one-time prekeys."},
            footerHeading = "%nExamples:%n",
            footer = {"  qsafe session bundle --id bob.id -o bob.bundle",
                    "  qsafe session bundle --id bob.id --rotate --one-time 20 -o bob.bundle --force --json", "", EXIT_CODES})
    static final class Bundle extends Base {
        @Option(names = {"-o", "--out"}, paramLabel = "OUT", required = true, description = "Where to write the bundle.")
        String out;

        @Option(names = "--rotate", description = "Replace the signed prekey (the previous one stays until it expires).")
        boolean rotate;

        @Option(names = "--one-time", paramLabel = "N", description = "One-time prekeys to add (a new store starts with 20; at most 100 are held).")
        Integer oneTime;

        @Override
        void run(QSafe qsafe, Identity me, FileSessionStore store) {
            checkJson(out);
            IoSupport.Rules rules = IoSupport.Rules.of(force, id, passphrase.fileName());
            IoSupport.checkOutput(out, rules);
            Sessions sessions = oneTime != null && store.loadPrekeys().isEmpty()
                    ? Sessions.of(qsafe.registry(), SessionConfig.defaults().withOneTimePrekeys(oneTime))
                    : sessions(qsafe);
            Optional<byte[]> stored = store.loadPrekeys();
            boolean created = stored.isEmpty();
            Prekeys prekeys;
            if (created) {
                prekeys = sessions.newPrekeys(me);
            } else {
                prekeys = sessions.restorePrekeys(stored.get(), me);
                Arrays.fill(stored.get(), (byte) 0);
                if (rotate) {
                    prekeys.rotate();
                }
                if (oneTime != null) {
                    prekeys.addOneTime(oneTime);
                }
            }
            store.savePrekeys(prekeys);
            byte[] bundle = prekeys.bundle();
            IoSupport.write(out, bundle, false, rules, CommandSupport.stdout());
            if (json) {
                ObjectNode n = node();
                n.put("identity", me.name());
                n.put("suite", me.suite().name());
                n.put("created", created);
                n.put("oneTimePrekeys", prekeys.oneTimeCount());
                n.put("bundleBytes", bundle.length);
                n.put("store", storeDir().toString());
                printJson(n);
            }
        }
    }

    @Command(name = "init", mixinStandardHelpOptions = true,
            description = {"Start a session with a peer from its bundle: writes the first message (carrying IN) and keeps "
                    + "the session in your store. Prints the session id (use it with send).",
                    "The bundle must be signed by the peer's public identity (check its fingerprint out of band: qsafe key show)."},
            footerHeading = "%nExamples:%n",
            footer = {"  qsafe session init --id alice.id --to bob.id.pub --bundle bob.bundle hello.txt -o m1",
                    "  echo hi | qsafe session init --id alice.id --to bob.id.pub --bundle bob.bundle -o m1 --json", "", EXIT_CODES})
    static final class Init extends Base {
        @Option(names = "--to", paramLabel = "PUB", required = true, description = "The peer's public identity file.")
        String to;

        @Option(names = "--bundle", paramLabel = "BUNDLE", required = true, description = "The peer's prekey bundle.")
        String bundle;

        @Parameters(index = "0", arity = "0..1", paramLabel = "IN", description = "The first message's content (default: standard input).")
        String in;

        @Option(names = {"-o", "--out"}, paramLabel = "OUT", required = true, description = "Where to write the first message.")
        String out;

        @Override
        void run(QSafe qsafe, Identity me, FileSessionStore store) {
            checkJson(out);
            IoSupport.Rules rules = IoSupport.Rules.of(force, id, to, bundle, in, passphrase.fileName());
            IoSupport.checkOutput(out, rules);
            PublicIdentity peer = IdentityIo.readPublic(qsafe, to);
            byte[] b = IoSupport.read(bundle, 4L << 20, CommandSupport.stdin());
            byte[] payload = IoSupport.read(in, Session.MAX_PLAINTEXT, CommandSupport.stdin());
            Sessions.Initiation i = sessions(qsafe).initiate(me, peer, b, payload);
            Arrays.fill(payload, (byte) 0);
            Session s = i.session();
            try {
                s.persistTo(store); // stored before the first message is written
                IoSupport.write(out, i.firstMessage(), false, rules, CommandSupport.stdout());
                report(s, i.firstMessage().length, "init");
            } finally {
                s.destroy();
            }
        }

        private void report(Session s, int bytes, String what) {
            if (json) {
                ObjectNode n = node();
                n.put("sessionId", hex(s.sessionId()));
                n.put("peer", s.peer().name());
                n.put("peerFingerprint", s.peer().fingerprint());
                n.put("messageBytes", bytes);
                printJson(n);
            } else {
                spec.commandLine().getOut().println("session " + hex(s.sessionId()));
                spec.commandLine().getOut().flush();
            }
        }
    }

    @Command(name = "send", mixinStandardHelpOptions = true,
            description = {"Seal IN as the next message of a session in your store. The session's new state is stored "
                    + "before the message is written, so a crash never makes a key or nonce be used twice."},
            footerHeading = "%nExamples:%n",
            footer = {"  qsafe session send --id bob.id --session 3f2a...c1 reply.txt -o m2",
                    "  qsafe session send --id bob.id --session 3f2a...c1 -o m3 --json < more.txt", "", EXIT_CODES})
    static final class Send extends Base {
        @Option(names = "--session", paramLabel = "SID", required = true, description = "The session id (32 hex digits, as init and receive print it).")
        String session;

        @Parameters(index = "0", arity = "0..1", paramLabel = "IN", description = "The message's content (default: standard input).")
        String in;

        @Option(names = {"-o", "--out"}, paramLabel = "OUT", required = true, description = "Where to write the message.")
        String out;

        @Override
        void run(QSafe qsafe, Identity me, FileSessionStore store) {
            checkJson(out);
            IoSupport.Rules rules = IoSupport.Rules.of(force, id, in, passphrase.fileName());
            IoSupport.checkOutput(out, rules);
            byte[] sid = sessionId(session);
            byte[] payload = IoSupport.read(in, Session.MAX_PLAINTEXT, CommandSupport.stdin());
            Session s = sessions(qsafe).load(store, sid, me).orElseThrow(() -> new SessionRefusedException(
                    SessionRefusedException.Reason.UNKNOWN_SESSION, "no session " + session + " in " + storeDir()
                            + " (sessions there: " + store.sessionIds().stream().map(Base::hex).toList() + ")"));
            try {
                byte[] m = s.seal(payload);
                Arrays.fill(payload, (byte) 0);
                IoSupport.write(out, m, false, rules, CommandSupport.stdout());
                if (json) {
                    ObjectNode n = node();
                    n.put("sessionId", hex(sid));
                    n.put("peer", s.peer().name());
                    n.put("epoch", s.epoch());
                    n.put("messageBytes", m.length);
                    printJson(n);
                }
            } finally {
                s.destroy();
            }
        }
    }

    @Command(name = "receive", mixinStandardHelpOptions = true,
            description = {"Open a session message: a first message (accepted with your prekeys, from a peer you name with "
                    + "--from) or a message of a session in your store. The new state is stored only after the message "
                    + "proved authentic, and before its content is written.",
                    "Nothing is written for a modified, replayed or duplicate message."},
            footerHeading = "%nExamples:%n",
            footer = {"  qsafe session receive --id bob.id --from alice.id.pub m1 -o hello.txt",
                    "  qsafe session receive --id alice.id m2 -o reply.txt --json", "", EXIT_CODES})
    static final class Receive extends Base {
        @Option(names = "--from", paramLabel = "PUB", description = "A public identity you accept a new session from (repeatable; "
                + "needed for a first message).")
        List<String> from = new ArrayList<>();

        @Parameters(index = "0", arity = "0..1", paramLabel = "IN", description = "The message (default: standard input).")
        String in;

        @Option(names = {"-o", "--out"}, paramLabel = "OUT", description = "Where to write the content (default: standard output).")
        String out;

        @Override
        void run(QSafe qsafe, Identity me, FileSessionStore store) {
            checkJson(out);
            List<String> inUse = new ArrayList<>(List.of(id));
            inUse.addAll(from);
            if (in != null) {
                inUse.add(in);
            }
            if (passphrase.fileName() != null) {
                inUse.add(passphrase.fileName());
            }
            IoSupport.Rules rules = IoSupport.Rules.of(force, inUse.toArray(String[]::new));
            IoSupport.checkOutput(out, rules);
            List<PublicIdentity> trusted = from.stream().map(f -> IdentityIo.readPublic(qsafe, f)).toList();
            byte[] m = IoSupport.read(in, Session.MAX_PLAINTEXT + (64L << 10), CommandSupport.stdin());
            Sessions sessions = sessions(qsafe);
            Session s;
            byte[] payload;
            boolean first = m.length > 4 && m[0] == 0x71 && m[1] == 0x53 && m[3] == 0x01;
            if (first) {
                if (trusted.isEmpty()) {
                    throw new SessionRefusedException(SessionRefusedException.Reason.UNTRUSTED_PEER,
                            "a first message starts a new session: name the public identities you accept it from with --from");
                }
                byte[] stored = store.loadPrekeys().orElseThrow(() -> new SessionRefusedException(SessionRefusedException.Reason.PREKEY_UNKNOWN,
                        "no prekeys in " + storeDir() + ": publish a bundle first (qsafe session bundle)"));
                Prekeys prekeys = sessions.restorePrekeys(stored, me);
                Arrays.fill(stored, (byte) 0);
                Sessions.Acceptance a = sessions.accept(prekeys, m, trusted::contains);
                s = a.session();
                payload = a.payload();
                store.savePrekeys(prekeys); // the one-time prekey is gone, the replay cache knows the setup
                s.persistTo(store);
            } else {
                if (m.length < 20 || m[0] != 0x71 || m[1] != 0x53 || m[3] != 0x02) {
                    throw new SessionRefusedException(SessionRefusedException.Reason.MALFORMED, "not a qsafe session message");
                }
                byte[] sid = Arrays.copyOfRange(m, 4, 20);
                s = sessions.load(store, sid, me).orElseThrow(() -> new SessionRefusedException(SessionRefusedException.Reason.UNKNOWN_SESSION,
                        "the message is of session " + hex(sid) + ", which is not in " + storeDir()));
                payload = s.open(m);
            }
            try {
                IoSupport.write(out, payload, true, rules, CommandSupport.stdout());
                if (json) {
                    ObjectNode n = node();
                    n.put("sessionId", hex(s.sessionId()));
                    n.put("peer", s.peer().name());
                    n.put("peerFingerprint", s.peer().fingerprint());
                    n.put("firstMessage", first);
                    n.put("epoch", s.epoch());
                    n.put("bytes", payload.length);
                    printJson(n);
                } else if (first && out != null && !out.equals("-")) {
                    spec.commandLine().getOut().println("session " + hex(s.sessionId()) + " from " + s.peer().name());
                    spec.commandLine().getOut().flush();
                }
            } finally {
                Arrays.fill(payload, (byte) 0);
                s.destroy();
            }
        }
    }

    static byte[] sessionId(String hex) {
        String h = hex.strip().toLowerCase(Locale.ROOT);
        if (h.length() != 32 || !h.chars().allMatch(c -> Character.digit(c, 16) >= 0)) {
            throw new dev.qsafe.api.InvalidInputException("a session id is 32 hex digits, got \"" + Text.oneLine(hex) + "\"");
        }
        return HexFormat.of().parseHex(h);
    }
}
