package dev.qsafe.cli;

import dev.qsafe.api.InvalidInputException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.DirectoryStream;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Reading inputs with a size bound and writing outputs atomically (a temporary file in the target
 * folder, moved into place only when complete), so a failed command never leaves a partial file.
 */
final class IoSupport {
    private static final String ARMOR_PREFIX = "-----BEGIN QSAFE ";

    private IoSupport() {
    }

    /**
     * How many times its size the heap must have free to process an input: the input, its decoded
     * form, the result and its armored form may all be held at once.
     */
    static final int HEAP_FACTOR = 4;

    /** Reads {@code path} ("-" or null = standard input), refusing more than {@code max} bytes, or more than the heap can process. */
    static byte[] read(String path, long max, InputStream stdin) {
        try {
            if (path == null || path.equals("-")) {
                return bounded(stdin, max, "standard input");
            }
            Path p = Path.of(path);
            if (Files.isDirectory(p)) {
                throw failure(path, "is a folder, not a file");
            }
            long size = Files.size(p);
            if (size > max) {
                throw new InvalidInputException(path + " is " + size + " bytes, more than the limit of " + max);
            }
            requireHeapFor(path, size);
            try (InputStream in = Files.newInputStream(p)) {
                return bounded(in, max, path);
            }
        } catch (IOException e) {
            throw failure(path, e);
        }
    }

    /**
     * Refuses, before reading, an input of {@code size} bytes that this JVM's heap cannot process (a
     * clear usage error instead of an {@link OutOfMemoryError} later).
     */
    static void requireHeapFor(String what, long size) {
        Runtime rt = Runtime.getRuntime();
        long available = rt.maxMemory() - (rt.totalMemory() - rt.freeMemory());
        if (size > 0 && size > available / HEAP_FACTOR) {
            throw tooLarge(what + " (" + size + " bytes)");
        }
    }

    /** The usage error for an input too large for the heap. */
    static InvalidInputException tooLarge(String what) {
        long maxMiB = Runtime.getRuntime().maxMemory() >> 20;
        return new InvalidInputException(what + " is too large for this JVM's heap of " + maxMiB + " MiB (an input needs about "
                + HEAP_FACTOR + " times its size free); give the JVM more memory, e.g. QSAFE_JAVA_OPTS=-Xmx" + Math.max(1, maxMiB * 4 >> 10)
                + "g, or use a smaller input");
    }

    private static byte[] bounded(InputStream in, long max, String what) throws IOException {
        byte[] data;
        try {
            data = in.readNBytes((int) Math.min(Integer.MAX_VALUE - 8, max + 1));
        } catch (OutOfMemoryError e) {
            throw tooLarge(what);
        }
        if (data.length > max) {
            throw new InvalidInputException(what + " is more than the limit of " + max + " bytes");
        }
        return data;
    }

    /**
     * A file to write.
     *
     * @param path   where
     * @param data   the complete contents
     * @param secret created readable by its owner only (otherwise with the umask's permissions, like any new file)
     */
    record Output(String path, byte[] data, boolean secret) {
    }

    /**
     * How outputs may be written.
     *
     * @param force replace an existing regular file (without it, an existing file is refused)
     * @param inUse files the command reads keys from (identity and passphrase files): never replaced, even with {@code force}
     */
    record Rules(boolean force, List<String> inUse) {
        Rules {
            inUse = inUse.stream().filter(java.util.Objects::nonNull).filter(p -> !p.equals("-")).toList();
        }

        static Rules of(boolean force, String... inUse) {
            return new Rules(force, java.util.Arrays.asList(inUse));
        }
    }

    /** What is at an output path. */
    private enum Kind {
        ABSENT, REGULAR, DIRECTORY, SYMLINK, CHARACTER_DEVICE, FIFO, BLOCK_DEVICE, SOCKET, OTHER
    }

    /**
     * Refuses, before any work is done, an output that {@link #write} would refuse: a folder, a symbolic
     * link, a block device or socket, an existing file without {@code --force}, or a file the command
     * reads its keys from. Standard output ("-" or null) is always fine.
     */
    static void checkOutput(String path, Rules rules) {
        if (path != null && !path.equals("-")) {
            classify(path, rules);
        }
    }

