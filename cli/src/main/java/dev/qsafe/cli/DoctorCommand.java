package dev.qsafe.cli;

import dev.qsafe.api.Algorithm;
import dev.qsafe.api.CryptoMode;
import dev.qsafe.runtime.config.QSafeConfig;
import dev.qsafe.runtime.registry.CryptoRegistry;
import dev.qsafe.runtime.registry.Profile;
import dev.qsafe.runtime.registry.ProviderStatus;
import dev.qsafe.runtime.registry.Selection;
import dev.qsafe.runtime.suite.Suite;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * {@code qsafe doctor}: for this machine and configuration, which engine runs each algorithm and why, what the
 * policy profile refuses and by which rule, whether each mode's suite can run, and what to install or enable for
 * native speed. Reads the registry's own answers ({@link CryptoRegistry#selection}, {@link CryptoRegistry#refusal}),
 * so it reports what an operation would do, not a second opinion.
 */
@Command(name = "doctor",
        mixinStandardHelpOptions = true,
        description = {"Explain this machine and configuration: per algorithm the engine that runs and why (weight, "
                + "self-test, native or not), what the active policy profile refuses and by which rule, whether each "
                + "mode's suite can run, and what to install or enable for native speed.",
                "Policy profiles: --profile cnsa2|fips|hybrid-min (or -Dqsafe.profile, QSAFE_PROFILE, \"profile\" in "
                + "the configuration file); see docs/POLICY.md."},
        footerHeading = "%nExamples:%n",
        footer = {"  qsafe doctor",
                "  qsafe --profile hybrid-min doctor",
                "  qsafe --profile cnsa2 doctor --json | jq '.algorithms[] | select(.refusedBy) | {algorithm, rule: .refusedBy.rule}'", "",
                "Exit codes:",
                "  0   the default mode's suite can run under this configuration (other findings are reported)",
                "  3   an algorithm of the default mode's suite has no usable engine",
                "  4   the configuration is invalid, or the policy profile refuses the default mode's suite"})
final class DoctorCommand implements Callable<Integer> {
    @Option(names = "--json", description = "Write one JSON document instead of text.")
    boolean json;

    @Spec
    CommandSpec spec;

    @picocli.CommandLine.ParentCommand
    QsafeCommand root;

    /** The native providers and what a machine needs for each. */
    private static final List<String> NATIVE = List.of("accp", "conscrypt");

    @Override
    public Integer call() {
        QSafeConfig config = CommandSupport.config(root);
        CryptoRegistry registry = CommandSupport.registry(root, config);
        ObjectNode report = report(config, registry, root.relaxations);
        PrintWriter out = spec.commandLine().getOut();
        if (json) {
            out.println(JsonMapper.builder().build().writerWithDefaultPrettyPrinter().writeValueAsString(report));
        } else {
            printText(out, report);
        }
        out.flush();
        return report.get("exitCode").asInt();
    }

    /** The whole report as JSON; the text form prints the same document. */
    static ObjectNode report(QSafeConfig config, CryptoRegistry registry, List<String> relaxations) {
        ObjectNode r = JsonMapper.builder().build().createObjectNode();
        ObjectNode c = r.putObject("configuration");
        c.put("source", config.source().map(Object::toString).orElse("defaults and system properties"));
        c.put("defaultMode", config.defaultMode().name());
        ArrayNode rel = c.putArray("relaxations");
        relaxations.forEach(rel::add);
        Optional<Profile> profile = registry.config().profile();
        if (profile.isPresent()) {
            ObjectNode p = r.putObject("profile");
            p.put("name", profile.get().id());
            ArrayNode rules = p.putArray("rules");
            for (Profile.Rule rule : profile.get().rules()) {
                ObjectNode n = rules.addObject().put("rule", rule.id()).put("description", rule.description());
                if (!rule.byName()) {
                    n.put("minNistCategory", rule.minCategory());
                } else {
                    ArrayNode admits = n.putArray("admits");
                    rule.allowed().stream().sorted().forEach(admits::add);
                }
            }
        } else {
            r.putNull("profile");
        }
        int exit = ExitCodes.OK;
        ArrayNode modes = r.putArray("modes");
        for (CryptoMode m : CryptoMode.values()) {
            Suite suite = config.suite(m);
            ObjectNode n = modes.addObject().put("mode", m.name()).put("suite", suite.name())
                    .put("default", m == config.defaultMode());
            Optional<String> refused = suite.algorithms().stream().flatMap(a -> registry.refusal(a)
                    .map(rule -> a.name() + " (rule " + rule.id() + ")").stream()).findFirst();
            List<String> missing = suite.algorithms().stream()
                    .filter(a -> registry.selection(a).selected().isEmpty()).map(Algorithm::name).toList();
            n.put("usable", refused.isEmpty() && missing.isEmpty());
            if (refused.isPresent()) {
                n.put("refusedBy", refused.get());
            } else {
                n.putNull("refusedBy");
            }
            ArrayNode miss = n.putArray("missingEngines");
            missing.forEach(miss::add);
            if (m == config.defaultMode()) {
                exit = refused.isPresent() ? ExitCodes.CONFIGURATION : missing.isEmpty() ? ExitCodes.OK : ExitCodes.UNSUPPORTED;
            }
        }
        ArrayNode algs = r.putArray("algorithms");
        for (Algorithm a : registry.algorithms().stream()
                .sorted(Comparator.comparing(Algorithm::kind).thenComparing(Algorithm::name)).toList()) {
            algs.add(algorithm(registry, a));
        }
        ArrayNode nat = r.putArray("native");
        for (String name : NATIVE) {
            nat.add(nativeAdvice(registry, name));
        }
        r.put("exitCode", exit);
        return r;
    }

