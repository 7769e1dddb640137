package dev.qsafe.cli;

import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ScopeType;

/** The {@code qsafe} root command. */
@Command(name = "qsafe",
        mixinStandardHelpOptions = true,
        versionProvider = VersionProvider.class,
        description = "Quantum-safe message cryptography: classical, hybrid and post-quantum modes from pluggable providers.",
        subcommands = {ProvidersCommand.class, DemoCommand.class, picocli.CommandLine.HelpCommand.class},
        footerHeading = "%nExamples:%n",
        footer = {"  qsafe demo              round-trip KEM + AEAD + signature in every mode",
                "  qsafe providers --json  list providers and the engine chosen per algorithm", "",
                ExitCodes.HELP})
public final class QsafeCommand implements Runnable {
    @Option(names = "--verbose", scope = ScopeType.INHERIT, description = "Print stack traces on errors.")
    boolean verbose;

    @picocli.CommandLine.Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }
}