    /**
     * Writes {@code data} to {@code path} ("-" or null = {@code stdout}); see {@link #writeAll}.
     *
     * @param secret create the file readable by its owner only
     */
    static void write(String path, byte[] data, boolean secret, Rules rules, OutputStream stdout) {
        if (path == null || path.equals("-")) {
            try {
                stdout.write(data);
                stdout.flush();
            } catch (IOException e) {
                throw failure("cannot write to standard output", e);
            }
            return;
        }
        writeAll(List.of(new Output(path, data, secret)), rules);
    }

    /**
     * Writes several files all or nothing, as far as a file system allows. A regular file is first
     * written completely to a temporary file in its target folder ({@code .NAME.PID-RANDOM.qsafe-tmp},
     * owner-only for secrets, otherwise with the umask's permissions), flushed to disk, and only when all
     * of them are written are they moved into place (without {@code --force} with a link that fails if
     * the target appeared meanwhile), and the folder is flushed to disk. If a move still fails, the
     * targets already moved that did not exist before are removed again. No temporary file is left
     * behind: the temporary files are removed on failure and at JVM shutdown, and a temporary file a
     * killed qsafe process left (its process no longer runs) is removed by the next qsafe command that
     * writes into that folder. A character device or FIFO (such as {@code /dev/null} or a named pipe) is
     * written directly, never replaced; a symbolic link, block device or socket is refused.
     */
    static void writeAll(List<Output> outputs, Rules rules) {
        Map<Output, Path> staged = new LinkedHashMap<>();
        List<Path> created = new ArrayList<>();
        boolean done = false;
        try {
            List<Output> direct = new ArrayList<>();
            for (Output o : outputs) {
                Kind kind = classify(o.path(), rules);
                if (kind == Kind.CHARACTER_DEVICE || kind == Kind.FIFO || kind == Kind.OTHER) {
                    direct.add(o);
                } else {
                    staged.put(o, stage(o));
                }
            }
            for (Map.Entry<Output, Path> e : staged.entrySet()) {
                Path target = Path.of(e.getKey().path()).toAbsolutePath();
                boolean existed = Files.exists(target, LinkOption.NOFOLLOW_LINKS);
                move(e.getKey().path(), e.getValue(), target, rules.force());
                if (!existed) {
                    created.add(target);
                }
                syncFolder(target.getParent());
            }
            for (Output o : direct) {
                writeDirect(o);
            }
            done = true;
        } finally {
            staged.values().forEach(IoSupport::deleteTemporary);
            if (!done) {
                created.forEach(IoSupport::deleteQuietly);
            }
        }
    }

    /** What is at {@code path}, refusing what may not be written (see {@link #checkOutput}). */
    private static Kind classify(String path, Rules rules) {
        Path target = Path.of(path);
        Kind kind = kind(target);
        switch (kind) {
            case DIRECTORY -> throw failure("cannot write " + path, "it is a folder");
            case SYMLINK -> throw failure("cannot write " + path, "it is a symbolic link; qsafe does not write through links"
                    + " (name the file it points to)");
            case BLOCK_DEVICE, SOCKET -> throw failure("cannot write " + path, "it is a " + (kind == Kind.SOCKET ? "socket"
                    : "block device") + "; qsafe writes regular files, character devices and FIFOs only");
            case REGULAR -> {
                for (String used : rules.inUse()) {
                    if (sameFile(path, used)) {
                        throw failure("cannot write " + path, "it is " + used + ", which this command reads its keys from");
                    }
                }
                if (!rules.force()) {
                    throw failure(path, "exists; choose another name, or add --force to replace it");
                }
            }
            default -> {
            }
        }
        return kind;
    }

