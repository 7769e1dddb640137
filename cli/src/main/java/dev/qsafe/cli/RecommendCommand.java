package dev.qsafe.cli;

import dev.qsafe.adaptive.AdaptiveConfig;
import dev.qsafe.adaptive.AdaptiveInputs.Device;
import dev.qsafe.adaptive.AdaptiveInputs.Network;
import dev.qsafe.adaptive.AdaptiveInputs.ObservedLatencies;
import dev.qsafe.adaptive.AdaptiveInputs;
import dev.qsafe.adaptive.AdaptiveSelector;
import dev.qsafe.adaptive.CryptoBenchmark;
import dev.qsafe.adaptive.DeviceClass;
import dev.qsafe.adaptive.Recommendation;
import dev.qsafe.api.CryptoMode;
import dev.qsafe.runtime.QSafe;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/** {@code qsafe recommend}: the adaptive recommendation for this machine, with the inputs it read. */
@Command(name = "recommend",
        mixinStandardHelpOptions = true,
        description = {"Recommend a mode for this machine and the given network: reads CPU load and memory from the JVM, "
                + "battery, charging, temperature and device class from /sys on Linux (unknown elsewhere), takes network "
                + "conditions from the options or the configuration's adaptive.network (unknown otherwise), and prints the "
                + "mode, its suite, a confidence in 0..1 and the reasons.",
                "Never below the floor (--floor, else adaptive.floor) nor a suite the policy refuses; unknown inputs lower "
                + "the confidence. The rules and thresholds are in docs/ADAPTIVE.md."},
        footerHeading = "%nExamples:%n",
        footer = {"  qsafe recommend", "  qsafe recommend --bandwidth 0.2 --rtt 600 --loss 3 --metered --floor classical",
                "  qsafe recommend --bandwidth 1000 --rtt 2 --metered=false --floor hybrid --measure --json", "",
                ExitCodes.HELP, "  (4 also when the floor and the policy leave no mode to recommend)"})
final class RecommendCommand implements Runnable {
    @Option(names = "--bandwidth", paramLabel = "MBPS", description = "Available bandwidth in Mbit/s.")
    Double bandwidth;

    @Option(names = "--rtt", paramLabel = "MS", description = "Round-trip time in milliseconds.")
    Double rtt;

    @Option(names = "--loss", paramLabel = "PERCENT", description = "Packet loss in percent (0..100).")
    Double loss;

    @Option(names = "--metered", arity = "0..1", paramLabel = "BOOL", fallbackValue = "true",
            description = "The link is paid per byte (--metered or --metered=false).")
    Boolean metered;

    @Option(names = "--floor", paramLabel = "MODE", converter = ModeConverter.class,
            description = "The lowest mode that may be recommended (default: adaptive.floor of the configuration, else hybrid; classical must be asked for).")
    CryptoMode floor;

    @Option(names = "--device-class", paramLabel = "CLASS", converter = DeviceClassConverter.class,
            description = "Override the device class read from the system: server, desktop, laptop, mobile, embedded, unknown.")
    DeviceClass deviceClass;

    @Option(names = "--measure", description = "Run a short benchmark first and use its seal/open latencies as observed latencies.")
    boolean measure;

    @Option(names = "--iterations", paramLabel = "N", defaultValue = "20",
            description = "Timed iterations per operation for --measure (default: ${DEFAULT-VALUE}).")
    int iterations;

    @Option(names = "--probe-root", paramLabel = "DIR",
            description = "Read sys/... and proc/... under DIR instead of / (containers, tests).")
    Path probeRoot;

    @Option(names = "--json", description = "Write JSON instead of text.")
    boolean json;

    @Spec
    CommandSpec spec;

    @picocli.CommandLine.ParentCommand
    QsafeCommand root;

