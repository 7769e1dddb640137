package dev.qsafe.cli;

import dev.qsafe.api.UnsupportedAlgorithmException;
import dev.qsafe.runtime.QSafe;
import dev.qsafe.runtime.config.QSafeConfig;
import dev.qsafe.runtime.envelope.EnvelopeHeader;
import java.io.PrintWriter;
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

    @Override
    public void run() {
        QSafeConfig config = CommandSupport.config(root);
        byte[] envelope = IoSupport.dearmor(IoSupport.read(in, config.maxMessageBytes() * 2 + 1024 * 1024,
                CommandSupport.stdin()), "MESSAGE");
        EnvelopeHeader h;
        try {
            // The header needs no engine: no provider discovery, no native library, unless an id is unknown
            // before discovery (a third-party provider's algorithm), and then through the full facade.
            h = QSafe.readHeader(envelope, config.maxMessageBytes());
        } catch (UnsupportedAlgorithmException e) {
            h = CommandSupport.qsafe(root).inspect(envelope);
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
            n.put("ciphertextBytes", h.ciphertextLength());
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
                    + h.ciphertextLength() + " bytes");
            for (EnvelopeHeader.Recipient r : h.recipients()) {
                out.println("  " + r.kem() + " key " + r.keyId().orElse("(hidden)"));
            }
        } else {
            out.println("qsafe envelope v" + h.version() + ": " + h.kem() + " / " + h.kdf() + " / " + h.aead());
            out.println("recipient key " + h.recipientKeyId() + "; encapsulation " + h.encLength()
                    + " bytes; ciphertext " + h.ciphertextLength() + " bytes");
        }
    }
}