    private static Kind kind(Path p) {
        try {
            int mode = (Integer) Files.getAttribute(p, "unix:mode", LinkOption.NOFOLLOW_LINKS);
            return switch (mode & 0170000) {
                case 0100000 -> Kind.REGULAR;
                case 0040000 -> Kind.DIRECTORY;
                case 0120000 -> Kind.SYMLINK;
                case 0020000 -> Kind.CHARACTER_DEVICE;
                case 0010000 -> Kind.FIFO;
                case 0060000 -> Kind.BLOCK_DEVICE;
                case 0140000 -> Kind.SOCKET;
                default -> Kind.OTHER;
            };
        } catch (NoSuchFileException e) {
            return Kind.ABSENT;
        } catch (UnsupportedOperationException | IllegalArgumentException | IOException notUnix) {
            // Not a POSIX file system view (Windows): the basic attributes tell enough.
            try {
                BasicFileAttributes a = Files.readAttributes(p, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
                return a.isSymbolicLink() ? Kind.SYMLINK : a.isDirectory() ? Kind.DIRECTORY : a.isRegularFile() ? Kind.REGULAR
                        : Kind.OTHER;
            } catch (NoSuchFileException absent) {
                return Kind.ABSENT;
            } catch (IOException other) {
                throw failure(p.toString(), other);
            }
        }
    }

    /**
     * Whether two paths name the same file: the same file if both exist, otherwise the same name in
     * the same real folder (so that {@code ./k.id} and {@code k.id}, or a name through a linked folder,
     * are one file).
     */
    static boolean sameFile(String a, String b) {
        Path pa = Path.of(a).toAbsolutePath().normalize();
        Path pb = Path.of(b).toAbsolutePath().normalize();
        try {
            if (Files.exists(pa) && Files.exists(pb)) {
                return Files.isSameFile(pa, pb);
            }
        } catch (IOException e) {
            // fall back to comparing names
        }
        return real(pa).equals(real(pb));
    }

    /** The path with its folder resolved to its real path where it exists. */
    private static Path real(Path p) {
        Path parent = p.getParent();
        if (parent == null || p.getFileName() == null) {
            return p;
        }
        try {
            return parent.toRealPath().resolve(p.getFileName());
        } catch (IOException e) {
            return p;
        }
    }

    /** The complete contents in a temporary file next to the target, flushed to disk. */
    private static Path stage(Output o) {
        Path target = Path.of(o.path()).toAbsolutePath();
        Path folder = target.getParent();
        removeStaleTemporaries(folder);
        Path tmp = null;
        try {
            tmp = folder.resolve(temporaryName(target.getFileName().toString()));
            FileAttribute<?>[] attributes = o.secret() && folder.getFileSystem().supportedFileAttributeViews().contains("posix")
                    ? new FileAttribute<?>[] {PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------"))}
                    : new FileAttribute<?>[0];
            // Without attributes the file gets 0666 less the umask, as any new file would.
            Files.createFile(tmp, attributes);
            LIVE_TEMPORARIES.add(tmp);
            try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.WRITE)) {
                ByteBuffer b = ByteBuffer.wrap(o.data());
                while (b.hasRemaining()) {
                    ch.write(b);
                }
                ch.force(true);
            }
            return tmp;
        } catch (IOException e) {
            deleteTemporary(tmp);
            throw failure("cannot write " + o.path(), e);
        }
    }

    private static void writeDirect(Output o) {
        try (OutputStream out = Files.newOutputStream(Path.of(o.path()), StandardOpenOption.WRITE)) {
            out.write(o.data());
        } catch (IOException e) {
            throw failure("cannot write " + o.path(), e);
        }
    }

