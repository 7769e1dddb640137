package dev.qsafe.cli;

import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ScopeType;

/** The {@code qsafe} root command. */
@Command(name = "qsafe",
        mixinStandardHelpOptions = true,
        versionProvider = VersionProvider.class,
        description = "Quantum-safe message cryptography: classical, hybrid and post-quantum modes from pluggable providers.",
        footerHeading = "%nExamples:%n",
        footer = {"  qsafe demo                                        Alice-to-Bob sealed messages in every mode",
                "  qsafe keygen --mode hybrid -o alice.id             a new identity (alice.id + alice.id.pub)",
                "  qsafe seal --to bob.id.pub --from alice.id msg.txt -o msg.qsafe",
                "  qsafe open --id bob.id --from alice.id.pub msg.qsafe",
                "  qsafe key show bob.id.pub                          name, keys and fingerprint of a public identity",
                "  qsafe rewrap --id old.id --to new.id --from alice.id.pub archive/   classical envelopes re-sealed post-quantum",
                "  qsafe providers --json                             providers and the engine chosen per algorithm",
                "  qsafe --provider-path plugins/ providers           with the provider modules in plugins/ too",
                "  qsafe status --probe                               engines, caches, pool and measured latencies",
                "  qsafe session --help                               a forward-secret session through files (bundle, init, send, receive)",
                "  qsafe vectors ../shared/vectors                    published test vectors on every engine",
                "  qsafe bench --html report.html                     a quick per-mode benchmark with charts",
                "  qsafe recommend --bandwidth 0.2 --metered          the mode for this machine and link, with reasons",
                "  qsafe relay --port 8080 --storage sqlite:relay.db  a store-and-forward relay (docs/RELAY.md)", "",
                ExitCodes.HELP})
public final class QsafeCommand implements Runnable {
    /**
     * The subcommands, in the order of the help listing. Not in the annotation: {@link Main} adds only
     * the one a command line names (building every command's model by reflection costs start-up time),
     * and all of them for help, version and any line it cannot place.
     */
    static final java.util.List<Class<?>> SUBCOMMANDS = java.util.List.of(DemoCommand.class, KeygenCommand.class,
            SealCommand.class, OpenCommand.class, SignCommand.class, VerifyCommand.class, InspectCommand.class,
            KeyCommand.class, RewrapCommand.class, ProvidersCommand.class, StatusCommand.class, DoctorCommand.class, VectorsCommand.class,
            SessionCommand.class,
            BenchCommand.class, RecommendCommand.class, RelayCommand.class, InviteCommand.class, ContactCommand.class, SendCommand.class,
            ReceiveCommand.class,
            picocli.CommandLine.HelpCommand.class);

    /** Root options that take a value (their value is not a command name). */
    private static final java.util.Set<String> OPTIONS_WITH_VALUE = java.util.Set.of("--config", "--profile", "--provider-path");

    /**
     * The subcommand class {@code args} names, or empty if it names none, names help, asks for the root's
     * help or version, or cannot be placed (then every subcommand is added, and picocli reports and
     * suggests as before).
     */
    static java.util.Optional<Class<?>> named(String... args) {
        for (int i = 0; i < args.length; i++) {
            String a = args[i];
            if (a.equals("--") || rootHelpOrVersion(a)) {
                // "qsafe --help seal" shows the root's help, which lists every command
                return java.util.Optional.empty();
            }
            if (OPTIONS_WITH_VALUE.contains(a)) {
                i++;
                continue;
            }
            if (a.startsWith("-")) {
                continue;
            }
            for (Class<?> c : SUBCOMMANDS) {
                picocli.CommandLine.Command cmd = c.getAnnotation(picocli.CommandLine.Command.class);
                if (cmd != null && !c.equals(picocli.CommandLine.HelpCommand.class)
                        && (cmd.name().equals(a) || java.util.Arrays.asList(cmd.aliases()).contains(a))) {
                    return java.util.Optional.of(c);
                }
            }
            return java.util.Optional.empty();
        }
        return java.util.Optional.empty();
    }

    /** The root's -h/--help and -V/--version, alone or in a cluster of short options. */
    private static boolean rootHelpOrVersion(String a) {
        return a.equals("--help") || a.equals("--version")
                || (a.startsWith("-") && !a.startsWith("--") && (a.indexOf('h') > 0 || a.indexOf('V') > 0));
    }

    /**
     * Whether {@code args} holds root options only, no command word (as in {@code qsafe}, {@code qsafe --help},
     * {@code qsafe --version}, {@code qsafe --verbose}): then the only use of the subcommands is the root's
     * command list, and {@link #listing} stands in for each of them.
     */
    static boolean rootOnly(String... args) {
        for (int i = 0; i < args.length; i++) {
            String a = args[i];
            if (OPTIONS_WITH_VALUE.contains(a)) {
                i++;
            } else if (!a.startsWith("-") || a.equals("--") || a.equals("-")) {
                return false;
            }
        }
        return true;
    }

    /**
     * What the root's command list shows of subcommand {@code c}, read from its {@code @Command} annotation
     * alone: name, aliases, header, description and whether it is hidden; no options, no parameters. Building
     * a command's full model reflects over all its fields and methods (and loads the classes they name):
     * for the root's help or version, that is most of picocli's work. {@code QsafeCommandTest} checks that
     * the root's help is the same, character for character, with these as with the full models.
     */
    static picocli.CommandLine.Model.CommandSpec listing(Class<?> c) {
        picocli.CommandLine.Command cmd = c.getAnnotation(picocli.CommandLine.Command.class);
        picocli.CommandLine.Model.CommandSpec spec = picocli.CommandLine.Model.CommandSpec.create()
                .name(cmd.name()).aliases(cmd.aliases());
        spec.usageMessage().header(cmd.header()).description(cmd.description()).hidden(cmd.hidden());
        return spec;
    }

    @Option(names = "--verbose", scope = ScopeType.INHERIT, description = "Print stack traces on errors.")
    boolean verbose;

    @Option(names = "--config", scope = ScopeType.INHERIT, paramLabel = "FILE",
            description = "A JSON configuration file (default: the qsafe.config system property, if set).")
    java.nio.file.Path config;

    @Option(names = "--profile", scope = ScopeType.INHERIT, paramLabel = "NAME",
            description = "Policy profile: cnsa2, fips, hybrid-min or none (also QSAFE_PROFILE, -Dqsafe.profile, \"profile\" "
                    + "in the configuration file; this option wins). Refuses every other algorithm, naming the rule (docs/POLICY.md).")
    String profile;

    @Option(names = "--provider-path", scope = ScopeType.INHERIT, paramLabel = "PATH",
            description = "Provider plug-ins: folders of modules or jars, separated by '${sys:path.separator}' "
                    + "(also QSAFE_MODULE_PATH, -Dqsafe.provider.path, and the folder ~/.qsafe/providers if it exists).")
    String providerPath;

    @picocli.CommandLine.Spec
    picocli.CommandLine.Model.CommandSpec spec;

    /** The plug-in layer, loaded once per run (CommandSupport.plugins). */
    Plugins.Loaded plugins;

    /** What the configuration relaxes (CommandSupport.config), for {@code qsafe status}. */
    java.util.List<String> relaxations = java.util.List.of();
    /** Whether that was reported on the error stream in this run (once per run). */
    boolean relaxationsReported;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }
}