    @Override
    public void run() {
        if (iterations < 1 || iterations > 100_000) {
            throw new ParameterException(spec.commandLine(), "--iterations must be 1..100000");
        }
        Network given;
        try {
            given = new Network(bandwidth, rtt, loss, metered);
        } catch (dev.qsafe.api.InvalidInputException e) {
            throw new ParameterException(spec.commandLine(), e.getMessage());
        }
        QSafe qsafe = CommandSupport.qsafe(root);
        AdaptiveConfig config = AdaptiveConfig.from(qsafe.config());
        Device probed = probeRoot != null ? Device.probe(probeRoot) : Device.probe();
        Device device = deviceClass == null ? probed : new Device(probed.batteryPercent(), probed.externalPower(),
                probed.cpuLoad(), probed.memoryPressure(), probed.temperatureCelsius(), deviceClass);
        ObservedLatencies latencies = ObservedLatencies.NONE;
        if (measure) {
            Progress progress = Progress.forTerminal(spec.commandLine().getErr(),
                    CryptoMode.values().length * CryptoBenchmark.Operation.values().length);
            CryptoBenchmark.Report report = CryptoBenchmark.newBuilder(qsafe).iterations(iterations)
                    .warmupIterations(Math.max(1, iterations / 4)).progress(progress::step).build().run();
            progress.done();
            latencies = ObservedLatencies.fromBenchmark(report);
        }
        AdaptiveInputs inputs = AdaptiveInputs.of(qsafe, config, given, device, latencies);
        if (floor != null) {
            inputs = inputs.withFloor(floor);
        }
        Recommendation r = new AdaptiveSelector(config).recommend(inputs);
        PrintWriter out = spec.commandLine().getOut();
        List<String[]> rows = inputRows(r, given, config.network(), probeRoot != null, deviceClass != null, measure);
        if (json) {
            out.println(JsonMapper.builder().build().writerWithDefaultPrettyPrinter().writeValueAsString(toJson(r, rows)));
            return;
        }
        out.println("Recommended mode: " + r.mode() + " (suite " + r.suite().name() + "), confidence "
                + String.format(Locale.ROOT, "%.2f", r.confidence()));
        out.println("floor " + r.inputs().floor() + "; allowed: " + r.candidates() + "; pressure " + r.pressure()
                + " point(s), economize at " + config.thresholds().economizeAt());
        out.println();
        out.println("Reasons:");
        r.reasons().forEach(s -> out.println("  - " + s));
        out.println();
        out.println("Inputs:");
        TextTable t = new TextTable("input", "value", "source");
        rows.forEach(row -> t.row((Object[]) row));
        t.print(out);
    }

    /** (name, value, source) per input; source is option, config, system, measured or unknown. */
    private static List<String[]> inputRows(Recommendation r, Network given, Network configured, boolean fakeRoot,
                                            boolean classGiven, boolean measured) {
        Network n = r.inputs().network();
        Device d = r.inputs().device();
        List<String[]> rows = new ArrayList<>();
        rows.add(row("bandwidth", n.bandwidthMbps(), " Mbit/s", netSource(given.bandwidthMbps(), configured.bandwidthMbps())));
        rows.add(row("rtt", n.rttMs(), " ms", netSource(given.rttMs(), configured.rttMs())));
        rows.add(row("loss", n.lossPercent(), " %", netSource(given.lossPercent(), configured.lossPercent())));
        rows.add(row("metered", n.metered(), "", netSource(given.metered(), configured.metered())));
        String sys = fakeRoot ? "system (--probe-root)" : "system";
        rows.add(row("battery", d.batteryPercent(), " %", d.batteryPercent() == null ? "unknown" : sys));
        rows.add(row("externalPower", d.externalPower(), "", d.externalPower() == null ? "unknown" : sys));
        rows.add(row("cpuLoad", d.cpuLoad() == null ? null : round(d.cpuLoad()), "", d.cpuLoad() == null ? "unknown" : "system"));
        rows.add(row("memoryPressure", d.memoryPressure() == null ? null : round(d.memoryPressure()), "",
                d.memoryPressure() == null ? "unknown" : "system"));
        rows.add(row("temperature", d.temperatureCelsius(), " C", d.temperatureCelsius() == null ? "unknown" : sys));
        rows.add(new String[] {"deviceClass", d.deviceClass().name(),
                classGiven ? "option" : d.deviceClass() == DeviceClass.UNKNOWN ? "unknown" : sys});
        for (CryptoMode m : CryptoMode.values()) {
            var s = r.inputs().latencies().byMode().get(m);
            rows.add(new String[] {"latency " + m, s == null ? "unknown"
                    : String.format(Locale.ROOT, "seal %s us, open %s us (medians of %d)",
                    BenchCommand.micros(median(s.sealNanos())), BenchCommand.micros(median(s.openNanos())), s.sealNanos().size()),
                    s == null ? (measured ? "not measured (no engine or refused)" : "unknown (use --measure)") : "measured"});
        }
        return rows;
    }

