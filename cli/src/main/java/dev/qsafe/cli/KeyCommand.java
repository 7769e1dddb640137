package dev.qsafe.cli;

import dev.qsafe.api.InvalidInputException;
import dev.qsafe.api.InvalidSignatureException;
import dev.qsafe.runtime.QSafe;
import dev.qsafe.runtime.keys.Identity;
import dev.qsafe.runtime.keys.IdentityFileException;
import dev.qsafe.runtime.keys.IdentityFiles;
import dev.qsafe.runtime.keys.PublicIdentity;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * {@code qsafe key}: what a public identity file holds, the owner's upgrade of an old one, and the keyset of an
 * identity (list, rotate, retire, reactivate, destroy: {@link KeysetCommands}).
 */
@Command(name = "key",
        mixinStandardHelpOptions = true,
        description = {"Public identity files: show one's fingerprint (and compare it with the one its owner gave you),"
                + " or, as the owner, re-write an old unsigned .pub as a signed one.",
                "Keysets: list an identity's KEM keys, rotate to a new primary key, retire, reactivate or destroy an old"
                + " one (docs/KEYS.md, \"Keysets\").",
                "Export one private key as PKCS#8 in the seed, expanded or both form (docs/KEYS.md, \"Key encodings\").",
                "Re-protect a private identity file with another passphrase KDF (docs/KEYS.md, \"Passphrase protection\")."},
        subcommands = {KeyCommand.Show.class, KeyCommand.Upgrade.class, KeysetCommands.ListKeys.class,
                KeysetCommands.Rotate.class, KeysetCommands.Retire.class, KeysetCommands.Reactivate.class,
                KeysetCommands.Destroy.class, KeyExportCommand.class, KeyProtectCommand.class},
        footerHeading = "%nExamples:%n",
        footer = {"  qsafe key show alice.id.pub --expect 3f0c...e1           (exit 1 unless it is that identity)",
                "  qsafe key upgrade --id alice.id                         (re-writes alice.id.pub, signed)",
                "  qsafe key rotate --id alice.id                          (new primary KEM key; the old one still opens)",
                "  qsafe key list alice.id                                 (key ids, status, creation time, mode)",
                "  qsafe key retire --id alice.id KEYID                    (an old key stops opening; reversible)",
                "  qsafe key export --id alice.id --key kem --form both --out k.pem  (PKCS#8 for other libraries)",
                "  qsafe key protect --id alice.id --kdf pbkdf2            (PBKDF2-HMAC-SHA512: readable under --profile fips)", "",
                ExitCodes.HELP})
final class KeyCommand implements Runnable {
    @ParentCommand
    QsafeCommand root;

    @Spec
    CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    /** {@code qsafe key show}: name, suite, keys and fingerprint of a public identity file whose self-signature verifies. */
    @Command(name = "show",
            mixinStandardHelpOptions = true,
            description = {"Show a public identity file: name, suite, key ids and the fingerprint that covers all of them,"
                    + " after checking the file is signed by its own signature key.",
                    "The name proves nothing: compare the fingerprint with the one its owner gave you (--expect does it)."},
            footerHeading = "%nExamples:%n",
            footer = {"  qsafe key show bob.id.pub",
                    "  qsafe key show bob.id.pub --expect 3f0c...e1   (the full 64 hex digits; ':' and spaces are ignored)",
                    "  qsafe key show --json bob.id.pub", "", ExitCodes.HELP})
    static final class Show implements Runnable {
        @ParentCommand
        KeyCommand key;

        @Spec
        CommandSpec spec;

        @Parameters(index = "0", paramLabel = "PUB", description = "A public identity file.")
        String file;

        @Option(names = "--expect", paramLabel = "FINGERPRINT",
                description = "Exit 1 unless the file's fingerprint is this one.")
        String expect;

        @Option(names = "--json", description = "Write JSON.")
        boolean json;

