package dev.qsafe.cli;

import dev.qsafe.api.Algorithm;
import dev.qsafe.runtime.registry.CryptoRegistry;
import dev.qsafe.runtime.registry.ProviderStatus;
import dev.qsafe.runtime.registry.RegistryConfig;
import dev.qsafe.runtime.registry.Selection;
import java.io.PrintWriter;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/** {@code qsafe providers}: every discovered provider, its algorithms and weights, and the engine chosen per algorithm. */
@Command(name = "providers",
        mixinStandardHelpOptions = true,
        description = {"List every discovered provider (with its state and why), its algorithms and weights, "
                + "and which engine is selected for each algorithm.",
                "Pin or exclude providers with -Dqsafe.provider.pin=ALG=provider,... and -Dqsafe.provider.exclude=name,... "
                + "(pass them through JAVA_TOOL_OPTIONS or QSAFE_JAVA_OPTS with ./qsafe)."},
        footerHeading = "%nExamples:%n",
        footer = {"  qsafe providers",
                "  qsafe providers --json | jq '.algorithms[] | {algorithm, selected}'",
                "  QSAFE_JAVA_OPTS=-Dqsafe.provider.exclude=bc-classical qsafe providers", "",
                ExitCodes.HELP})
final class ProvidersCommand implements Runnable {
    @Option(names = "--json", description = "Write JSON instead of tables.")
    boolean json;

    @Spec
    CommandSpec spec;

    @picocli.CommandLine.ParentCommand
    QsafeCommand root;

    @Override
    public void run() {
        CryptoRegistry registry = CommandSupport.qsafe(root).registry();
        Plugins.Loaded plugins = CommandSupport.plugins(root);
        PrintWriter out = spec.commandLine().getOut();
        if (registry.providers().isEmpty()) {
            PrintWriter err = spec.commandLine().getErr();
            err.println("qsafe: warning: no provider was found; looked in " + Text.oneLine(registry.searched())
                    + "; " + Text.oneLine(plugins.describe()));
            err.flush();
        }
        if (json) {
            ObjectNode node = toJson(registry);
            node.put("searched", registry.searched());
            node.put("plugins", plugins.describe());
            out.println(JsonMapper.builder().build().writerWithDefaultPrettyPrinter().writeValueAsString(node));
            return;
        }
        out.println("Looked in: " + Text.oneLine(registry.searched()));
        out.println("Plug-ins: " + Text.oneLine(plugins.describe()));
        out.println();
        out.println("Providers");
        TextTable providers = new TextTable("name", "state", "module", "origin", "hw", "algorithms (weight)", "note");
        for (ProviderStatus p : registry.providers()) {
            providers.row(p.name(), p.state().name().toLowerCase(Locale.ROOT), p.module(), p.builtIn() ? "qsafe" : "third-party",
                    p.hardwareBacked() ? "yes" : "no", weights(p.weights()), p.reason());
        }
        providers.print(out);
        out.println();
        out.println("Trust policy: " + (registry.config().allowed().isEmpty()
                ? "any provider that passes its self-tests (" + RegistryConfig.ALLOW_PROPERTY + " unset)"
                : "only " + String.join(", ", registry.config().allowed()) + " (" + RegistryConfig.ALLOW_PROPERTY + ")"));
        for (String notice : registry.notices()) {
            out.println("Notice: " + notice);
        }
        out.println();
        out.println("Selected engine per algorithm: the engine actually used, after its self-test (highest weight first)");
        TextTable algs = new TextTable("algorithm", "kind", "selected", "candidates", "not used");
        for (Algorithm a : sorted(registry)) {
            Selection s = registry.selection(a);
            algs.row(a.name(), a.kind().name().toLowerCase(Locale.ROOT),
                    s.selected().orElse("NONE") + s.pinnedTo().map(p -> " (pinned)").orElse(""),
                    String.join(", ", s.candidates().stream().map(c -> c.provider() + " " + c.weight()).toList()),
                    String.join("; ", s.skipped().stream().map(c -> c.provider() + ": " + c.note()).toList()));
        }
        algs.print(out);
    }

    private static List<Algorithm> sorted(CryptoRegistry registry) {
        return registry.algorithms().stream()
                .sorted(Comparator.comparing(Algorithm::kind).thenComparing(Algorithm::name))
                .toList();
    }

    private static String weights(Map<Algorithm, Integer> weights) {
        return String.join(", ", weights.entrySet().stream()
                .sorted(Map.Entry.comparingByKey(Comparator.comparing(Algorithm::kind).thenComparing(Algorithm::name)))
                .map(e -> e.getKey().name() + " (" + e.getValue() + ")").toList());
    }

    static ObjectNode toJson(CryptoRegistry registry) {
        JsonMapper mapper = JsonMapper.builder().build();
        ObjectNode root = mapper.createObjectNode();
        ArrayNode providers = root.putArray("providers");
        for (ProviderStatus p : registry.providers()) {
            ObjectNode n = providers.addObject();
            n.put("name", p.name());
            n.put("description", p.description());
            n.put("module", p.module());
            n.put("state", p.state().name().toLowerCase(Locale.ROOT));
            n.put("reason", p.reason());
            n.put("hardwareBacked", p.hardwareBacked());
            n.put("builtIn", p.builtIn());
            ObjectNode w = n.putObject("weights");
            // In a stable order (the provider's map has none), as in the table.
            p.weights().entrySet().stream()
                    .sorted(Map.Entry.comparingByKey(Comparator.comparing(Algorithm::kind).thenComparing(Algorithm::name)))
                    .forEach(e -> w.put(e.getKey().name(), e.getValue()));
        }
        ArrayNode allowed = root.putArray("allowedProviders");
        registry.config().allowed().forEach(allowed::add);
        ArrayNode notices = root.putArray("notices");
        registry.notices().forEach(notices::add);
        ArrayNode algs = root.putArray("algorithms");
        for (Algorithm a : sorted(registry)) {
            Selection s = registry.selection(a);
            ObjectNode n = algs.addObject();
            n.put("algorithm", a.name());
            n.put("kind", a.kind().name());
            n.put("nistCategory", a.nistCategory());
            if (a.hpkeId() >= 0) {
                n.put("hpkeId", String.format("0x%04X", a.hpkeId()));
            }
            if (s.selected().isPresent()) {
                n.put("selected", s.selected().get());
            } else {
                n.putNull("selected");
            }
            s.pinnedTo().ifPresent(p -> n.put("pinnedTo", p));
            ArrayNode c = n.putArray("candidates");
            s.candidates().forEach(x -> c.addObject().put("provider", x.provider()).put("weight", x.weight()));
            ArrayNode k = n.putArray("notUsed");
            s.skipped().forEach(x -> k.addObject().put("provider", x.provider()).put("weight", x.weight()).put("reason", x.note()));
        }
        return root;
    }
}
