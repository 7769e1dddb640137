package dev.qsafe.cli;

import dev.qsafe.api.CryptoMode;
import dev.qsafe.api.InvalidInputException;
import dev.qsafe.api.InvalidKeyException;
import dev.qsafe.runtime.QSafe;
import dev.qsafe.runtime.keys.Identity;
import dev.qsafe.runtime.keys.PublicIdentity;
import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.io.SequenceInputStream;
import java.util.Arrays;
import java.util.Locale;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/** {@code qsafe seal}: encrypt a message to a recipient and sign it as the sender. */
@Command(name = "seal",
        mixinStandardHelpOptions = true,
        description = {"Seal IN (default: standard input) to the recipient's public identity, signed by your identity.",
                "The envelope names its algorithms, so it opens as long as the recipient's policy allows them.",
                "Messages up to maxMessageBytes (default 64 MiB) are sealed whole (envelope version 1); larger ones, or any with"
                        + " --stream, are streamed in chunks in constant memory (version 2, which qsafe 'open' reads since it exists)."},
        footerHeading = "%nExamples:%n",
        footer = {"  qsafe seal --to bob.id.pub --from alice.id letter.txt -o letter.qsafe",
                "  echo hi | qsafe seal --to bob.id.pub --from alice.id --armor > hi.asc",
                "  qsafe seal --stream --to bob.id.pub --from alice.id backup.tar -o backup.tar.qsafe", "", ExitCodes.HELP})
final class SealCommand implements Runnable {
    @ParentCommand
    QsafeCommand root;

    @Option(names = "--to", paramLabel = "PUB", required = true, description = "The recipient's public identity file.")
    String to;

    @Option(names = "--from", paramLabel = "ID", required = true, description = "Your identity file (signs the message).")
    String from;

    @Option(names = "--mode", paramLabel = "MODE", converter = ModeConverter.class,
            description = "Refuse unless the recipient's identity is of this mode. Whatever this says, a message keeps the rules"
                    + " of the recipient's mode (a PQC message has no classical-only algorithm, the sender's signature included).")
    CryptoMode mode;

    @Option(names = "--armor", description = "Write base64 text instead of binary (version 1 envelopes only).")
    boolean armor;

    @Option(names = "--stream", description = "Write a streaming envelope (version 2) whatever the size: chunks sealed as they"
            + " are read, constant memory. Without it, only messages larger than maxMessageBytes are streamed.")
    boolean stream;

    @Option(names = "--chunk-size", paramLabel = "BYTES", description = "Chunk size of a streaming envelope: a power of two"
            + " from 256 to 16777216 (default: 65536).")
    Integer chunkSize;

    @Spec
    CommandSpec spec;

    @Parameters(index = "0", arity = "0..1", paramLabel = "IN", description = "The message (default: standard input).")
    String in;

    @Option(names = {"-o", "--out"}, paramLabel = "OUT", description = "Where to write the envelope (default: standard output).")
    String out;

    @Option(names = "--force", description = "Replace OUT if it exists (never an identity or passphrase file this command reads).")
    boolean force;

    @Mixin
    PassphraseOptions passphrase = new PassphraseOptions();

    @Override
    public void run() {
        IoSupport.Rules rules = IoSupport.Rules.of(force, to, from, passphrase.fileName());
        IoSupport.checkOutput(out, rules);
        QSafe qsafe = CommandSupport.qsafe(root);
        PublicIdentity recipient = IdentityIo.readPublic(qsafe, to);
        if (mode != null && recipient.suite().mode() != mode) {
            throw new InvalidInputException("--mode " + mode.name().toLowerCase(Locale.ROOT) + " but " + to + " is a "
                    + recipient.suite().mode().name().toLowerCase(Locale.ROOT) + " identity (" + recipient.suite().name() + ")");
        }
        if (armor && (stream || chunkSize != null)) {
            throw new InvalidInputException("--armor writes whole (version 1) envelopes only; drop --armor to stream");
        }
        if (chunkSize != null && !stream) {
            throw new InvalidInputException("--chunk-size applies to streaming envelopes: add --stream");
        }
        long limit = qsafe.config().maxMessageBytes();
        long fileSize = IoSupport.regularFileSize(in);
        Identity sender = IdentityIo.readIdentity(qsafe, from, passphrase);
        try {
            if (!armor && (stream || fileSize > limit)) {
                sealStream(qsafe, IoSupport.openInput(in, CommandSupport.stdin()), fileSize, recipient, sender, rules);
                return;
            }
            byte[] message;
            if (!armor && fileSize < 0) {
                // Standard input (or a pipe): read up to the limit; if more follows, stream it all.
                InputStream input = IoSupport.openInput(in, CommandSupport.stdin());
                byte[] head;
                try {
                    head = input.readNBytes((int) Math.min(Integer.MAX_VALUE - 8, limit + 1));
                } catch (OutOfMemoryError e) {
                    throw IoSupport.tooLarge("standard input");
                } catch (java.io.IOException e) {
                    throw IoSupport.failure("standard input", e);
                }
                if (head.length > limit) {
                    try {
                        sealStream(qsafe, new SequenceInputStream(new ByteArrayInputStream(head), input), -1, recipient, sender, rules);
                    } finally {
                        Arrays.fill(head, (byte) 0);
                    }
                    return;
                }
                message = head;
            } else {
                message = IoSupport.read(in, limit, CommandSupport.stdin());
            }
            byte[] envelope;
            try {
                envelope = qsafe.seal(message, recipient, sender);
            } catch (InvalidKeyException e) {
                // The sender's keys were checked when its file was read: the bad key is the recipient's, from a file.
                throw new InvalidInputException(to + ": the recipient's key is malformed (" + e.getMessage() + ")", e);
            } finally {
                Arrays.fill(message, (byte) 0); // the plaintext
            }
            IoSupport.write(out, armor ? IoSupport.armor("MESSAGE", envelope) : envelope, false, rules, CommandSupport.stdout());
        } finally {
            sender.destroy();
        }
    }

    /** Seals {@code input} as a streaming envelope; the output file appears only once it is complete. */
    private void sealStream(QSafe qsafe, InputStream input, long size, PublicIdentity recipient, Identity sender,
                            IoSupport.Rules rules) {
        IoSupport.ProgressInputStream progress = new IoSupport.ProgressInputStream(input, in, spec.commandLine().getErr(),
                "sealed", size);
        try {
            IoSupport.writeStreaming(out, false, rules, CommandSupport.stdout(), os -> {
                try {
                    qsafe.sealStream(progress, os, recipient, sender, chunkSize == null ? QSafe.DEFAULT_CHUNK_SIZE : chunkSize);
                } catch (InvalidKeyException e) {
                    throw new InvalidInputException(to + ": the recipient's key is malformed (" + e.getMessage() + ")", e);
                }
            });
        } finally {
            progress.done();
            if (in != null && !in.equals("-")) {
                try {
                    input.close();
                } catch (java.io.IOException e) {
                    // nothing was lost: the input was read
                }
            }
        }
    }
}