    private static ObjectNode algorithm(CryptoRegistry registry, Algorithm a) {
        ObjectNode n = JsonMapper.builder().build().createObjectNode();
        n.put("algorithm", a.name());
        n.put("kind", a.kind().name().toLowerCase(Locale.ROOT));
        n.put("nistCategory", a.nistCategory());
        Selection s = registry.selection(a); // runs the self-test of the engine it selects
        if (s.selected().isPresent()) {
            Selection.Candidate top = s.candidates().getFirst();
            n.put("selected", top.provider());
            n.put("weight", top.weight());
            n.put("native", status(registry, top.provider()).map(ProviderStatus::hardwareBacked).orElse(false));
            n.put("selfTest", "passed");
            n.put("why", why(s, top));
        } else {
            n.putNull("selected");
            n.put("native", false);
            n.put("selfTest", s.skipped().isEmpty() ? "no engine" : "no engine passed");
            n.put("why", "no usable engine: " + (s.skipped().isEmpty() ? "no discovered provider implements it"
                    : String.join("; ", s.skipped().stream().map(k -> k.provider() + ": " + k.note()).toList())));
        }
        ArrayNode notUsed = n.putArray("notUsed");
        s.skipped().forEach(k -> notUsed.addObject().put("provider", k.provider()).put("weight", k.weight()).put("reason", k.note()));
        Optional<Profile.Rule> refusal = registry.refusal(a);
        if (refusal.isPresent()) {
            n.putObject("refusedBy").put("rule", refusal.get().id()).put("description", refusal.get().description());
        } else {
            n.putNull("refusedBy");
        }
        return n;
    }

    private static String why(Selection s, Selection.Candidate top) {
        if (s.pinnedTo().isPresent()) {
            return "pinned to " + s.pinnedTo().get() + " (" + dev.qsafe.runtime.registry.RegistryConfig.PIN_PROPERTY + ")";
        }
        StringBuilder w = new StringBuilder("highest weight (" + top.weight() + ")");
        List<String> below = new ArrayList<>();
        s.candidates().stream().skip(1).forEach(c -> below.add(c.provider() + " " + c.weight()));
        w.append(below.isEmpty() ? ", the only candidate" : " over " + String.join(", ", below));
        List<String> failed = s.skipped().stream().filter(k -> k.weight() > top.weight()).map(k -> k.provider() + " (" + k.note() + ")").toList();
        if (!failed.isEmpty()) {
            w.append("; above it, not used: ").append(String.join("; ", failed));
        }
        return w.append("; passed its known-answer self-test").toString();
    }

    private static Optional<ProviderStatus> status(CryptoRegistry registry, String provider) {
        return registry.providers().stream().filter(p -> p.name().equals(provider)).findFirst();
    }

