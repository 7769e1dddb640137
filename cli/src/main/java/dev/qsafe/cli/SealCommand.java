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
                        + " --stream, are streamed in chunks in constant memory (version 2, which qsafe 'open' reads since it exists).",
                "With --to given more than once (up to 1000), or --hide-recipients, one envelope for every recipient (version 3,"
                        + " streamed): the message encrypted once, its key wrapped to each recipient; each opens it with 'qsafe open'."},
        footerHeading = "%nExamples:%n",
        footer = {"  qsafe seal --to bob.id.pub --from alice.id letter.txt -o letter.qsafe",
                "  echo hi | qsafe seal --to bob.id.pub --from alice.id --armor > hi.asc",
                "  qsafe seal --stream --to bob.id.pub --from alice.id backup.tar -o backup.tar.qsafe",
                "  qsafe seal --to bob.id.pub --to carol.id.pub --from alice.id report.pdf -o report.pdf.qsafe", "", ExitCodes.HELP})
final class SealCommand implements Runnable {
    @ParentCommand
    QsafeCommand root;

    @Option(names = "--to", paramLabel = "PUB", required = true, description = "A recipient's public identity file; repeat it"
            + " for several recipients (one envelope all of them open, version 3).")
    java.util.List<String> to;

    @Option(names = "--hide-recipients", description = "Leave the recipients' key ids out of the envelope (version 3): an"
            + " outsider sees only how many recipients there are and their KEMs; each recipient tries its keys on the entries.")
    boolean hideRecipients;

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
        java.util.List<String> inUse = new java.util.ArrayList<>(to);
        inUse.add(from);
        inUse.add(passphrase.fileName());
        IoSupport.Rules rules = IoSupport.Rules.of(force, inUse.toArray(String[]::new));
        IoSupport.checkOutput(out, rules);
        if (to.size() > 1000) {
            throw new InvalidInputException("at most 1000 recipients (--to given " + to.size() + " times)");
        }
        QSafe qsafe = CommandSupport.qsafe(root);
        java.util.List<PublicIdentity> recipients = new java.util.ArrayList<>();
        for (String file : to) {
            PublicIdentity r = IdentityIo.readPublic(qsafe, file);
            if (mode != null && r.suite().mode() != mode) {
                throw new InvalidInputException("--mode " + mode.name().toLowerCase(Locale.ROOT) + " but " + file + " is a "
                        + r.suite().mode().name().toLowerCase(Locale.ROOT) + " identity (" + r.suite().name() + ")");
            }
            recipients.add(r);
        }
        PublicIdentity recipient = recipients.get(0);
        boolean multi = recipients.size() > 1 || hideRecipients;
        if (armor && multi) {
            throw new InvalidInputException("--armor writes whole (version 1) envelopes to one recipient only; drop --armor"
                    + " to seal to several recipients");
        }
        if (armor && (stream || chunkSize != null)) {
            throw new InvalidInputException("--armor writes whole (version 1) envelopes only; drop --armor to stream");
        }
        if (chunkSize != null && !stream && !multi) {
            throw new InvalidInputException("--chunk-size applies to streaming envelopes: add --stream");
        }
        long limit = qsafe.config().maxMessageBytes();
        long fileSize = IoSupport.regularFileSize(in);
        Identity sender = IdentityIo.readIdentity(qsafe, from, passphrase);
        try {
            if (multi) {
                sealStream(qsafe, IoSupport.openInput(in, CommandSupport.stdin()), fileSize, recipients, sender, rules);
                return;
            }
            if (!armor && (stream || fileSize > limit)) {
                sealStream(qsafe, IoSupport.openInput(in, CommandSupport.stdin()), fileSize, java.util.List.of(recipient), sender,
                        rules);
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
                        sealStream(qsafe, new SequenceInputStream(new ByteArrayInputStream(head), input), -1,
                                java.util.List.of(recipient), sender, rules);
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
                throw new InvalidInputException(to.get(0) + ": the recipient's key is malformed (" + e.getMessage() + ")", e);
            } finally {
                Arrays.fill(message, (byte) 0); // the plaintext
            }
            IoSupport.write(out, armor ? IoSupport.armor("MESSAGE", envelope) : envelope, false, rules, CommandSupport.stdout());
        } finally {
            sender.destroy();
        }
    }

    /**
     * Seals {@code input} as a streaming envelope (version 2 to one recipient, version 3 to several or with
     * hidden key ids); the output file appears only once it is complete.
     */
    private void sealStream(QSafe qsafe, InputStream input, long size, java.util.List<PublicIdentity> recipients, Identity sender,
                            IoSupport.Rules rules) {
        IoSupport.ProgressInputStream progress = new IoSupport.ProgressInputStream(input, in, spec.commandLine().getErr(),
                "sealed", size);
        try {
            IoSupport.writeStreaming(out, false, rules, CommandSupport.stdout(), os -> {
                int chunk = chunkSize == null ? QSafe.DEFAULT_CHUNK_SIZE : chunkSize;
                try {
                    if (recipients.size() > 1 || hideRecipients) {
                        qsafe.sealStream(progress, os, recipients, sender, chunk, hideRecipients);
                    } else {
                        qsafe.sealStream(progress, os, recipients.get(0), sender, chunk);
                    }
                } catch (InvalidKeyException e) {
                    throw new InvalidInputException(String.join(", ", to) + ": a recipient's key is malformed (" + e.getMessage()
                            + ")", e);
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
