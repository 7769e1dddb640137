package dev.qsafe.cli;

import dev.qsafe.runtime.QSafe;
import dev.qsafe.runtime.keys.Identity;
import dev.qsafe.runtime.keys.PublicIdentity;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/** {@code qsafe open}: decrypt an envelope sealed to you and check who signed it. */
@Command(name = "open",
        mixinStandardHelpOptions = true,
        description = {"Open an envelope (binary or --armor text) sealed to your identity and check it was signed by the sender's public identity.",
                "Nothing is written unless the whole envelope is authentic: a streaming envelope (version 2, or 3 for several recipients) is opened into a"
                        + " temporary file moved into place once the sender's signature verified; to standard output it is"
                        + " verified first (with a private temporary copy of the envelope), then decrypted again to the output."},
        footerHeading = "%nExamples:%n",
        footer = {"  qsafe open --id bob.id --from alice.id.pub letter.qsafe -o letter.txt",
                "  qsafe open --id bob.id --from alice.id.pub < hi.asc",
                "  qsafe open --rewrapped --id new.id --from alice.id.pub letter.qsafe -o letter.txt   (after qsafe rewrap)",
                "", ExitCodes.HELP})
final class OpenCommand implements Runnable {
    @ParentCommand
    QsafeCommand root;

    @Option(names = "--id", paramLabel = "ID", required = true, description = "Your identity file (the recipient).")
    String id;

    @Option(names = "--from", paramLabel = "PUB", required = true, description = "The sender's public identity file.")
    String from;

    @Parameters(index = "0", arity = "0..1", paramLabel = "IN", description = "The envelope (default: standard input).")
    String in;

    @Option(names = {"-o", "--out"}, paramLabel = "OUT", description = "Where to write the message (default: standard output).")
    String out;

    @Option(names = "--rewrapped", description = "The envelope was re-wrapped by qsafe rewrap: check it was re-sealed and"
            + " signed by ID itself, and verify the kept signature of the original sender PUB (exit 1 if it does not verify).")
    boolean rewrapped;

    @Option(names = "--force", description = "Replace OUT if it exists (never an identity or passphrase file this command reads).")
    boolean force;

    @Mixin
    PassphraseOptions passphrase = new PassphraseOptions();

    @Spec
    CommandSpec spec;

    @Override
    public void run() {
        IoSupport.Rules rules = IoSupport.Rules.of(force, id, from, passphrase.fileName());
        IoSupport.checkOutput(out, rules);
        QSafe qsafe = CommandSupport.qsafe(root);
        PublicIdentity sender = IdentityIo.readPublic(qsafe, from);
        InputStream input = IoSupport.openInput(in, CommandSupport.stdin());
        try {
            if (rewrapped || isStreaming(input)) {
                openStream(qsafe, input, sender, rules);
                return;
            }
            // Armor makes the input at most 4/3 + line breaks larger than the binary envelope.
            long max = qsafe.config().maxMessageBytes() * 2 + 1024 * 1024;
            byte[] envelope = IoSupport.dearmor(IoSupport.read(in, max, input), "MESSAGE");
            Identity recipient = IdentityIo.readIdentity(qsafe, id, passphrase);
            try {
                byte[] message = qsafe.open(envelope, recipient, sender);
                try {
                    IoSupport.write(out, message, true, rules, CommandSupport.stdout());
                } finally {
                    Arrays.fill(message, (byte) 0);
                }
            } finally {
                recipient.destroy();
            }
        } finally {
            if (in != null && !in.equals("-")) {
                try {
                    input.close();
                } catch (IOException e) {
                    // the input was read
                }
            }
        }
    }

    /** Whether the input starts with the magic bytes and version 2 or 3, both streamed (nothing is consumed). */
    private boolean isStreaming(InputStream input) {
        try {
            input.mark(8);
            byte[] start = input.readNBytes(5);
            input.reset();
            return start.length == 5 && start[0] == 'q' && start[1] == 's' && start[2] == 'a' && start[3] == 'f'
                    && (start[4] == 2 || start[4] == 3);
        } catch (IOException e) {
            throw IoSupport.failure(in == null || in.equals("-") ? "standard input" : in, e);
        }
    }

    /**
     * Opens a streaming envelope so that no plaintext is released before the sender's signature verified:
     * into a staged file moved into place afterwards, or, for an output that cannot be taken back
     * (standard output, a device, a FIFO), verified in a first pass over a private copy of the envelope
     * and decrypted to the output in a second.
     */
    private void openStream(QSafe qsafe, InputStream input, PublicIdentity sender, IoSupport.Rules rules) {
        Identity recipient = IdentityIo.readIdentity(qsafe, id, passphrase);
        dev.qsafe.runtime.Rewrap rewrap = dev.qsafe.runtime.Rewrap.of(qsafe);
        IoSupport.StreamOpener opener = rewrapped ? (i, o) -> rewrap.openStream(i, o, recipient, sender)
                : (i, o) -> qsafe.openStream(i, o, recipient, sender);
        IoSupport.ProgressInputStream progress = new IoSupport.ProgressInputStream(input, in, spec.commandLine().getErr(),
                "opened", IoSupport.regularFileSize(in));
        try {
            if (!IoSupport.writesDirectly(out, rules)) {
                IoSupport.writeStreaming(out, true, rules, CommandSupport.stdout(), os -> opener.open(progress, os));
                return;
            }
            Path copy = IoSupport.privateTemporary();
            try {
                try (OutputStream c = new java.io.BufferedOutputStream(Files.newOutputStream(copy), 1 << 16)) {
                    opener.open(new IoSupport.TeeInputStream(progress, c), OutputStream.nullOutputStream());
                } catch (IOException e) {
                    throw IoSupport.failure("cannot write a temporary copy of the envelope", e);
                }
                try (InputStream again = new java.io.BufferedInputStream(Files.newInputStream(copy), 1 << 16)) {
                    IoSupport.writeStreaming(out, true, rules, CommandSupport.stdout(), os -> opener.open(again, os));
                } catch (IOException e) {
                    throw IoSupport.failure("cannot read the temporary copy of the envelope", e);
                }
            } finally {
                IoSupport.removeTemporary(copy);
            }
        } finally {
            progress.done();
            recipient.destroy();
        }
    }
}