    /** Whether a native provider runs here and, if not, what would make it run. */
    private static ObjectNode nativeAdvice(CryptoRegistry registry, String name) {
        ObjectNode n = JsonMapper.builder().build().createObjectNode().put("provider", name);
        Optional<ProviderStatus> st = status(registry, name);
        if (st.isEmpty()) {
            n.put("state", "absent");
            n.put("reason", "no provider '" + name + "' was discovered");
            n.put("advice", "put the qsafe-provider-hwaccel module and its engine jar ("
                    + (name.equals("accp") ? "software.amazon.cryptools:AmazonCorrettoCryptoProvider, classifier linux-x86_64"
                    : "org.conscrypt:conscrypt-openjdk-uber") + ") on the module path (docs/PROVIDERS.md, \"The native providers\")");
            return n;
        }
        ProviderStatus p = st.get();
        String state = p.state().name().toLowerCase(Locale.ROOT);
        n.put("state", state);
        n.put("reason", p.reason());
        String reason = p.reason();
        String advice;
        if (p.state() == ProviderStatus.State.ACTIVE) {
            advice = "native engine loaded: nothing to do";
        } else if (reason.contains("-Dqsafe.hwaccel.native=false")) {
            advice = "remove -Dqsafe.hwaccel.native=false (from JAVA_TOOL_OPTIONS or QSAFE_JAVA_OPTS) to load the native library";
        } else if (reason.contains("native access is not enabled")) {
            advice = "start the JVM with --enable-native-access=org.conscrypt,com.amazon.corretto.crypto.provider"
                    + " (./qsafe does; class path: --enable-native-access=ALL-UNNAMED)";
        } else if (reason.contains("ships native code for")) {
            advice = "no native build of this engine for this platform: the pure-Java engines run";
        } else if (p.state() == ProviderStatus.State.EXCLUDED) {
            advice = "excluded by configuration: remove it from " + dev.qsafe.runtime.registry.RegistryConfig.EXCLUDE_PROPERTY
                    + " or providers.exclude to use it";
        } else {
            advice = "see the reason; docs/PROVIDERS.md, \"Availability\", lists what a native provider needs";
        }
        n.put("advice", advice);
        return n;
    }

    private static void printText(PrintWriter out, ObjectNode r) {
        ObjectNode c = (ObjectNode) r.get("configuration");
        out.println("Configuration: " + c.get("source").asString() + "; default mode " + c.get("defaultMode").asString());
        c.get("relaxations").forEach(x -> out.println("  relaxes policy: " + Text.oneLine(x.asString())));
        if (r.get("profile").isNull()) {
            out.println("Policy profile: none (turn one on with --profile cnsa2|fips|hybrid-min; docs/POLICY.md)");
        } else {
            out.println("Policy profile: " + r.get("profile").get("name").asString());
            r.get("profile").get("rules").forEach(x -> out.println("  " + x.get("rule").asString() + ": "
                    + x.get("description").asString() + (x.has("admits") ? (x.get("admits").isEmpty() ? " (admits nothing)" : " (admits " + join(x.get("admits")) + ")")
                    : " (NIST category " + x.get("minNistCategory").asInt() + " or more)")));
        }
        out.println();
        out.println("Modes");
        TextTable modes = new TextTable("mode", "suite", "default", "usable", "why not");
        r.get("modes").forEach(m -> modes.row(m.get("mode").asString(), m.get("suite").asString(),
                m.get("default").asBoolean() ? "yes" : "", m.get("usable").asBoolean() ? "yes" : "no",
                !m.get("refusedBy").isNull() ? "refused: " + m.get("refusedBy").asString()
                        : m.get("missingEngines").isEmpty() ? "" : "no engine: " + join(m.get("missingEngines"))));
        modes.print(out);
        out.println();
        out.println("Algorithms: the engine that runs and why");
        TextTable algs = new TextTable("algorithm", "kind", "engine", "native", "profile", "why");
        r.get("algorithms").forEach(a -> algs.row(a.get("algorithm").asString(), a.get("kind").asString(),
                a.get("selected").isNull() ? "NONE" : a.get("selected").asString() + " (" + a.get("weight").asInt() + ")",
                a.get("native").asBoolean() ? "yes" : "no",
                a.get("refusedBy").isNull() ? "allowed" : "refused (" + a.get("refusedBy").get("rule").asString() + ")",
                a.get("why").asString()));
        algs.print(out);
        out.println();
        out.println("Native speed");
        r.get("native").forEach(n -> {
            out.println("  " + n.get("provider").asString() + ": " + n.get("state").asString() + " - " + Text.oneLine(n.get("reason").asString()));
            out.println("    -> " + n.get("advice").asString());
        });
        out.println();
        out.println("Exit code: " + r.get("exitCode").asInt());
    }

    private static String join(tools.jackson.databind.JsonNode array) {
        List<String> s = new ArrayList<>();
        array.forEach(x -> s.add(x.asString()));
        return String.join(", ", s);
    }
}
