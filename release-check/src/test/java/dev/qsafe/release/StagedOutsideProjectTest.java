package dev.qsafe.release;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.jar.JarFile;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A new Maven project outside the repository, as a team adopting qsafe writes it: the README's coordinates
 * (the {@code qsafe-bom} import and {@code qsafe}), the README's Java example as its main class, compiled for
 * Java 21, {@code maven-dependency-plugin} copying its runtime dependencies for the module path and
 * {@code maven-shade-plugin} with the {@code ServicesResourceTransformer} for an uber jar. It is built by
 * the repository's Maven wrapper ({@code ./mvnw -f}) against the staging folder, with a local repository of
 * its own (so qsafe's snapshots never reach the shared {@code ~/.m2}) and a settings file whose mirror is
 * that {@code ~/.m2} read as a {@code file://} repository (so plugins and libraries resolve offline from what
 * this build already has). The app then runs on the module path and as the shaded jar, with every engine
 * and as on Java 21 (without the JDK-25-only engines).
 */
class StagedOutsideProjectTest {
    private static final String GROUP = "dev.qsafe";
    private static final String EXPECTED = "meet at noon via X-Wing";
    /** What qsafe-bom + qsafe must resolve to: the runtime, the api, the toolkit, the pure-Java providers. */
    private static final Set<String> QSAFE_CLOSURE = Set.of("qsafe", "qsafe-api", "qsafe-runtime", "qsafe-provider-toolkit",
            "qsafe-provider-classical", "qsafe-provider-pqc", "qsafe-provider-hybrid");
    /** What a Java 21 runtime lacks, as configuration (as StagedReleaseTest and the tests module's Java21PathTest). */
    private static final List<String> AS_ON_JAVA_21 = List.of("-Dqsafe.provider.exclude=jdk-pqc",
            "-Dqsafe.provider.pin=HKDF-SHA256=bc-classical,DHKEM-X25519-HKDF-SHA256=bc-classical");

    @TempDir
    static Path tmp;
    private static Path staging;
    private static String version;
    private static Path app;

    @BeforeAll
    static void buildTheOutsideProject() throws Exception {
        staging = Path.of(System.getProperty("qsafe.staging.dir")).toAbsolutePath().normalize();
        version = System.getProperty("qsafe.release.version");
        Path root = Path.of(System.getProperty("qsafe.root", staging.resolve("../..").toString())).toAbsolutePath().normalize();
        Path cache = Path.of(System.getProperty("qsafe.local.repository", System.getProperty("user.home") + "/.m2/repository"));
        assertTrue(Files.isDirectory(staging.resolve("dev/qsafe/qsafe-bom/" + version)),
                "qsafe-bom " + version + " is not staged in " + staging + ": run ./mvnw -B -P release deploy");
        Path mvnw = root.resolve("mvnw");
        assumeTrue(Files.isExecutable(mvnw) && Files.isExecutable(Path.of("/bin/sh")),
                "needs the POSIX Maven wrapper ./mvnw and /bin/sh to build the outside project");
        Map<String, String> plugins = pluginVersions();
        String shade = plugins.get("maven-shade-plugin");
        assumeTrue(Files.isRegularFile(cache.resolve("org/apache/maven/plugins/maven-shade-plugin/" + shade
                        + "/maven-shade-plugin-" + shade + ".jar")),
                "the outside project resolves offline from the local repository " + cache + ", which has no maven-shade-plugin "
                        + shade + " yet (the benchmarks module uses it: one ./mvnw -B verify caches it)");

        app = Files.createDirectories(tmp.resolve("app"));
        Path src = app.resolve("src/main/java/Example.java");
        Files.createDirectories(src.getParent());
        Files.writeString(src, readmeBlock("java", "class Example"), StandardCharsets.UTF_8);
        Files.writeString(app.resolve("pom.xml"), pom(readmeCoordinates(), plugins), StandardCharsets.UTF_8);
        Path settings = tmp.resolve("settings.xml");
        Files.writeString(settings, settings(cache, staging), StandardCharsets.UTF_8);

        Path log = tmp.resolve("mvn.log");
        ProcessBuilder pb = new ProcessBuilder(mvnw.toString(), "-B", "-ntp", "-f", app.resolve("pom.xml").toString(),
                "-s", settings.toString(), "-Dmaven.repo.local=" + tmp.resolve("m2"), "package")
                .directory(app.toFile()).redirectErrorStream(true).redirectOutput(log.toFile());
        Map<String, String> env = pb.environment();
        env.put("JAVA_HOME", System.getProperty("java.home"));
        // The outer build's Maven settings must not leak into the nested one (it is a project of its own).
        for (String v : List.of("MAVEN_ARGS", "MAVEN_BASEDIR", "MAVEN_PROJECTBASEDIR", "MAVEN_CONFIG", "JAVA_TOOL_OPTIONS", "JDK_JAVA_OPTIONS")) {
            env.remove(v);
        }
        env.put("MAVEN_OPTS", "-XX:TieredStopAtLevel=1");
        Process p = pb.start();
        p.getOutputStream().close();
        if (!p.waitFor(600, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new AssertionError("the outside project's build did not end within 600 s:\n" + tail(log));
        }
        assertEquals(0, p.exitValue(), "./mvnw -f " + app.resolve("pom.xml") + " package:\n" + tail(log));
    }

    /** The dependencies Maven resolved for the app are qsafe's closure, byte for byte the staged jars, and no native provider. */
    @Test
    void dependencies_resolveFromTheStagingRepository_toQsafesClosure() throws IOException {
        Map<String, Path> qsafeJars = new TreeMap<>();
        try (Stream<Path> lib = Files.list(app.resolve("target/lib"))) {
            for (Path jar : lib.toList()) {
                String name = jar.getFileName().toString();
                if (name.startsWith("qsafe")) {
                    assertTrue(name.endsWith("-" + version + ".jar"), "a qsafe jar at the release version: " + name);
                    qsafeJars.put(name.substring(0, name.length() - ("-" + version + ".jar").length()), jar);
                }
            }
        }
        assertEquals(new TreeSet<>(QSAFE_CLOSURE), qsafeJars.keySet(), "what qsafe-bom + qsafe resolve to (no native provider)");
        for (Map.Entry<String, Path> e : qsafeJars.entrySet()) {
            Path staged = newestStagedJar(e.getKey());
            assertEquals(-1L, Files.mismatch(staged, e.getValue()), e.getKey() + " is the staged jar " + staged);
        }
        try (Stream<Path> lib = Files.list(app.resolve("target/lib"))) {
            List<String> names = lib.map(f -> f.getFileName().toString()).toList();
            assertTrue(names.stream().anyMatch(n -> n.startsWith("bcprov")), "Bouncy Castle comes with qsafe: " + names);
            assertFalse(names.stream().anyMatch(n -> n.contains("junit") || n.contains("tink")), "no test library: " + names);
        }
    }

    /** The README example, built by Maven for Java 21, on the module path of the resolved jars. */
    @Test
    void readmeExample_runsOnTheModulePath_withAndWithoutTheJdk25Engines() throws Exception {
        for (List<String> options : List.of(List.<String>of(), AS_ON_JAVA_21)) {
            List<String> command = new ArrayList<>(options);
            command.addAll(List.of("--module-path", app.resolve("target/lib").toString(), "--add-modules", "dev.qsafe",
                    "-cp", app.resolve("target/classes").toString(), "Example"));
            Run r = java(command);
            assertEquals(0, r.code(), "module path " + options + ": " + r.out());
            assertEquals(EXPECTED, r.out().strip(), "module path " + options);
        }
    }

    /** The shaded jar maven-shade-plugin made (services merged), run with {@code java -jar}. */
    @Test
    void readmeExample_runsAsTheShadedJar_withAndWithoutTheJdk25Engines() throws Exception {
        Path shaded = app.resolve("target/app-shaded.jar");
        assertTrue(Files.isRegularFile(shaded), "maven-shade-plugin made " + shaded);
        String services = "META-INF/services/dev.qsafe.api.spi.CryptoProvider";
        Set<String> merged = serviceEntries(shaded, services);
        for (String provider : List.of("qsafe-provider-classical", "qsafe-provider-pqc", "qsafe-provider-hybrid")) {
            Set<String> own = serviceEntries(newestStagedJar(provider), services);
            assertFalse(own.isEmpty(), provider + " declares its providers in " + services);
            assertTrue(merged.containsAll(own), "the shaded jar's " + services + " has " + provider + "'s " + own + ": " + merged);
        }
        for (List<String> options : List.of(List.<String>of(), AS_ON_JAVA_21)) {
            List<String> command = new ArrayList<>(options);
            command.addAll(List.of("-jar", shaded.toString()));
            Run r = java(command);
            assertEquals(0, r.code(), "shaded jar " + options + ": " + r.out());
            assertEquals(EXPECTED, r.out().strip(), "shaded jar " + options);
        }
    }

    private record Run(int code, String out) {
    }

    private static Run java(List<String> args) throws Exception {
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString()));
        command.addAll(args);
        ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true);
        pb.environment().remove("JAVA_TOOL_OPTIONS");
        pb.environment().remove("JDK_JAVA_OPTIONS");
        Process p = pb.start();
        p.getOutputStream().close();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(120, TimeUnit.SECONDS), "the example finishes");
        return new Run(p.exitValue(), out);
    }

    /** The plugin versions of the parent POM (passed by surefire), which this build has in its local repository. */
    private static Map<String, String> pluginVersions() {
        String list = System.getProperty("qsafe.plugin.versions", "");
        Map<String, String> versions = new TreeMap<>();
        for (String entry : list.split(",")) {
            String[] kv = entry.strip().split(":");
            if (kv.length == 2 && !kv[1].isBlank() && !kv[1].startsWith("${")) {
                versions.put(kv[0], kv[1]);
            }
        }
        for (String plugin : List.of("maven-resources-plugin", "maven-compiler-plugin", "maven-surefire-plugin", "maven-jar-plugin",
                "maven-dependency-plugin", "maven-shade-plugin")) {
            assertTrue(versions.containsKey(plugin), "release-check's pom passes the version of " + plugin + " in qsafe.plugin.versions: " + list);
        }
        return versions;
    }

    /** The first fenced block of the README in {@code language} that contains {@code marker}. */
    private static String readmeBlock(String language, String marker) throws IOException {
        Path root = Path.of(System.getProperty("qsafe.root", staging.resolve("../..").toString()));
        String readme = Files.readString(root.resolve("README.md"), StandardCharsets.UTF_8);
        Matcher m = Pattern.compile("```" + language + "\\n(.*?)```", Pattern.DOTALL).matcher(readme);
        while (m.find()) {
            if (m.group(1).contains(marker)) {
                return m.group(1);
            }
        }
        throw new AssertionError("README.md has a ```" + language + " block with " + marker);
    }

    /**
     * The README's Maven coordinates (the {@code qsafe-bom} import and the {@code qsafe} dependency) as they
     * are written there, without the optional native add-on (it needs native access granted, and is not what
     * this test is about).
     */
    private static String readmeCoordinates() throws IOException {
        String xml = readmeBlock("xml", "<artifactId>qsafe-bom</artifactId>");
        assertTrue(xml.contains("<version>" + version + "</version>"), "the README's coordinates name the release version " + version + ":\n" + xml);
        assertTrue(xml.contains("<scope>import</scope>") && xml.contains("<artifactId>qsafe</artifactId>"),
                "the README imports qsafe-bom and declares qsafe:\n" + xml);
        String withoutNative = xml.replaceAll("(?s)\\s*<!--[^>]*native[^>]*-->\\s*<dependency>\\s*<groupId>dev\\.qsafe</groupId>\\s*"
                + "<artifactId>qsafe-provider-hwaccel</artifactId>\\s*</dependency>", "");
        assertFalse(withoutNative.contains("qsafe-provider-hwaccel"), "the optional native add-on was taken out:\n" + withoutNative);
        return withoutNative;
    }

    private static String pom(String coordinates, Map<String, String> plugins) {
        StringBuilder managed = new StringBuilder();
        for (String plugin : List.of("maven-resources-plugin", "maven-compiler-plugin", "maven-surefire-plugin", "maven-jar-plugin")) {
            managed.append("""
                          <plugin>
                            <groupId>org.apache.maven.plugins</groupId>
                            <artifactId>%s</artifactId>
                            <version>%s</version>
                          </plugin>
                    """.formatted(plugin, plugins.get(plugin)));
        }
        return """
                <?xml version="1.0" encoding="UTF-8"?>
                <project xmlns="http://maven.apache.org/POM/4.0.0">
                  <modelVersion>4.0.0</modelVersion>
                  <groupId>com.example</groupId>
                  <artifactId>qsafe-adopter</artifactId>
                  <version>1.0.0</version>
                  <properties>
                    <project.build.sourceEncoding>UTF-8</project.build.sourceEncoding>
                    <!-- a Java 21 user's build: javac checks the API surface of qsafe's jars against Java 21 -->
                    <maven.compiler.release>21</maven.compiler.release>
                    <maven.test.skip>true</maven.test.skip>
                  </properties>
                %s
                  <build>
                    <finalName>app</finalName>
                    <pluginManagement>
                      <plugins>
                %s      </plugins>
                    </pluginManagement>
                    <plugins>
                      <plugin>
                        <groupId>org.apache.maven.plugins</groupId>
                        <artifactId>maven-dependency-plugin</artifactId>
                        <version>%s</version>
                        <executions>
                          <execution>
                            <id>module-path</id>
                            <phase>prepare-package</phase>
                            <goals><goal>copy-dependencies</goal></goals>
                            <configuration>
                              <outputDirectory>${project.build.directory}/lib</outputDirectory>
                              <includeScope>runtime</includeScope>
                              <useBaseVersion>true</useBaseVersion>
                            </configuration>
                          </execution>
                        </executions>
                      </plugin>
                      <plugin>
                        <groupId>org.apache.maven.plugins</groupId>
                        <artifactId>maven-shade-plugin</artifactId>
                        <version>%s</version>
                        <executions>
                          <execution>
                            <phase>package</phase>
                            <goals><goal>shade</goal></goals>
                            <configuration>
                              <createDependencyReducedPom>false</createDependencyReducedPom>
                              <outputFile>${project.build.directory}/app-shaded.jar</outputFile>
                              <filters>
                                <filter>
                                  <artifact>*:*</artifact>
                                  <excludes>
                                    <exclude>module-info.class</exclude>
                                    <exclude>META-INF/versions/*/module-info.class</exclude>
                                    <exclude>META-INF/*.SF</exclude>
                                    <exclude>META-INF/*.DSA</exclude>
                                    <exclude>META-INF/*.RSA</exclude>
                                    <exclude>META-INF/*.EC</exclude>
                                  </excludes>
                                </filter>
                              </filters>
                              <transformers>
                                <transformer implementation="org.apache.maven.plugins.shade.resource.ServicesResourceTransformer"/>
                                <transformer implementation="org.apache.maven.plugins.shade.resource.ManifestResourceTransformer">
                                  <mainClass>Example</mainClass>
                                </transformer>
                              </transformers>
                            </configuration>
                          </execution>
                        </executions>
                      </plugin>
                    </plugins>
                  </build>
                </project>
                """.formatted(coordinates.indent(2).stripTrailing(), managed, plugins.get("maven-dependency-plugin"),
                plugins.get("maven-shade-plugin"));
    }

    /**
     * Every repository but the staging folder mirrored by the local repository of this build, read as a
     * file:// repository (it has no checksum files: checksums are not checked); the staging folder for qsafe.
     */
    private static String settings(Path cache, Path staging) {
        String cacheUrl = cache.toAbsolutePath().normalize().toUri().toString();
        String stagingUrl = staging.toUri().toString();
        return """
                <?xml version="1.0" encoding="UTF-8"?>
                <settings xmlns="http://maven.apache.org/SETTINGS/1.0.0">
                  <mirrors>
                    <mirror>
                      <id>local-cache</id>
                      <mirrorOf>*,!qsafe-staging</mirrorOf>
                      <url>%1$s</url>
                    </mirror>
                  </mirrors>
                  <profiles>
                    <profile>
                      <id>qsafe-staging</id>
                      <repositories>
                        <repository>
                          <id>qsafe-staging</id>
                          <url>%2$s</url>
                          <releases><enabled>true</enabled></releases>
                          <snapshots><enabled>true</enabled><updatePolicy>always</updatePolicy></snapshots>
                        </repository>
                        <repository>
                          <id>central</id>
                          <url>%1$s</url>
                          <releases><checksumPolicy>ignore</checksumPolicy></releases>
                          <snapshots><enabled>false</enabled></snapshots>
                        </repository>
                      </repositories>
                      <pluginRepositories>
                        <pluginRepository>
                          <id>central</id>
                          <url>%1$s</url>
                          <releases><checksumPolicy>ignore</checksumPolicy></releases>
                          <snapshots><enabled>false</enabled></snapshots>
                        </pluginRepository>
                      </pluginRepositories>
                    </profile>
                  </profiles>
                  <activeProfiles>
                    <activeProfile>qsafe-staging</activeProfile>
                  </activeProfiles>
                </settings>
                """.formatted(cacheUrl, stagingUrl);
    }

    /** The newest staged build of {@code artifact}'s jar (snapshot builds sort by their timestamp). */
    private static Path newestStagedJar(String artifact) throws IOException {
        Path dir = staging.resolve(GROUP.replace('.', '/')).resolve(artifact).resolve(version);
        try (Stream<Path> files = Files.list(dir)) {
            String pom = files.map(f -> f.getFileName().toString()).filter(n -> n.endsWith(".pom")).max(String::compareTo)
                    .orElseThrow(() -> new AssertionError("no POM staged in " + dir));
            return dir.resolve(pom.substring(0, pom.length() - ".pom".length()) + ".jar");
        }
    }

    private static Set<String> serviceEntries(Path jar, String entry) throws IOException {
        Set<String> lines = new TreeSet<>();
        try (JarFile j = new JarFile(jar.toFile())) {
            var e = j.getEntry(entry);
            if (e == null) {
                return lines;
            }
            try (InputStream in = j.getInputStream(e)) {
                for (String line : new String(in.readAllBytes(), StandardCharsets.UTF_8).split("\n")) {
                    String l = line.replaceAll("#.*", "").strip();
                    if (!l.isEmpty()) {
                        lines.add(l);
                    }
                }
            }
        }
        return lines;
    }

    private static String tail(Path log) throws IOException {
        List<String> lines = Files.readAllLines(log, StandardCharsets.UTF_8);
        return String.join("\n", lines.subList(Math.max(0, lines.size() - 80), lines.size()));
    }
}
