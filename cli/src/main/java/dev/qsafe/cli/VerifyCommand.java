package dev.qsafe.cli;

import dev.qsafe.runtime.QSafe;
import dev.qsafe.runtime.keys.PublicIdentity;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/** {@code qsafe verify}: check a detached signature. */
@Command(name = "verify",
        mixinStandardHelpOptions = true,
        description = "Check that SIG is the signer's signature of IN (default: standard input). Exit code 0 if valid, 1 if not.",
        footerHeading = "%nExamples:%n",
        footer = {"  qsafe verify --from alice.id.pub --signature release.tar.gz.sig release.tar.gz", "", ExitCodes.HELP})
final class VerifyCommand implements Runnable {
    @ParentCommand
    QsafeCommand root;

    @Spec
    CommandSpec spec;

    @Option(names = "--from", paramLabel = "PUB", required = true, description = "The signer's public identity file.")
    String from;

    @Option(names = {"-s", "--signature"}, paramLabel = "SIG", required = true, description = "The signature file (binary or --armor text).")
    String signature;

    @Parameters(index = "0", arity = "0..1", paramLabel = "IN", description = "What was signed (default: standard input).")
    String in;

    @Override
    public void run() {
        QSafe qsafe = CommandSupport.qsafe(root);
        PublicIdentity signer = IdentityIo.readPublic(qsafe, from);
        byte[] sig = IoSupport.dearmor(IoSupport.read(signature, 1024 * 1024, CommandSupport.stdin()), "SIGNATURE");
        byte[] data = IoSupport.read(in, qsafe.config().maxMessageBytes(), CommandSupport.stdin());
        qsafe.verify(data, sig, signer);
        spec.commandLine().getErr().println("qsafe: good signature by " + Text.escape(signer.name()) + " ("
                + signer.signature().algorithm() + ", fingerprint " + signer.fingerprint() + ")");
    }
}