        @Override
        public void run() {
            QSafe qsafe = CommandSupport.qsafe(key.root);
            PublicIdentity id = IdentityIo.readPublic(qsafe, file);
            String fingerprint = id.fingerprint();
            PrintWriter out = spec.commandLine().getOut();
            if (json) {
                ObjectNode n = JsonMapper.builder().build().createObjectNode();
                n.put("name", id.name());
                n.put("suite", id.suite().name());
                n.put("mode", id.suite().mode().name());
                n.put("kem", id.kem().algorithm().name());
                n.put("kemKeyId", id.kemKeyId());
                n.put("signature", id.signature().algorithm().name());
                n.put("signatureKeyId", id.signatureKeyId());
                n.put("fingerprint", fingerprint);
                if (id.isKeyset()) {
                    tools.jackson.databind.node.ArrayNode keys = n.putArray("keys");
                    for (dev.qsafe.runtime.keys.KeyInfo k : id.keyset()) {
                        ObjectNode e = keys.addObject();
                        e.put("keyId", k.keyId());
                        e.put("status", k.status().label());
                        e.put("created", k.created().map(Object::toString).orElse(null));
                    }
                }
                out.println(n.toPrettyString());
            } else {
                out.println(Text.escape(id.name()) + " (" + id.suite().name() + ", " + id.suite().mode().name().toLowerCase(Locale.ROOT)
                        + "), signed by its own key");
                out.println("  kem        " + id.kem().algorithm() + ", key " + id.kemKeyId()
                        + (id.isKeyset() ? " (primary; " + (id.keyset().size() - 1) + " active older key"
                        + (id.keyset().size() == 2 ? "" : "s") + ": 'qsafe key list')" : ""));
                out.println("  signature  " + id.signature().algorithm() + ", key " + id.signatureKeyId());
                out.println("fingerprint " + fingerprint);
            }
            out.flush();
            if (expect != null) {
                String wanted = expect.replaceAll("[\\s:]", "").toLowerCase(Locale.ROOT);
                if (!wanted.matches("[0-9a-f]{64}")) {
                    throw new InvalidInputException("--expect needs a fingerprint of 64 hex digits, as 'qsafe key show' and"
                            + " 'qsafe keygen' print it");
                }
                if (!java.security.MessageDigest.isEqual(wanted.getBytes(StandardCharsets.US_ASCII),
                        fingerprint.getBytes(StandardCharsets.US_ASCII))) {
                    throw new InvalidSignatureException(file + " has fingerprint " + fingerprint + ", not the expected "
                            + wanted + ": it is not the identity you were given");
                }
                spec.commandLine().getErr().println("qsafe: fingerprint matches");
            }
        }
    }

    /** {@code qsafe key upgrade}: the owner re-writes the public identity file, signed. */
    @Command(name = "upgrade",
            mixinStandardHelpOptions = true,
            description = {"Re-write your public identity file in the current format: signed by your identity's own"
                    + " signature key over its name, suite and keys (version 2). qsafe refuses unsigned (version 1) .pub files.",
                    "If the public file exists it must hold exactly your identity's name, suite and keys; it is replaced."
                    + " Give the new file (and its fingerprint) to those who had the old one."},
            footerHeading = "%nExamples:%n",
            footer = {"  qsafe key upgrade --id alice.id                      (reads alice.id, re-writes alice.id.pub)",
                    "  qsafe key upgrade --id alice.id --public-out alice.pub", "", ExitCodes.HELP})
    static final class Upgrade implements Runnable {
        @ParentCommand
        KeyCommand key;

        @Spec
        CommandSpec spec;

        @Option(names = "--id", paramLabel = "ID", required = true, description = "Your private identity file.")
        String id;

        @Option(names = "--public-out", paramLabel = "FILE", description = "The public identity file (default: ID.pub).")
        String publicOut;

        @Mixin
        PassphraseOptions passphrase = new PassphraseOptions();

        @Override
        public void run() {
            String pub = publicOut != null ? publicOut : id + ".pub";
            if (pub.equals("-") || id.equals("-") || IoSupport.sameFile(id, pub)) {
                throw new InvalidInputException("key upgrade reads ID and writes its public identity to another file:"
                        + " give two file names (not '-')");
            }
            QSafe qsafe = CommandSupport.qsafe(key.root);
            Identity owner = IdentityIo.readIdentity(qsafe, id, passphrase);
            try {
                String signed;
                boolean existed = Files.exists(Path.of(pub), LinkOption.NOFOLLOW_LINKS);
                if (existed) {
                    String old = new String(IoSupport.read(pub, CommandSupport.MAX_IDENTITY_BYTES, CommandSupport.stdin()),
                            StandardCharsets.UTF_8);
                    try {
                        signed = IdentityFiles.upgradePublic(old, owner, qsafe.registry());
                    } catch (IdentityFileException e) {
                        throw new InvalidInputException(pub + ": " + e.getMessage() + "; nothing was written", e);
                    }
                } else {
                    signed = IdentityFiles.writePublic(owner, qsafe.registry());
                }
                // an upgrade re-writes the existing public file in place (that is what it is for), never the
                // identity or passphrase file it reads
                IoSupport.writeAll(List.of(new IoSupport.Output(pub, signed.getBytes(StandardCharsets.UTF_8), false)),
                        IoSupport.Rules.of(true, id, passphrase.fileName()));
                spec.commandLine().getErr().println("qsafe: " + (existed ? "re-wrote " : "wrote ") + pub
                        + " (signed public identity, version " + IdentityFiles.PUBLIC_VERSION + "); fingerprint "
                        + owner.publicIdentity().fingerprint());
            } finally {
                owner.destroy();
            }
        }
    }
}
