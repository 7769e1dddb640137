package dev.qsafe.benchmarks;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** What the figures were measured on: CPU model, cores, the CPU flags that matter to crypto, OS and JDK. */
public final class Machine {
    /** The CPU flags that decide which engine can be fast (as Linux names them in /proc/cpuinfo). */
    public static final List<String> CRYPTO_FLAGS = List.of("aes", "vaes", "pclmulqdq", "vpclmulqdq", "avx", "avx2",
            "avx512f", "avx512vl", "bmi2", "adx", "sha_ni", "sha1", "sha2", "pmull", "asimd");

    private Machine() {
    }

    /** The description, as an ordered map for the JSON metadata. */
    public static Map<String, Object> describe() {
        Map<String, Object> m = new LinkedHashMap<>();
        String cpu = "unknown (no /proc/cpuinfo)";
        List<String> flags = new ArrayList<>();
        try {
            List<String> lines = Files.readAllLines(Path.of("/proc/cpuinfo"));
            for (String line : lines) {
                int colon = line.indexOf(':');
                if (colon < 0) {
                    continue;
                }
                String key = line.substring(0, colon).trim();
                String value = line.substring(colon + 1).trim();
                if (cpu.startsWith("unknown") && (key.equals("model name") || key.equals("Hardware"))) {
                    cpu = value;
                }
                if (flags.isEmpty() && (key.equals("flags") || key.equals("Features"))) {
                    Set<String> present = Set.of(value.split("\\s+"));
                    for (String f : CRYPTO_FLAGS) {
                        if (present.contains(f)) {
                            flags.add(f);
                        }
                    }
                }
            }
        } catch (IOException e) {
            cpu = "unknown (" + e.getMessage() + ")";
        }
        m.put("cpu", cpu);
        m.put("cores", Runtime.getRuntime().availableProcessors());
        m.put("cryptoFlags", flags);
        m.put("os", System.getProperty("os.name") + " " + System.getProperty("os.version") + " " + System.getProperty("os.arch"));
        m.put("jdk", System.getProperty("java.vm.vendor") + " " + System.getProperty("java.vm.name") + " "
                + System.getProperty("java.runtime.version"));
        return m;
    }
}
