package dev.qsafe.cli;

import dev.qsafe.api.InvalidInputException;
import dev.qsafe.runtime.QSafe;
import dev.qsafe.runtime.keys.Identity;
import dev.qsafe.runtime.keys.IdentityFiles;
import dev.qsafe.runtime.keys.KeyInfo;
import dev.qsafe.runtime.keys.PublicIdentity;
import dev.qsafe.runtime.suite.Suite;
import java.io.PrintWriter;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.function.BiFunction;
import java.util.function.Function;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * The keyset subcommands of {@code qsafe key}: list an identity's KEM keys, rotate to a new primary, and
 * retire, reactivate or destroy an old key (docs/KEYS.md, "Keysets"). Every change re-writes the private
 * identity file (protected as it was) and its public file, both or neither.
 */
final class KeysetCommands {
    private KeysetCommands() {
    }

    /** {@code qsafe key list}: the KEM keys of an identity, private or public file. */
    @Command(name = "list",
            mixinStandardHelpOptions = true,
            description = {"List the KEM keys of an identity: key id, status (primary, active, retired, destroyed),"
                    + " creation time, algorithm and mode.",
                    "Of a private identity file (asks for its passphrase if it is protected) every key; of a public"
                    + " identity file (checked against its self-signature) the keys a sender may use."},
            footerHeading = "%nExamples:%n",
            footer = {"  qsafe key list alice.id", "  qsafe key list --json alice.id.pub", "", ExitCodes.HELP})
    static final class ListKeys implements Runnable {
        @ParentCommand
        KeyCommand key;

        @Spec
        CommandSpec spec;

        @Parameters(index = "0", paramLabel = "FILE", description = "A private or public identity file.")
        String file;

        @Option(names = "--json", description = "Write JSON.")
        boolean json;

        @Mixin
        PassphraseOptions passphrase = new PassphraseOptions();

        @Override
        public void run() {
            if (file.equals("-")) {
                throw new InvalidInputException("key list reads an identity file by name, not from standard input");
            }
            QSafe qsafe = CommandSupport.qsafe(key.root);
            String name;
            Suite suite;
            String fingerprint;
            List<KeyInfo> keys;
            boolean isPublic = IdentityIo.isPublic(file);
            if (isPublic) {
                PublicIdentity id = IdentityIo.readPublic(qsafe, file);
                name = id.name();
                suite = id.suite();
                fingerprint = id.fingerprint();
                keys = id.keys();
            } else {
                Identity id = IdentityIo.readIdentity(qsafe, file, passphrase);
                try {
                    name = id.name();
                    suite = id.suite();
                    fingerprint = id.publicIdentity().fingerprint();
                    keys = id.keys();
                } finally {
                    id.destroy();
                }
            }
            PrintWriter out = spec.commandLine().getOut();
            String mode = suite.mode().name().toLowerCase(Locale.ROOT);
            if (json) {
                ObjectNode n = JsonMapper.builder().build().createObjectNode();
                n.put("name", name);
                n.put("file", isPublic ? "public" : "private");
                n.put("suite", suite.name());
                n.put("mode", suite.mode().name());
                n.put("fingerprint", fingerprint);
                ArrayNode list = n.putArray("keys");
                for (KeyInfo k : keys) {
                    ObjectNode e = list.addObject();
                    e.put("keyId", k.keyId());
                    e.put("status", k.status().label());
                    if (k.created().isPresent()) {
                        e.put("created", k.created().get().toString());
                    } else {
                        e.putNull("created");
                    }
                    e.put("algorithm", k.publicKey().algorithm().name());
                    e.put("mode", suite.mode().name());
                }
                out.println(n.toPrettyString());
            } else {
                out.println(Text.escape(name) + " (" + suite.name() + ", " + mode + "), " + keys.size() + " KEM key"
                        + (keys.size() == 1 ? "" : "s") + (isPublic ? " a sender may use" : ""));
                TextTable t = new TextTable("KEY ID", "STATUS", "CREATED", "ALGORITHM", "MODE");
                for (KeyInfo k : keys) {
                    t.row(k.keyId(), k.status().label(), k.created().map(Object::toString).orElse("unknown"),
                            k.publicKey().algorithm().name(), mode);
                }
                t.print(out);
                out.println("fingerprint " + fingerprint);
            }
            out.flush();
        }
    }