    private static void move(String path, Path tmp, Path target, boolean force) {
        try {
            if (!force) {
                try {
                    // link(2) fails if the target exists, even if it appeared after the check.
                    Files.createLink(target, tmp);
                    return;
                } catch (FileAlreadyExistsException e) {
                    throw e;
                } catch (UnsupportedOperationException | IOException noHardLinks) {
                    if (Files.exists(target, LinkOption.NOFOLLOW_LINKS)) {
                        throw new FileAlreadyExistsException(target.toString());
                    }
                }
            }
            try {
                Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING);
            }
        } catch (FileAlreadyExistsException e) {
            throw failure(path, "exists; choose another name, or add --force to replace it");
        } catch (IOException e) {
            throw failure("cannot write " + path, e);
        }
    }

    /** Flushes a folder's entries to disk, where the platform can (not on Windows). */
    private static void syncFolder(Path folder) {
        try (FileChannel ch = FileChannel.open(folder, StandardOpenOption.READ)) {
            ch.force(true);
        } catch (IOException | UnsupportedOperationException e) {
            // Folders cannot be opened for sync on this platform; the file itself was synced.
        }
    }

    /** Temporary files of this process not yet moved or removed; removed at JVM shutdown. */
    private static final Set<Path> LIVE_TEMPORARIES = ConcurrentHashMap.newKeySet();
    private static final String TEMPORARY_SUFFIX = ".qsafe-tmp";
    private static final Pattern TEMPORARY = Pattern.compile("\\..*\\.(\\d+)-[0-9a-f]{16}" + Pattern.quote(TEMPORARY_SUFFIX));
    private static final SecureRandom RANDOM = new SecureRandom();

    static {
        Runtime.getRuntime().addShutdownHook(new Thread(() -> LIVE_TEMPORARIES.forEach(IoSupport::deleteQuietly),
                "qsafe-temporary-cleanup"));
    }

    /** {@code .NAME.PID-RANDOM.qsafe-tmp}, the name shortened so the whole fits in 255 bytes. */
    private static String temporaryName(String name) {
        String shortName = name.length() > 100 ? name.substring(0, 100) : name;
        return "." + shortName + "." + ProcessHandle.current().pid() + "-" + HexFormat.of().toHexDigits(RANDOM.nextLong())
                + TEMPORARY_SUFFIX;
    }

    /**
     * Removes the temporary files in {@code folder} that a qsafe process which no longer runs left
     * behind (killed before it could clean up); best effort.
     */
    static void removeStaleTemporaries(Path folder) {
        try (DirectoryStream<Path> entries = Files.newDirectoryStream(folder, "*" + TEMPORARY_SUFFIX)) {
            for (Path p : entries) {
                Matcher m = TEMPORARY.matcher(p.getFileName().toString());
                if (!m.matches() || !Files.isRegularFile(p, LinkOption.NOFOLLOW_LINKS) || LIVE_TEMPORARIES.contains(p)) {
                    continue;
                }
                long pid;
                try {
                    pid = Long.parseLong(m.group(1));
                } catch (NumberFormatException e) {
                    continue;
                }
                boolean running = pid != ProcessHandle.current().pid()
                        && ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false);
                if (!running) {
                    deleteQuietly(p);
                }
            }
        } catch (IOException | UncheckedIOException | SecurityException e) {
            // best effort: a folder we cannot list is reported when the write itself fails
        }
    }

    private static void deleteTemporary(Path p) {
        deleteQuietly(p);
        if (p != null) {
            LIVE_TEMPORARIES.remove(p);
        }
    }

    private static void deleteQuietly(Path p) {
        if (p == null) {
            return;
        }
        try {
            Files.deleteIfExists(p);
        } catch (IOException e) {
            // best effort: the error that got us here is the one to report
        }
    }

    /**
     * A one-line error about {@code what} (a path, or what was done to it): what went wrong, in words, never the name of a temporary
     * file (the JDK's messages for a failed move name both files).
     */
    static UncheckedIOException failure(String what, IOException e) {
        String reason = switch (e) {
            case NoSuchFileException x -> "no such file or folder";
            case AccessDeniedException x -> "permission denied";
            case FileAlreadyExistsException x -> "exists";
            case FileSystemException x when x.getReason() != null -> x.getReason();
            default -> e.getMessage() != null ? e.getMessage() : e.getClass().getSimpleName();
        };
        return new UncheckedIOException(what + ": " + reason.substring(0, 1).toLowerCase(Locale.ROOT) + reason.substring(1), e);
    }

    /** A one-line error about {@code what} found before any I/O failed. */
    static UncheckedIOException failure(String what, String reason) {
        return new UncheckedIOException(what + ": " + reason, new IOException(what + ": " + reason));
    }

    /** Base64 in 64-character lines between BEGIN/END lines naming {@code kind}. */
    static byte[] armor(String kind, byte[] data) {
        String body = Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII)).encodeToString(data);
        return ("-----BEGIN QSAFE " + kind + "-----\n" + body + "\n-----END QSAFE " + kind + "-----\n")
                .getBytes(StandardCharsets.US_ASCII);
    }

    /** The binary form: input starting with "-----BEGIN QSAFE " is armored and decoded, anything else is returned as is. */
    static byte[] dearmor(byte[] data, String kind) {
        String prefix = ARMOR_PREFIX + kind + "-----";
        if (data.length < ARMOR_PREFIX.length()
                || !new String(data, 0, ARMOR_PREFIX.length(), StandardCharsets.US_ASCII).equals(ARMOR_PREFIX)) {
            return data;
        }
        String text = new String(data, StandardCharsets.US_ASCII).strip();
        String suffix = "-----END QSAFE " + kind + "-----";
        // The length check keeps a BEGIN line that overlaps the END line from passing both tests.
        if (text.length() < prefix.length() + suffix.length() || !text.startsWith(prefix) || !text.endsWith(suffix)) {
            throw new InvalidInputException("armored input must be between '" + prefix + "' and '" + suffix + "'");
        }
        String body = text.substring(prefix.length(), text.length() - suffix.length()).replaceAll("\\s+", "");
        try {
            return Base64.getDecoder().decode(body);
        } catch (IllegalArgumentException e) {
            throw new InvalidInputException("armored input is not valid base64");
        }
    }

    // ---- streams (version 2 envelopes) ----

    /** Produces an output into a stream; {@link #writeStreaming} keeps it only if this returns normally. */
    interface StreamWriter {
        void write(OutputStream out) throws IOException;
    }

    /** Opens an envelope read from {@code in} into {@code out}, verifying everything before it returns. */
    interface StreamOpener {
        void open(InputStream in, OutputStream out) throws IOException;
    }

    /** Opens {@code path} ("-" or null = {@code stdin}) for reading, buffered. */
    static InputStream openInput(String path, InputStream stdin) {
        if (path == null || path.equals("-")) {
            return new java.io.BufferedInputStream(stdin, 1 << 16);
        }
        Path p = Path.of(path);
        if (Files.isDirectory(p)) {
            throw failure(path, "is a folder, not a file");
        }
        try {
            return new java.io.BufferedInputStream(Files.newInputStream(p), 1 << 16);
        } catch (IOException e) {
            throw failure(path, e);
        }
    }

    /** The size of {@code path} if it is a regular file (not standard input), else -1. */
    static long regularFileSize(String path) {
        if (path == null || path.equals("-")) {
            return -1;
        }
        try {
            Path p = Path.of(path);
            return Files.isRegularFile(p) ? Files.size(p) : -1;
        } catch (IOException e) {
            throw failure(path, e);
        }
    }

    /**
     * Whether an output goes straight to its destination (standard output, a character device, a
     * FIFO), where nothing written can be taken back; otherwise it is staged and moved into place.
     */
    static boolean writesDirectly(String path, Rules rules) {
        if (path == null || path.equals("-")) {
            return true;
        }
        Kind kind = classify(path, rules);
        return kind == Kind.CHARACTER_DEVICE || kind == Kind.FIFO || kind == Kind.OTHER;
    }

    /**
     * Writes what {@code writer} produces to {@code path} ("-" or null = {@code stdout}): a regular file is
     * written to a temporary file in its folder (owner-only for secrets), flushed to disk, and moved
     * into place only if {@code writer} returns normally (as {@link #writeAll}); standard output, a
     * device or a FIFO get the bytes as they come.
     */
    static void writeStreaming(String path, boolean secret, Rules rules, OutputStream stdout, StreamWriter writer) {
        if (writesDirectly(path, rules)) {
            OutputStream target = stdout;
            try {
                if (path != null && !path.equals("-")) {
                    target = Files.newOutputStream(Path.of(path), StandardOpenOption.WRITE);
                }
                OutputStream buffered = new java.io.BufferedOutputStream(target, 1 << 16);
                writer.write(buffered);
                buffered.flush();
            } catch (IOException e) {
                throw failure(path == null || path.equals("-") ? "cannot write to standard output" : "cannot write " + path, e);
            } finally {
                if (target != stdout) {
                    try {
                        target.close();
                    } catch (IOException e) {
                        // reported by the write, if it matters
                    }
                }
            }
            return;
        }
        Path target = Path.of(path).toAbsolutePath();
        Path folder = target.getParent();
        removeStaleTemporaries(folder);
        Path tmp = null;
        try {
            tmp = folder.resolve(temporaryName(target.getFileName().toString()));
            createTemporary(tmp, secret);
            try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.WRITE)) {
                OutputStream buffered = new java.io.BufferedOutputStream(java.nio.channels.Channels.newOutputStream(ch), 1 << 16);
                writer.write(buffered);
                buffered.flush();
                ch.force(true);
            }
            move(path, tmp, target, rules.force()); // the last step: nothing to undo after it
            syncFolder(folder);
        } catch (IOException e) {
            throw failure("cannot write " + path, e);
        } finally {
            deleteTemporary(tmp); // the temporary name (after a link, the target keeps the data)
        }
    }

    /** Creates {@code tmp} (owner-only for secrets, else with the umask's permissions) and registers it for cleanup. */
    private static void createTemporary(Path tmp, boolean secret) throws IOException {
        FileAttribute<?>[] attributes = secret && tmp.getFileSystem().supportedFileAttributeViews().contains("posix")
                ? new FileAttribute<?>[] {PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------"))}
                : new FileAttribute<?>[0];
        Files.createFile(tmp, attributes);
        LIVE_TEMPORARIES.add(tmp);
    }

    /**
     * A new owner-only temporary file in the system's temporary folder, removed by {@link #deleteTemporary}
     * or at JVM shutdown (for a private copy of an envelope, never for plaintext).
     */
    static Path privateTemporary() {
        try {
            Path folder = Path.of(System.getProperty("java.io.tmpdir")).toAbsolutePath();
            removeStaleTemporaries(folder);
            Path tmp = folder.resolve(temporaryName("envelope"));
            createTemporary(tmp, true);
            return tmp;
        } catch (IOException e) {
            throw failure("cannot create a temporary copy of the envelope in " + System.getProperty("java.io.tmpdir"), e);
        }
    }

    /** Removes a temporary file this process created (best effort). */
    static void removeTemporary(Path p) {
        deleteTemporary(p);
    }

    /** Reads {@code in} to its end, copying every byte read to {@code copy}. */
    static final class TeeInputStream extends InputStream {
        private final InputStream in;
        private final OutputStream copy;

        TeeInputStream(InputStream in, OutputStream copy) {
            this.in = in;
            this.copy = copy;
        }

        @Override
        public int read() throws IOException {
            int b = in.read();
            if (b >= 0) {
                copy.write(b);
            }
            return b;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            int n = in.read(b, off, len);
            if (n > 0) {
                copy.write(b, off, n);
            }
            return n;
        }
    }

    /**
     * Counts the bytes read and, on a terminal only, shows them on one line of {@code err} about once a
     * second; {@link #done} clears the line.
     */
    static final class ProgressInputStream extends InputStream {
        private final InputStream in;
        private final java.io.PrintWriter err;
        private final String what;
        private final long total;
        private final boolean enabled;
        private long count;
        private long shown = System.nanoTime();

        private final String source;

        /** {@code source} names the input in errors: a failed read is an {@link UncheckedIOException} naming it. */
        ProgressInputStream(InputStream in, String source, java.io.PrintWriter err, String what, long total) {
            this.in = in;
            this.source = source == null || source.equals("-") ? "standard input" : source;
            this.err = err;
            this.what = what;
            this.total = total;
            this.enabled = System.console() != null && System.console().isTerminal();
        }

        @Override
        public int read() {
            try {
                int b = in.read();
                if (b >= 0) {
                    advance(1);
                }
                return b;
            } catch (IOException e) {
                throw failure("cannot read " + source, e);
            }
        }

        @Override
        public int read(byte[] b, int off, int len) {
            try {
                int n = in.read(b, off, len);
                if (n > 0) {
                    advance(n);
                }
                return n;
            } catch (IOException e) {
                throw failure("cannot read " + source, e);
            }
        }

        private void advance(int n) {
            count += n;
            long now = System.nanoTime();
            if (enabled && now - shown > 1_000_000_000L) {
                shown = now;
                err.print("\r\u001b[K" + what + " " + (count >> 20) + (total > 0 ? " of " + (total >> 20) : "") + " MiB");
                err.flush();
            }
        }

        void done() {
            if (enabled) {
                err.print("\r\u001b[K");
                err.flush();
            }
        }
    }
}
