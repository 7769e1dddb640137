package dev.qsafe.runtime.registry;

import java.io.IOException;
import java.io.InputStream;
import java.lang.System.Logger.Level;
import java.lang.module.ResolvedModule;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFileAttributeView;
import java.nio.file.attribute.PosixFileAttributes;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Deque;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Stream;

/**
 * Self-test passes remembered across processes (docs/PROVIDERS.md, "Remembering self-tests across
 * processes"): a file per code identity in a directory the application chooses, listing the provider,
 * provider class and algorithm of every engine that passed its self-tests in a process running exactly
 * this code. The registry consults it in one place ({@code CryptoRegistry.createVerified}), and only to
 * skip a test that an identical process passed: never a failure (a failure is never written, so it runs
 * again), never for another identity.
 *
 * <p>The identity (the file's key) is a SHA-256 over the JDK (its {@code java.home} and {@code release}
 * file, and the runtime version), the registry's configuration (pins, exclusions, allow-list, profile),
 * and the bytes of every module the outcome can depend on: the runtime (the tests and their vectors), and
 * each discovered provider's module with every module it reads, transitively (the engine libraries and
 * the native code inside their jars). JDK modules are covered by the JDK's identity. With any of these
 * different, the key differs and nothing is remembered. A missing, unreadable, corrupt (the file carries
 * a SHA-256 of its own lines), foreign (another owner, or writable by others) or mismatched file only
 * costs the tests. The file is written under a temporary name with owner-only permissions and renamed
 * over the old one; a failed write is ignored.
 */
final class SelfTestMemo {
    private static final System.Logger LOG = System.getLogger(CryptoRegistry.class.getName());
    private static final String FORMAT = "qsafe self-test memo 1";
    private static final String PREFIX = "selftests-";
    private static final String SUFFIX = ".memo";
    private static final HexFormat HEX = HexFormat.of();

    private final Path dir;
    private final String config;
    private final Collection<Module> providerModules;
    /** Loaded on first use: the key and the entries remembered under it, or why the memo is not usable. */
    private State state;

    /** The memo's key and what it holds; {@code key == null} when it cannot be used here (with why). */
    private record State(String key, Set<String> passed, String unusable) {
    }

    /**
     * @param dir             the directory of the memo files (created owner-only if missing)
     * @param config          the registry's configuration in words (a component engine depends on it)
     * @param providerModules the modules of the discovered providers
     */
    SelfTestMemo(Path dir, String config, Collection<Module> providerModules) {
        this.dir = dir;
        this.config = config;
        this.providerModules = List.copyOf(providerModules);
    }

    /** The entry for one engine: provider name, provider class, algorithm. */
    static String entry(String provider, Class<?> type, String algorithm) {
        return provider + " " + type.getName() + " " + algorithm;
    }

    /** Whether an identical process passed {@code entry}'s self-tests. */
    synchronized boolean passed(String entry) {
        State s = state();
        return s.key() != null && s.passed().contains(entry);
    }

    /** Remembers that {@code entry} passed its self-tests (call only after it did). */
    synchronized void remember(String entry) {
        State s = state();
        if (s.key() == null || s.passed().contains(entry)) {
            return;
        }
        Set<String> passed = new TreeSet<>(s.passed());
        passed.add(entry);
        state = new State(s.key(), Set.copyOf(passed), null);
        try {
            write(s.key(), passed);
        } catch (IOException | RuntimeException e) {
            LOG.log(Level.DEBUG, "qsafe: self-test memo not written to {0}: {1}", dir, e.toString());
        }
    }

    /** Why the memo is not used in this process, if it is not (for tests and the log). */
    synchronized String unusable() {
        return state().unusable();
    }

    private State state() {
        if (state == null) {
            state = load();
        }
        return state;
    }

    private State load() {
        String key;
        try {
            key = key();
        } catch (IOException | RuntimeException e) {
            LOG.log(Level.DEBUG, "qsafe: self-test memo not used: {0}", e.toString());
            return new State(null, Set.of(), "the code identity could not be computed: " + e);
        }
        if (key == null) {
            return new State(null, Set.of(), "the runtime is not on the module path, so the code it runs cannot be named");
        }
        return new State(key, read(file(key), key), null);
    }

    private Path file(String key) {
        return dir.resolve(PREFIX + key + SUFFIX);
    }

    /** The remembered entries, or none if the file is missing, foreign, corrupt or of another key. */
    private static Set<String> read(Path file, String key) {
        try {
            if (!Files.isRegularFile(file, LinkOption.NOFOLLOW_LINKS) || !ownedAndPrivate(file)) {
                return Set.of();
            }
            List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
            if (lines.size() < 3 || !lines.get(0).equals(FORMAT) || !lines.get(1).equals("key " + key)) {
                return Set.of();
            }
            List<String> body = lines.subList(0, lines.size() - 1);
            if (!lines.getLast().equals("sha256 " + HEX.formatHex(sha256(String.join("\n", body))))) {
                return Set.of();
            }
            Set<String> passed = new TreeSet<>();
            for (String line : body.subList(2, body.size())) {
                if (!line.startsWith("passed ")) {
                    return Set.of();
                }
                passed.add(line.substring("passed ".length()));
            }
            return Set.copyOf(passed);
        } catch (IOException | RuntimeException e) {
            return Set.of();
        }
    }

