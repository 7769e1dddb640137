package dev.qsafe.provider.hwaccel.internal;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * The CPU features that decide how fast native AES-GCM, GHASH and SHA-2 run, as the operating system
 * reports them: the {@code flags} line of {@code /proc/cpuinfo} on Linux (x86-64 names); "unknown"
 * everywhere else, since Java has no portable way to ask the CPU.
 *
 * @param source   where the answer came from, or why there is none
 * @param features each feature with {@code yes}, {@code no} or {@code unknown}, in a fixed order
 */
record CpuFeatures(String source, Map<String, String> features) {
    /** qsafe's name of each feature and the Linux x86 flag that reports it. */
    private static final Map<String, String> FLAGS = flags();

    private static Map<String, String> flags() {
        Map<String, String> m = new LinkedHashMap<>();
        m.put("AES-NI", "aes");
        m.put("VAES", "vaes");
        m.put("PCLMULQDQ", "pclmulqdq");
        m.put("AVX2", "avx2");
        m.put("AVX-512", "avx512f");
        m.put("SHA-NI", "sha_ni");
        return m;
    }

    /** The features of this machine, read once. */
    static final CpuFeatures CURRENT = read(System.getProperty("os.name", ""), Path.of("/proc/cpuinfo"));

    CpuFeatures {
        features = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(features));
    }

    /** Reads {@code cpuinfo} on Linux; any other OS, or an unreadable file, gives "unknown" for each feature. */
    static CpuFeatures read(String osName, Path cpuinfo) {
        if (!osName.toLowerCase(Locale.ROOT).startsWith("linux")) {
            return unknown("not reported on " + osName);
        }
        String text;
        try {
            text = Files.readString(cpuinfo, StandardCharsets.US_ASCII);
        } catch (IOException | RuntimeException e) {
            return unknown(cpuinfo + " unreadable (" + e.getClass().getSimpleName() + ")");
        }
        return parse(text, cpuinfo.toString());
    }

    /** The features in the first {@code flags} line of a cpuinfo text. */
    static CpuFeatures parse(String cpuinfo, String source) {
        for (String line : cpuinfo.split("\n")) {
            int colon = line.indexOf(':');
            if (colon > 0 && line.substring(0, colon).trim().equals("flags")) {
                Set<String> present = Arrays.stream(line.substring(colon + 1).trim().split("\\s+")).collect(Collectors.toSet());
                Map<String, String> out = new LinkedHashMap<>();
                FLAGS.forEach((name, flag) -> out.put(name, present.contains(flag) ? "yes" : "no"));
                return new CpuFeatures(source, out);
            }
        }
        return unknown(source + " has no x86 flags line");
    }

    private static CpuFeatures unknown(String why) {
        Map<String, String> out = new LinkedHashMap<>();
        FLAGS.keySet().forEach(name -> out.put(name, "unknown"));
        return new CpuFeatures(why, out);
    }

    /** One line, e.g. {@code CPU (/proc/cpuinfo): AES-NI yes, VAES no, ...}. */
    String describe() {
        return "CPU (" + source + "): " + features.entrySet().stream()
                .map(e -> e.getKey() + " " + e.getValue()).collect(Collectors.joining(", "));
    }
}