    /** What every keyset change shares: read the private identity, change it, write it and its public file back. */
    abstract static class Change implements Runnable {
        @ParentCommand
        KeyCommand key;

        @Spec
        CommandSpec spec;

        @Option(names = "--id", paramLabel = "ID", required = true, description = "Your private identity file (re-written).")
        String id;

        @Option(names = "--public-out", paramLabel = "FILE", description = "The public identity file to re-write (default: ID.pub).")
        String publicOut;

        @Mixin
        PassphraseOptions passphrase = new PassphraseOptions();

        /** Runs {@code change} on the identity and writes both files, then reports {@code summary} of the changed identity. */
        void rewrite(String verb, BiFunction<QSafe, Identity, Identity> change, Function<Identity, String> summary) {
            String pub = publicOut != null ? publicOut : id + ".pub";
            if (pub.equals("-") || id.equals("-") || IoSupport.sameFile(id, pub)) {
                throw new InvalidInputException("key " + verb + " re-writes ID and its public identity: give two file names"
                        + " (not '-')");
            }
            QSafe qsafe = CommandSupport.qsafe(key.root);
            try (IdentityIo.Rewritable r = IdentityIo.readForRewrite(qsafe, id, passphrase)) {
                String before = r.identity().publicIdentity().fingerprint();
                Identity changed = change.apply(qsafe, r.identity());
                byte[] privateFile = null;
                try {
                    privateFile = r.write(qsafe, changed);
                    byte[] publicFile = IdentityIo.writePublic(qsafe, changed);
                    // both or neither; the identity file is replaced on purpose, the passphrase file never
                    IoSupport.writeAll(List.of(new IoSupport.Output(id, privateFile, true),
                            new IoSupport.Output(pub, publicFile, false)), IoSupport.Rules.of(true, passphrase.fileName()));
                    PrintWriter err = spec.commandLine().getErr();
                    err.println("qsafe: " + summary.apply(changed));
                    String after = changed.publicIdentity().fingerprint();
                    err.println("qsafe: re-wrote " + id + " (identity file version " + r.fileVersion(changed)
                            + ") and " + pub + " (signed, version "
                            + (changed.isKeyset() ? IdentityFiles.PUBLIC_KEYSET_VERSION : IdentityFiles.PUBLIC_VERSION)
                            + "); give the new " + pub + " to those who send to you");
                    err.println("qsafe: fingerprint " + after + (after.equals(before) ? "" : " (was " + before
                            + ": a keyset identity's fingerprint covers its signature key, not its KEM keys, and stays the"
                            + " same from now on)"));
                    err.flush();
                } finally {
                    if (privateFile != null) {
                        Arrays.fill(privateFile, (byte) 0);
                    }
                    changed.destroy();
                }
            }
        }

        static String describe(Identity id, String keyId) {
            for (KeyInfo k : id.keys()) {
                if (k.keyId().equalsIgnoreCase(keyId)) {
                    return "key " + k.keyId() + " is now " + k.status().label();
                }
            }
            return "key " + keyId + " changed";
        }
    }

    /** {@code qsafe key rotate}: a new primary KEM key; the old primary stays active. */
    @Command(name = "rotate",
            mixinStandardHelpOptions = true,
            description = {"Generate a new primary KEM key for your identity. The old primary becomes active: it still"
                    + " opens what was sealed to it, and senders with the new public file seal to the new key.",
                    "Re-writes ID (protected as it was) and its public file; the signature key, and from the first"
                    + " rotation on the fingerprint, stay the same."},
            footerHeading = "%nExamples:%n",
            footer = {"  qsafe key rotate --id alice.id                      (re-writes alice.id and alice.id.pub)",
                    "  qsafe key rotate --id alice.id --public-out alice.pub",
                    "  qsafe key rotate --id alice.id --mode hybrid         (refused for a classical identity: one keyset, one"
                            + " mode; make a new identity with 'qsafe keygen --mode hybrid')", "", ExitCodes.HELP})
    static final class Rotate extends Change {
        @Option(names = "--mode", paramLabel = "MODE", converter = ModeConverter.class,
                description = "The mode of the new key: only the identity's own mode (a keyset never mixes modes:"
                        + " docs/KEYS.md); another mode is refused (exit 2).")
        dev.qsafe.api.CryptoMode mode;

