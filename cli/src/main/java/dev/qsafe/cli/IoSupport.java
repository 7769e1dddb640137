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

    /** Reads {@code path} ("-" or null = standard input), refusing more than {@code max} bytes. */
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
            try (InputStream in = Files.newInputStream(p)) {
                return bounded(in, max, path);
            }
        } catch (IOException e) {
            throw failure(path, e);
        }
    }

    private static byte[] bounded(InputStream in, long max, String what) throws IOException {
        byte[] data = in.readNBytes((int) Math.min(Integer.MAX_VALUE - 8, max + 1));
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
     * @param secret readable by its owner only (otherwise readable like any new file)
     */
    record Output(String path, byte[] data, boolean secret) {
    }

    /**
     * Writes {@code data} to {@code path} ("-" or null = {@code stdout}) atomically.
     *
     * @param secret create the file readable by its owner only
     */
    static void write(String path, byte[] data, boolean secret, OutputStream stdout) {
        if (path == null || path.equals("-")) {
            try {
                stdout.write(data);
                stdout.flush();
            } catch (IOException e) {
                throw failure("cannot write to standard output", e);
            }
            return;
        }
        writeAll(List.of(new Output(path, data, secret)));
    }

    /**
     * Writes several files all or nothing, as far as a file system allows: each is first written
     * completely to a temporary file in its target folder, and only when all of them are written are
     * they moved into place. If a move still fails, the targets already moved that did not exist
     * before are removed again. No temporary file is left behind.
     */
    static void writeAll(List<Output> outputs) {
        Map<Output, Path> staged = new LinkedHashMap<>();
        List<Path> created = new ArrayList<>();
        boolean done = false;
        try {
            for (Output o : outputs) {
                staged.put(o, stage(o));
            }
            for (Map.Entry<Output, Path> e : staged.entrySet()) {
                Path target = Path.of(e.getKey().path()).toAbsolutePath();
                boolean existed = Files.exists(target, LinkOption.NOFOLLOW_LINKS);
                move(e.getKey().path(), e.getValue(), target);
                if (!existed) {
                    created.add(target);
                }
            }
            done = true;
        } finally {
            staged.values().forEach(IoSupport::deleteQuietly);
            if (!done) {
                created.forEach(IoSupport::deleteQuietly);
            }
        }
    }

    /** The complete contents in a temporary file next to the target, with the target's permissions. */
    private static Path stage(Output o) {
        Path target = Path.of(o.path()).toAbsolutePath();
        if (Files.isDirectory(target)) {
            throw failure("cannot write " + o.path(), "it is a folder");
        }
        Path tmp = null;
        try {
            tmp = Files.createTempFile(target.getParent(), "." + target.getFileName(), ".tmp");
            try {
                // The temporary file starts owner-only; public outputs become readable like any new file.
                Files.setPosixFilePermissions(tmp, PosixFilePermissions.fromString(o.secret() ? "rw-------" : "rw-r--r--"));
            } catch (UnsupportedOperationException notPosix) {
                // Windows: the folder's ACL applies.
            }
            Files.write(tmp, o.data());
            return tmp;
        } catch (IOException e) {
            deleteQuietly(tmp);
            throw failure("cannot write " + o.path(), e);
        }
    }

    private static void move(String path, Path tmp, Path target) {
        try {
            try {
                Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING);
            }
        } catch (IOException e) {
            throw failure("cannot write " + path, e);
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
        if (!text.startsWith(prefix) || !text.endsWith(suffix)) {
            throw new InvalidInputException("armored input must be between '" + prefix + "' and '" + suffix + "'");
        }
        String body = text.substring(prefix.length(), text.length() - suffix.length()).replaceAll("\\s+", "");
        try {
            return Base64.getDecoder().decode(body);
        } catch (IllegalArgumentException e) {
            throw new InvalidInputException("armored input is not valid base64");
        }
    }
}