    private static long median(List<Long> l) {
        long[] a = l.stream().mapToLong(Long::longValue).sorted().toArray();
        return a.length == 0 ? 0 : a[(a.length - 1) / 2];
    }

    private static double round(double v) {
        return Math.round(v * 1000) / 1000.0;
    }

    private static String netSource(Object given, Object configured) {
        return given != null ? "option" : configured != null ? "config" : "unknown";
    }

    private static String[] row(String name, Object value, String unit, String source) {
        return new String[] {name, value == null ? "unknown" : value + unit, source};
    }

    private static ObjectNode toJson(Recommendation r, List<String[]> rows) {
        JsonMapper mapper = JsonMapper.builder().build();
        ObjectNode root = mapper.createObjectNode();
        root.put("mode", r.mode().name());
        root.put("suite", r.suite().name());
        root.put("confidence", r.confidence());
        root.put("pressure", r.pressure());
        root.put("floor", r.inputs().floor().name());
        var c = root.putArray("candidates");
        r.candidates().forEach(m -> c.add(m.name()));
        var reasons = root.putArray("reasons");
        r.reasons().forEach(reasons::add);
        var unknowns = root.putArray("unknowns");
        r.unknowns().forEach(unknowns::add);
        ObjectNode in = root.putObject("inputs");
        Network n = r.inputs().network();
        Device d = r.inputs().device();
        putNumber(in, "bandwidthMbps", n.bandwidthMbps());
        putNumber(in, "rttMs", n.rttMs());
        putNumber(in, "lossPercent", n.lossPercent());
        putBool(in, "metered", n.metered());
        putNumber(in, "batteryPercent", d.batteryPercent() == null ? null : d.batteryPercent().doubleValue());
        putBool(in, "externalPower", d.externalPower());
        putNumber(in, "cpuLoad", d.cpuLoad());
        putNumber(in, "memoryPressure", d.memoryPressure());
        putNumber(in, "temperatureCelsius", d.temperatureCelsius());
        in.put("deviceClass", d.deviceClass().name());
        ObjectNode lat = in.putObject("latencies");
        r.inputs().latencies().byMode().forEach((m, s) -> {
            ObjectNode o = lat.putObject(m.name());
            o.put("sealMedianNanos", median(s.sealNanos()));
            o.put("openMedianNanos", median(s.openNanos()));
            o.put("samples", s.sealNanos().size());
        });
        ObjectNode sources = root.putObject("sources");
        for (String[] row : rows) {
            sources.put(row[0], row[2]);
        }
        return root;
    }

    private static void putNumber(ObjectNode o, String k, Double v) {
        if (v == null) {
            o.putNull(k);
        } else {
            o.put(k, v);
        }
    }

    private static void putBool(ObjectNode o, String k, Boolean v) {
        if (v == null) {
            o.putNull(k);
        } else {
            o.put(k, v);
        }
    }

    /** Device class names, case-insensitively. */
    static final class DeviceClassConverter implements picocli.CommandLine.ITypeConverter<DeviceClass> {
        @Override
        public DeviceClass convert(String value) {
            try {
                return DeviceClass.valueOf(value.trim().toUpperCase(Locale.ROOT));
            } catch (IllegalArgumentException e) {
                throw new picocli.CommandLine.TypeConversionException("unknown device class '" + value
                        + "': use server, desktop, laptop, mobile, embedded or unknown");
            }
        }
    }
}
