package dev.qsafe.tests.hygiene;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.qsafe.runtime.registry.CryptoRegistry;
import dev.qsafe.runtime.registry.ProviderStatus;
import dev.qsafe.runtime.registry.RegistryConfig;
import dev.qsafe.tests.discovery.PluginJars;
import java.lang.module.Configuration;
import java.lang.module.ModuleFinder;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 17, must-have 6: a refusal or load failure is logged once per process, not at every discovery,
 * while every registry still reports it in its provider list. Two third-party providers compiled here (in
 * a module only this test loads, so no other test has logged them yet): one refused for a weight out of
 * range, one whose {@code algorithms()} throws; five discoveries.
 */
class RefusalsLoggedOnceTest {
    @TempDir
    Path tmp;

    @Test
    void refusedAndFailedProviders_loggedOnce_acrossFiveDiscoveries_yetReportedByEach() throws Exception {
        Path src = tmp.resolve("src");
        PluginJars.write(src.resolve("module-info.java"), """
                module com.example.logonce {
                    requires dev.qsafe.api;
                    provides dev.qsafe.api.spi.CryptoProvider with com.example.logonce.Heavy, com.example.logonce.Broken;
                }""");
        PluginJars.write(src.resolve("com/example/logonce/Heavy.java"), """
                package com.example.logonce;
                import dev.qsafe.api.Algorithm;
                import dev.qsafe.api.spi.*;
                import java.util.Set;
                public final class Heavy implements CryptoProvider {
                    public String name() { return "logonce-heavy"; }
                    public String description() { return "weight out of range"; }
                    public Availability availability() { return Availability.available(""); }
                    public Set<Algorithm> algorithms() { return Set.of(Algorithm.AES_256_GCM); }
                    public int weight(Algorithm a) { return 1_000_000; }
                }""");
        PluginJars.write(src.resolve("com/example/logonce/Broken.java"), """
                package com.example.logonce;
                import dev.qsafe.api.Algorithm;
                import dev.qsafe.api.spi.*;
                import java.util.Set;
                public final class Broken implements CryptoProvider {
                    public String name() { return "logonce-broken"; }
                    public String description() { return "throws when asked"; }
                    public Availability availability() { return Availability.available(""); }
                    public Set<Algorithm> algorithms() { throw new IllegalStateException("no algorithms today"); }
                    public int weight(Algorithm a) { return 100; }
                }""");
        Path mods = PluginJars.compile(src, tmp.resolve("mods"), List.of());
        Configuration cf = ModuleLayer.boot().configuration()
                .resolveAndBind(ModuleFinder.of(mods), ModuleFinder.of(), Set.of("com.example.logonce"));
        ModuleLayer layer = ModuleLayer.boot().defineModulesWithOneLoader(cf, ClassLoader.getSystemClassLoader());

        List<LogRecord> records = new CopyOnWriteArrayList<>();
        Handler capture = new Handler() {
            @Override public void publish(LogRecord r) { records.add(r); }
            @Override public void flush() { }
            @Override public void close() { }
        };
        capture.setLevel(Level.ALL);
        Logger root = Logger.getLogger("");
        root.addHandler(capture);
        try {
            for (int i = 0; i < 5; i++) {
                CryptoRegistry registry = CryptoRegistry.discover(layer, RegistryConfig.defaults());
                for (String name : List.of("logonce-heavy", "logonce-broken")) {
                    ProviderStatus s = registry.providers().stream().filter(p -> p.name().equals(name)).findFirst().orElseThrow();
                    assertEquals(ProviderStatus.State.FAILED, s.state(), name + " is refused by discovery " + (i + 1) + ": " + s);
                }
            }
        } finally {
            root.removeHandler(capture);
        }
        for (String marker : List.of("com.example.logonce.Heavy", "logonce-broken")) {
            List<String> warnings = records.stream()
                    .filter(r -> r.getLevel().intValue() >= Level.WARNING.intValue())
                    .map(r -> new java.text.MessageFormat(r.getMessage()).format(r.getParameters()))
                    .filter(m -> m.contains(marker)).toList();
            assertEquals(1, warnings.size(), "one warning for " + marker + " across five discoveries: " + warnings);
        }
    }
}