        @Override
        public void run() {
            rewrite("rotate", (qsafe, id) -> {
                if (mode != null && mode != id.suite().mode()) {
                    String m = mode.name().toLowerCase(java.util.Locale.ROOT);
                    throw new dev.qsafe.api.InvalidInputException("identity '" + id.name() + "' is "
                            + id.suite().mode().name().toLowerCase(java.util.Locale.ROOT) + " (suite " + id.suite().name()
                            + "); a keyset never mixes modes, so its keys cannot rotate to " + m + ". Make a new " + m
                            + " identity ('qsafe keygen --mode " + m + "'), publish its .pub, and re-seal what was sealed to"
                            + " the old one (docs/KEYS.md, \"Keysets\")");
                }
                return id.rotate(qsafe.registry());
            },
                    id -> "new primary key " + id.kem().publicKey().keyId() + " (" + id.kem().algorithm() + "); "
                            + (id.keys().size() - 1) + " older key" + (id.keys().size() == 2 ? "" : "s") + " kept");
        }
    }

    /** {@code qsafe key retire}: an active key stops opening (kept, reversible). */
    @Command(name = "retire",
            mixinStandardHelpOptions = true,
            description = {"Retire an active KEM key: it stays in your identity file but no longer opens anything"
                    + " (opening an envelope sealed to it fails, exit 1) and is no longer published.",
                    "Reversible with 'qsafe key reactivate'. The primary cannot be retired: rotate first."},
            footerHeading = "%nExamples:%n",
            footer = {"  qsafe key list alice.id", "  qsafe key retire --id alice.id 0f3a...  (the full key id from key list)",
                    "", ExitCodes.HELP})
    static final class Retire extends Change {
        @Parameters(index = "0", paramLabel = "KEYID", description = "The key id, as 'qsafe key list' shows it.")
        String keyId;

        @Override
        public void run() {
            rewrite("retire", (qsafe, id) -> id.retire(keyId), id -> describe(id, keyId));
        }
    }

    /** {@code qsafe key reactivate}: a retired key opens again. */
    @Command(name = "reactivate",
            mixinStandardHelpOptions = true,
            description = {"Make a retired KEM key active again: it opens what was sealed to it and is published again."},
            footerHeading = "%nExamples:%n",
            footer = {"  qsafe key reactivate --id alice.id 0f3a...", "", ExitCodes.HELP})
    static final class Reactivate extends Change {
        @Parameters(index = "0", paramLabel = "KEYID", description = "The key id, as 'qsafe key list' shows it.")
        String keyId;

        @Override
        public void run() {
            rewrite("reactivate", (qsafe, id) -> id.reactivate(keyId), id -> describe(id, keyId));
        }
    }

    /** {@code qsafe key destroy}: an old key's private bytes leave the identity file for good. */
    @Command(name = "destroy",
            mixinStandardHelpOptions = true,
            description = {"Destroy an active or retired KEM key: its private key is removed from your identity file"
                    + " (its id and public key stay, so that envelopes sealed to it say so). Cannot be undone:"
                    + " nothing sealed to it can be opened afterwards. Needs --force. The primary cannot be destroyed."},
            footerHeading = "%nExamples:%n",
            footer = {"  qsafe key destroy --id alice.id 0f3a... --force", "", ExitCodes.HELP})
    static final class Destroy extends Change {
        @Parameters(index = "0", paramLabel = "KEYID", description = "The key id, as 'qsafe key list' shows it.")
        String keyId;

        @Option(names = "--force", description = "Confirm: the private key is gone for good.")
        boolean force;

        @Override
        public void run() {
            if (!force) {
                throw new InvalidInputException("destroying a key cannot be undone (nothing sealed to it opens afterwards);"
                        + " add --force, or retire it instead ('qsafe key retire', reversible)");
            }
            rewrite("destroy", (qsafe, id) -> id.destroyKey(keyId), id -> describe(id, keyId));
        }
    }
}
