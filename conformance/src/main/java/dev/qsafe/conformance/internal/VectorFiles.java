package dev.qsafe.conformance.internal;

import dev.qsafe.api.InvalidInputException;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import java.util.zip.GZIPInputStream;

/** Finding vector files under the roots given, and reading one with a size limit. */
public final class VectorFiles {
    private VectorFiles() {
    }

    /**
     * The regular files under {@code roots}: a file as given, a directory walked recursively (links not
     * followed) in path order; a file reached twice is listed once.
     *
     * @throws InvalidInputException if a root does not exist
     * @throws UncheckedIOException  if a directory cannot be walked
     */
    public static List<Path> list(List<Path> roots) {
        Map<Path, Path> files = new LinkedHashMap<>();
        for (Path root : roots) {
            if (Files.isRegularFile(root)) {
                files.putIfAbsent(root.toAbsolutePath().normalize(), root);
            } else if (Files.isDirectory(root)) {
                try (Stream<Path> walk = Files.walk(root)) {
                    walk.filter(Files::isRegularFile).sorted(Comparator.comparing(Path::toString))
                            .forEach(p -> files.putIfAbsent(p.toAbsolutePath().normalize(), p));
                } catch (IOException e) {
                    throw new UncheckedIOException("cannot list " + root + ": " + e.getMessage(), e);
                }
            } else {
                throw new InvalidInputException("no such file or directory: " + root);
            }
        }
        return new ArrayList<>(files.values());
    }

    /** The file's name without a trailing {@code .gz}. */
    static String baseName(Path file) {
        String name = file.getFileName().toString();
        return name.endsWith(".gz") ? name.substring(0, name.length() - 3) : name;
    }

    /**
     * The file's content, gunzipped if its name ends with {@code .gz}.
     *
     * @throws MalformedVectorException if it (or its decompressed content) is larger than {@code maxBytes},
     *                                  is not valid gzip, or cannot be read
     */
    static byte[] read(Path file, long maxBytes) {
        try (InputStream raw = Files.newInputStream(file);
             InputStream in = file.getFileName().toString().endsWith(".gz") ? new GZIPInputStream(raw) : raw) {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            byte[] buffer = new byte[64 * 1024];
            long total = 0;
            for (int n; (n = in.read(buffer)) != -1; ) {
                total += n;
                if (total > maxBytes) {
                    throw new MalformedVectorException("larger than the limit of " + maxBytes + " bytes");
                }
                out.write(buffer, 0, n);
            }
            return out.toByteArray();
        } catch (IOException e) {
            throw new MalformedVectorException("cannot read: " + e.getMessage(), e);
        }
    }
}
