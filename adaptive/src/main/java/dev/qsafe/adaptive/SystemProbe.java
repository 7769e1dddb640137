package dev.qsafe.adaptive;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Reads the device conditions of this machine. Every value comes from the system; what is absent or
 * unreadable is {@code null} (unknown), never a guess. The root path is injectable so that tests read
 * a fake {@code /sys} and {@code /proc} tree.
 */
final class SystemProbe {
    /** Files read under /sys and /proc are tiny; anything larger is not what we expect. */
    private static final int MAX_FILE = 4096;
    private static final int MAX_ENTRIES = 256;

    private SystemProbe() {
    }

    /** What was read; {@code null} = unknown. {@link AdaptiveInputs.Device#probe(Path)} checks it into a {@code Device}. */
    record Readings(Integer batteryPercent, Boolean externalPower, Double cpuLoad, Double memoryPressure,
                    Double temperatureCelsius, DeviceClass deviceClass) {
    }

    static Readings probe(Path root) {
        Power power = power(root.resolve("sys/class/power_supply"));
        return new Readings(power.batteryPercent, power.externalPower, cpuLoad(), memoryPressure(root),
                temperature(root.resolve("sys/class/thermal")), deviceClass(root, power));
    }

    record Power(Integer batteryPercent, Boolean externalPower, boolean hasBattery) {
    }

    /**
     * Batteries ({@code type} = {@code Battery}, {@code scope} not {@code Device}) give {@code capacity} and
     * {@code status}; mains adapters ({@code type} = {@code Mains}) give {@code online}. With several batteries
     * the lowest level counts. With a power_supply folder but no battery and no adapter, nothing is known.
     */
    static Power power(Path dir) {
        Integer lowest = null;
        Boolean charging = null;
        Boolean mains = null;
        boolean battery = false;
        for (Path supply : entries(dir, "*")) {
            String type = read(supply.resolve("type"));
            if (type == null) {
                continue;
            }
            if (type.equalsIgnoreCase("Battery") && !"Device".equalsIgnoreCase(read(supply.resolve("scope")))) {
                battery = true;
                Integer cap = integer(read(supply.resolve("capacity")));
                if (cap != null && cap >= 0 && cap <= 100) {
                    lowest = lowest == null ? cap : Math.min(lowest, cap);
                }
                String status = read(supply.resolve("status"));
                if (status != null) {
                    boolean c = switch (status.toLowerCase(Locale.ROOT)) {
                        case "charging", "full", "not charging" -> true;
                        default -> false; // Discharging, Unknown
                    };
                    if (!status.equalsIgnoreCase("Unknown")) {
                        charging = charging == null ? c : charging && c;
                    }
                }
            } else if (type.equalsIgnoreCase("Mains") || type.equalsIgnoreCase("USB") || type.equalsIgnoreCase("USB_C")) {
                Integer online = integer(read(supply.resolve("online")));
                if (online != null) {
                    mains = (mains != null && mains) || online == 1;
                }
            }
        }
        Boolean external = mains != null ? (Boolean) (mains || Boolean.TRUE.equals(charging)) : charging;
        return new Power(lowest, external, battery);
    }

    /** The hottest zone, from {@code thermal_zone*}/temp in millidegrees Celsius; null when there is none. */
    static Double temperature(Path dir) {
        Double max = null;
        for (Path zone : entries(dir, "thermal_zone*")) {
            Integer milli = integer(read(zone.resolve("temp")));
            if (milli != null && milli > -100_000 && milli < 300_000) {
                double c = milli / 1000.0;
                max = max == null ? c : Math.max(max, c);
            }
        }
        return max;
    }

    /** How long {@link #cpuLoad()} watches the CPU. */
    static final long CPU_WINDOW_MS = 200;

