package dev.qsafe.testkit;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.file.FileSystem;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The published test vectors bundled with the kit (Wycheproof, NIST ACVP samples, RFC 9180 and hpke-pq,
 * X-Wing, composite ML-DSA, C2SP CCTV, RFC 7748; the same files qsafe's own engines are tested on, with
 * their README and licences), under {@code META-INF/qsafe-vectors} of the kit's jar. Run them on one
 * engine with {@code VectorRunner.newBuilder(registry).engine(NAME).build().run(List.of(Vectors.root()))},
 * or from the command line with {@code qsafe vectors --engine NAME DIR} on an unpacked copy.
 */
public final class Vectors {
    private static final String FOLDER = "META-INF/qsafe-vectors";
    private static volatile FileSystem jar;

    private Vectors() {
    }

    /** The folder of the bundled vectors: a directory, or a folder inside the kit's jar (read-only). */
    public static Path root() {
        Path location;
        try {
            location = Path.of(Vectors.class.getProtectionDomain().getCodeSource().getLocation().toURI());
        } catch (URISyntaxException | SecurityException e) {
            throw new IllegalStateException("cannot locate the test kit's jar", e);
        }
        Path root;
        if (Files.isDirectory(location)) {
            root = location.resolve(FOLDER);
        } else {
            try {
                synchronized (Vectors.class) {
                    if (jar == null) {
                        jar = FileSystems.newFileSystem(location);
                    }
                }
            } catch (IOException e) {
                throw new UncheckedIOException("cannot open the test kit's jar " + location, e);
            }
            root = jar.getPath("/" + FOLDER);
        }
        if (!Files.isDirectory(root)) {
            throw new IllegalStateException("the test kit has no bundled vectors at " + root
                    + " (it was built without ../shared/vectors: build it with -Dqsafe.vectors.dir=DIR)");
        }
        return root;
    }
}
