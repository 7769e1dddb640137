package dev.qsafe.cli;

import dev.qsafe.api.UnsupportedAlgorithmException;
import dev.qsafe.runtime.QSafe;
import dev.qsafe.runtime.config.QSafeConfig;
import dev.qsafe.runtime.envelope.EnvelopeHeader;
import dev.qsafe.api.InvalidInputException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintWriter;
import java.util.Arrays;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/** {@code qsafe inspect}: what an envelope's header says, without any key. */
@Command(name = "inspect",
        mixinStandardHelpOptions = true,
        description = "Show an envelope's header (format version, KEM, KDF, AEAD, recipient key id or, for several recipients,"
                + " their count and key ids unless hidden, sizes). Needs no key; proves nothing.",
        footerHeading = "%nExamples:%n",
        footer = {"  qsafe inspect letter.qsafe", "  qsafe inspect --json < hi.asc", "", ExitCodes.HELP})
final class InspectCommand implements Runnable {
    @ParentCommand
    QsafeCommand root;

    @Spec
    CommandSpec spec;

    @Option(names = "--json", description = "Write JSON.")
    boolean json;

    @Parameters(index = "0", arity = "0..1", paramLabel = "IN", description = "The envelope (default: standard input).")
    String in;

    /**
     * What is read of a streaming envelope (version 2): its header is at most 30 bytes and a 16 KiB
     * encapsulation; the rest (chunks of any total size) is never read from a file, only counted from a pipe.
     */
    static final int HEADER_PREFIX = 30 + 16 * 1024;
    /** The longest version 3 header: 13 bytes and 1000 entries of at most 1636 bytes (docs/FORMAT.md). */
    static final int V3_MAX_HEADER = 13 + 1000 * 1636;
    /** The fixed part of a version 2 header before {@code enc} (docs/FORMAT.md). */
    private static final int V2_FIXED = 30;

    @Override
    public void run() {
        QSafeConfig config = CommandSupport.config(root);
        long ciphertext;
        EnvelopeHeader h;
        try (InputStream input = IoSupport.openInput(in, CommandSupport.stdin())) {
            byte[] prefix = input.readNBytes(HEADER_PREFIX);
            if (isVersion(prefix, 3)) {
                // Several recipients: the header is at most V3_MAX_HEADER bytes; the chunks are counted, never held.
                byte[] head = Arrays.copyOf(prefix, V3_MAX_HEADER);
                int got = prefix.length + input.readNBytes(head, prefix.length, V3_MAX_HEADER - prefix.length);
                head = Arrays.copyOf(head, got);
                h = header(head, config);
                long size = IoSupport.regularFileSize(in);
                long rest = size >= 0 ? size - got : input.transferTo(OutputStream.nullOutputStream());
                ciphertext = h.ciphertextLength() + rest;
            } else if (isVersion(prefix, 2)) {
                // A streaming envelope may be of any size: read its header only, in constant memory.
                h = header(prefix, config);
                long size = IoSupport.regularFileSize(in);
                long rest = size >= 0 ? size - prefix.length : input.transferTo(OutputStream.nullOutputStream());
                ciphertext = prefix.length + rest - (V2_FIXED + h.encLength());
            } else {
                long max = config.maxMessageBytes() * 2 + 1024 * 1024;
                long size = IoSupport.regularFileSize(in);
                if (size > max) {
                    throw new InvalidInputException(in + " is " + size + " bytes, more than the limit of " + max);
                }
                IoSupport.requireHeapFor(in == null ? "standard input" : in, size);
                byte[] more = input.readNBytes((int) Math.min(Integer.MAX_VALUE - 8, max + 1 - prefix.length));
                if (prefix.length + (long) more.length > max) {
                    throw new InvalidInputException((in == null || in.equals("-") ? "standard input" : in)
                            + " is more than the limit of " + max + " bytes");
                }
                byte[] all = Arrays.copyOf(prefix, prefix.length + more.length);
                System.arraycopy(more, 0, all, prefix.length, more.length);
                byte[] envelope = IoSupport.dearmor(all, "MESSAGE");
                h = header(envelope, config);
                ciphertext = h.ciphertextLength();
            }
        } catch (IOException e) {
            throw IoSupport.failure(in == null ? "standard input" : in, e);
        }
        PrintWriter out = spec.commandLine().getOut();
        if (json) {
            ObjectNode n = JsonMapper.builder().build().createObjectNode();
            n.put("version", h.version());
            n.put("kem", h.kem().name());
            n.put("kdf", h.kdf().name());
            n.put("aead", h.aead().name());
            n.put("recipientKeyId", h.recipientKeyId());
            n.put("encapsulationBytes", h.encLength());
            n.put("ciphertextBytes", ciphertext);
            n.put("recipientCount", h.recipientCount());
            var list = n.putArray("recipients");
            for (EnvelopeHeader.Recipient r : h.recipients()) {
                ObjectNode e = list.addObject();
                e.put("kem", r.kem().name());
                if (r.keyId().isPresent()) {
                    e.put("keyId", r.keyId().get());
                } else {
                    e.putNull("keyId");
                }
                e.put("encapsulationBytes", r.encLength());
            }
            out.println(n.toPrettyString());
        } else if (h.version() >= 3) {
            out.println("qsafe envelope v" + h.version() + ": " + h.recipientCount() + " recipient"
                    + (h.recipientCount() == 1 ? "" : "s") + "; " + h.kdf() + " / " + h.aead() + "; chunks "
                    + ciphertext + " bytes");
            for (EnvelopeHeader.Recipient r : h.recipients()) {
                out.println("  " + r.kem() + " key " + r.keyId().orElse("(hidden)"));
            }
        } else {
            out.println("qsafe envelope v" + h.version() + ": " + h.kem() + " / " + h.kdf() + " / " + h.aead());
            out.println("recipient key " + h.recipientKeyId() + "; encapsulation " + h.encLength()
                    + " bytes; ciphertext " + ciphertext + " bytes");
        }
    }

    private EnvelopeHeader header(byte[] envelope, QSafeConfig config) {
        try {
            // The header needs no engine: no provider discovery, no native library, unless an id is unknown
            // before discovery (a third-party provider's algorithm), and then through the full facade.
            return QSafe.readHeader(envelope, config.maxMessageBytes());
        } catch (UnsupportedAlgorithmException e) {
            return CommandSupport.qsafe(root).inspect(envelope);
        }
    }

    /** Binary (not armored) with the magic bytes and version 2. */
    private static boolean isVersion(byte[] prefix, int version) {
        return prefix.length > 4 && prefix[0] == 'q' && prefix[1] == 's' && prefix[2] == 'a' && prefix[3] == 'f'
                && prefix[4] == version;
    }
}