    /**
     * {@code com.sun.management.OperatingSystemMXBean#getCpuLoad} over a {@value #CPU_WINDOW_MS} ms window (the
     * first call only starts the window: on its own it reports the load since the JVM started, its own start-up
     * included), else the one-minute load average per CPU (at most 1).
     */
    static Double cpuLoad() {
        try {
            if (ManagementFactory.getOperatingSystemMXBean() instanceof com.sun.management.OperatingSystemMXBean os) {
                os.getCpuLoad();
                try {
                    Thread.sleep(CPU_WINDOW_MS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return null;
                }
                double load = os.getCpuLoad();
                if (load >= 0 && load <= 1) {
                    return load;
                }
            }
            double avg = ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage();
            if (avg >= 0) {
                return Math.min(1.0, avg / Runtime.getRuntime().availableProcessors());
            }
        } catch (RuntimeException | LinkageError e) {
            return null; // the management beans are unavailable on this JVM
        }
        return null;
    }

    /**
     * The larger of the JVM heap use ({@link Runtime}) and the system's: {@code 1 - MemAvailable/MemTotal}
     * from {@code proc/meminfo}, else free/total physical memory from the OperatingSystemMXBean.
     */
    static Double memoryPressure(Path root) {
        Runtime rt = Runtime.getRuntime();
        double heap = rt.maxMemory() == Long.MAX_VALUE ? -1 : (double) (rt.totalMemory() - rt.freeMemory()) / rt.maxMemory();
        double system = systemMemoryPressure(root);
        double p = Math.max(heap, system);
        return p < 0 ? null : Math.min(1.0, p);
    }

    static double systemMemoryPressure(Path root) {
        String meminfo = read(root.resolve("proc/meminfo"));
        if (meminfo != null) {
            Long total = null;
            Long available = null;
            for (String line : meminfo.split("\n")) {
                String[] f = line.trim().split("\\s+");
                if (f.length >= 2 && f[0].equals("MemTotal:")) {
                    total = longValue(f[1]);
                } else if (f.length >= 2 && f[0].equals("MemAvailable:")) {
                    available = longValue(f[1]);
                }
            }
            if (total != null && available != null && total > 0 && available >= 0 && available <= total) {
                return 1.0 - (double) available / total;
            }
        }
        if (!root.equals(Path.of("/"))) {
            return -1; // a fake tree without meminfo: do not mix in the real machine
        }
        try {
            if (ManagementFactory.getOperatingSystemMXBean() instanceof com.sun.management.OperatingSystemMXBean os) {
                long total = os.getTotalMemorySize();
                long free = os.getFreeMemorySize();
                if (total > 0 && free >= 0 && free <= total) {
                    return 1.0 - (double) free / total;
                }
            }
        } catch (RuntimeException | LinkageError e) {
            return -1;
        }
        return -1;
    }

    /**
     * From the DMI chassis type (SMBIOS 3.x table 17): 3-7, 13, 15, 16, 24, 35, 36 desktop; 8-10, 14, 31, 32
     * laptop; 11, 30 mobile (hand-held, tablet); 17, 23, 25, 28, 29 server; 33, 34 embedded. Without DMI, a
     * battery means a laptop; otherwise unknown.
     */
    static DeviceClass deviceClass(Path root, Power power) {
        Integer chassis = integer(read(root.resolve("sys/class/dmi/id/chassis_type")));
        if (chassis != null) {
            switch (chassis) {
                case 3, 4, 5, 6, 7, 13, 15, 16, 24, 35, 36 -> {
                    return DeviceClass.DESKTOP;
                }
                case 8, 9, 10, 14, 31, 32 -> {
                    return DeviceClass.LAPTOP;
                }
                case 11, 30 -> {
                    return DeviceClass.MOBILE;
                }
                case 17, 23, 25, 28, 29 -> {
                    return DeviceClass.SERVER;
                }
                case 33, 34 -> {
                    return DeviceClass.EMBEDDED;
                }
                default -> {
                    // 1 other, 2 unknown, ...: fall through to the battery hint
                }
            }
        }
        return power.hasBattery() ? DeviceClass.LAPTOP : DeviceClass.UNKNOWN;
    }

    private static List<Path> entries(Path dir, String glob) {
        List<Path> out = new ArrayList<>();
        if (!Files.isDirectory(dir)) {
            return out;
        }
        try (DirectoryStream<Path> ds = Files.newDirectoryStream(dir, glob)) {
            for (Path p : ds) {
                if (out.size() >= MAX_ENTRIES) {
                    break;
                }
                out.add(p);
            }
        } catch (IOException | RuntimeException e) {
            return List.of();
        }
        out.sort(null); // deterministic order
        return out;
    }

    /** The trimmed content of a small file, or null if it is absent, unreadable or too large. */
    static String read(Path file) {
        try {
            if (!Files.isRegularFile(file) && !Files.isSymbolicLink(file)) {
                return null;
            }
            try (var in = Files.newInputStream(file)) {
                byte[] b = in.readNBytes(MAX_FILE + 1);
                if (b.length > MAX_FILE) {
                    return null;
                }
                return new String(b, StandardCharsets.UTF_8).trim();
            }
        } catch (IOException | RuntimeException e) {
            return null; // /sys files may refuse reading (EIO, EACCES): unknown
        }
    }

    private static Integer integer(String s) {
        Long l = longValue(s);
        return l == null || l > Integer.MAX_VALUE || l < Integer.MIN_VALUE ? null : (int) (long) l;
    }

    private static Long longValue(String s) {
        if (s == null || s.isEmpty() || s.length() > 19) {
            return null;
        }
        try {
            return Long.parseLong(s);
        } catch (NumberFormatException e) {
            return null;
        }
    }
}