    private void write(String key, Set<String> passed) throws IOException {
        if (!Files.isDirectory(dir)) {
            Files.createDirectories(dir, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
        }
        List<String> lines = new ArrayList<>();
        lines.add(FORMAT);
        lines.add("key " + key);
        passed.forEach(e -> lines.add("passed " + e));
        String body = String.join("\n", lines);
        String text = body + "\nsha256 " + HEX.formatHex(sha256(body)) + "\n";
        Path tmp = Files.createTempFile(dir, PREFIX, ".tmp",
                PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        try {
            Files.writeString(tmp, text, StandardCharsets.UTF_8);
            try {
                Files.move(tmp, file(key), StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(tmp, file(key), StandardCopyOption.REPLACE_EXISTING);
            }
        } finally {
            Files.deleteIfExists(tmp);
        }
    }

    /** Owned by this process's user and writable by nobody else (where the file system has POSIX permissions). */
    private static boolean ownedAndPrivate(Path file) throws IOException {
        PosixFileAttributeView view = Files.getFileAttributeView(file, PosixFileAttributeView.class, LinkOption.NOFOLLOW_LINKS);
        if (view == null) {
            return true;
        }
        PosixFileAttributes a = view.readAttributes();
        Set<PosixFilePermission> p = a.permissions();
        if (p.contains(PosixFilePermission.GROUP_WRITE) || p.contains(PosixFilePermission.OTHERS_WRITE)) {
            return false;
        }
        String user = System.getProperty("user.name");
        return user != null && user.equals(a.owner().getName());
    }

    /**
     * The code identity, or {@code null} when the runtime is not a named module (on the class path the
     * modules an engine runs cannot be told apart).
     */
    private String key() throws IOException {
        Module runtime = CryptoRegistry.class.getModule();
        if (!runtime.isNamed()) {
            return null;
        }
        Map<String, ResolvedModule> closure = new TreeMap<>();
        List<Module> roots = new ArrayList<>(providerModules);
        roots.add(runtime);
        for (Module m : roots) {
            if (!m.isNamed() || m.getLayer() == null) {
                return null;
            }
            ResolvedModule r = m.getLayer().configuration().findModule(m.getName()).orElse(null);
            if (r == null) {
                return null;
            }
            Deque<ResolvedModule> todo = new ArrayDeque<>(List.of(r));
            while (!todo.isEmpty()) {
                ResolvedModule next = todo.pop();
                // An automatic module reads every module of its layer whatever it uses, so its reads are not
                // followed: the libraries wrapped as automatic modules here (Conscrypt's uber jar) depend on none.
                if (closure.putIfAbsent(next.name(), next) == null && m != runtime
                        && !next.reference().descriptor().isAutomatic()) {
                    todo.addAll(next.reads());
                }
            }
        }
        // the runtime's own reads (the api, the JSON library) are not where the tests run, but the api is
        closure.computeIfAbsent("dev.qsafe.api", n -> runtime.getLayer().configuration().findModule(n).orElseThrow());
        MessageDigest md = digest();
        update(md, FORMAT);
        String home = System.getProperty("java.home", "");
        Path homePath = Path.of(home);
        update(md, "java.home " + (Files.exists(homePath) ? homePath.toRealPath() : homePath));
        update(md, "java.runtime.version " + Runtime.version());
        Path release = homePath.resolve("release");
        md.update(Files.exists(release) ? sha256(release) : new byte[32]);
        update(md, "config " + config);
        for (ResolvedModule m : closure.values()) {
            URI location = m.reference().location().orElse(null);
            if (location == null || location.getScheme().equals("jrt")) {
                continue; // the JDK's own modules: covered by java.home and release
            }
            update(md, "module " + m.name());
            md.update(sha256(Path.of(location)));
        }
        return HEX.formatHex(md.digest());
    }

    /** SHA-256 of a file's bytes, or of a directory's files (relative name and bytes, in name order). */
    private static byte[] sha256(Path path) throws IOException {
        MessageDigest md = digest();
        if (Files.isDirectory(path)) {
            List<Path> files;
            try (Stream<Path> s = Files.walk(path)) {
                files = s.filter(Files::isRegularFile).sorted().toList();
            }
            for (Path f : files) {
                update(md, path.relativize(f).toString());
                md.update(sha256(f));
            }
            return md.digest();
        }
        byte[] buffer = new byte[1 << 16];
        try (InputStream in = Files.newInputStream(path)) {
            for (int n; (n = in.read(buffer)) > 0; ) {
                md.update(buffer, 0, n);
            }
        }
        return md.digest();
    }

    private static byte[] sha256(String text) {
        return digest().digest(text.getBytes(StandardCharsets.UTF_8));
    }

    private static void update(MessageDigest md, String text) {
        md.update(text.getBytes(StandardCharsets.UTF_8));
        md.update((byte) '\n');
    }

    private static MessageDigest digest() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is required by every Java platform", e);
        }
    }
}
