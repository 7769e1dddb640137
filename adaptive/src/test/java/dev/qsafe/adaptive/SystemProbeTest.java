package dev.qsafe.adaptive;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.qsafe.adaptive.AdaptiveInputs.Device;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SystemProbeTest {
    @TempDir
    Path root;

    private void file(String path, String content) throws IOException {
        Path p = root.resolve(path);
        Files.createDirectories(p.getParent());
        Files.writeString(p, content + "\n");
    }

    @Test
    void fakeLaptopOnBattery_readsBatteryThermalMemoryAndChassis() throws IOException {
        file("sys/class/power_supply/BAT0/type", "Battery");
        file("sys/class/power_supply/BAT0/capacity", "37");
        file("sys/class/power_supply/BAT0/status", "Discharging");
        file("sys/class/power_supply/AC/type", "Mains");
        file("sys/class/power_supply/AC/online", "0");
        file("sys/class/power_supply/hidpp_battery_0/type", "Battery"); // a wireless mouse: not the laptop's
        file("sys/class/power_supply/hidpp_battery_0/scope", "Device");
        file("sys/class/power_supply/hidpp_battery_0/capacity", "5");
        file("sys/class/thermal/thermal_zone0/temp", "48000");
        file("sys/class/thermal/thermal_zone1/temp", "83500");
        file("sys/class/thermal/cooling_device0/temp", "99000"); // not a zone
        file("sys/class/dmi/id/chassis_type", "10");
        file("proc/meminfo", "MemTotal:       16000000 kB\nMemFree:         1000000 kB\nMemAvailable:    2000000 kB");

        Device d = Device.probe(root);
        assertEquals(37, d.batteryPercent());
        assertEquals(Boolean.FALSE, d.externalPower());
        assertEquals(83.5, d.temperatureCelsius());
        assertEquals(DeviceClass.LAPTOP, d.deviceClass());
        assertTrue(d.memoryPressure() >= 0.875 - 1e-9, "1 - 2/16 from MemAvailable, or the heap if higher: " + d.memoryPressure());
        assertNotNull(d.cpuLoad(), "the JVM's OperatingSystemMXBean reads the CPU load on Linux");
    }

    @Test
    void chargingBattery_isOnExternalPower() throws IOException {
        file("sys/class/power_supply/BAT1/type", "Battery");
        file("sys/class/power_supply/BAT1/capacity", "12");
        file("sys/class/power_supply/BAT1/status", "Charging");
        Device d = Device.probe(root);
        assertEquals(12, d.batteryPercent());
        assertEquals(Boolean.TRUE, d.externalPower());
    }

    @Test
    void mainsOnlineWithoutBattery_isExternalPower_batteryNotCountedAsUnknown() throws IOException {
        file("sys/class/power_supply/ACAD/type", "Mains");
        file("sys/class/power_supply/ACAD/online", "1");
        file("sys/class/dmi/id/chassis_type", "23");
        Device d = Device.probe(root);
        assertNull(d.batteryPercent());
        assertEquals(Boolean.TRUE, d.externalPower());
        assertEquals(DeviceClass.SERVER, d.deviceClass());
        assertFalse(unknowns(d).contains("battery"));
    }

    @Test
    void absentTree_reportsUnknown() {
        Device d = Device.probe(root.resolve("nothing-here"));
        assertNull(d.batteryPercent());
        assertNull(d.externalPower());
        assertNull(d.temperatureCelsius());
        assertEquals(DeviceClass.UNKNOWN, d.deviceClass());
        assertTrue(unknowns(d).containsAll(java.util.List.of("battery", "externalPower", "temperature", "deviceClass")));
    }

    @Test
    void garbageFiles_areUnknown_notErrors() throws IOException {
        file("sys/class/power_supply/BAT0/type", "Battery");
        file("sys/class/power_supply/BAT0/capacity", "lots");
        file("sys/class/power_supply/BAT0/status", "Unknown");
        file("sys/class/thermal/thermal_zone0/temp", "99999999999999999999999");
        file("sys/class/dmi/id/chassis_type", "x".repeat(10_000));
        file("proc/meminfo", "MemTotal: -5 kB");
        Device d = Device.probe(root);
        assertNull(d.batteryPercent());
        assertNull(d.externalPower());
        assertNull(d.temperatureCelsius());
        assertEquals(DeviceClass.LAPTOP, d.deviceClass(), "a battery hints at a laptop when DMI says nothing");
    }

    private static java.util.List<String> unknowns(Device d) {
        java.util.List<String> u = new java.util.ArrayList<>();
        d.addUnknowns(u);
        return u;
    }

    @Test
    void realSystem_probeRunsAndReadsTheCpuLoadAndMemory() {
        Device d = Device.probe();
        assertNotNull(d.memoryPressure(), "Runtime heap figures are always readable");
        assertTrue(d.memoryPressure() > 0 && d.memoryPressure() <= 1);
    }
}
