package io.engagementlake.serve;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermission;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Predicate;
import java.util.zip.GZIPInputStream;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;

/**
 * Extracts part of the Trino server tarball ({@code trino-server-N.tar.gz}). The tarball
 * stores each jar once and the other copies as hard links, often to a plugin folder that is
 * not kept (a jar of {@code plugin/delta-lake/} may link to {@code plugin/bigquery/}), which
 * Maven's unpack goal turns into empty files. So the archive is read twice: once to learn
 * which links the kept part needs, once to write every kept file and link with its data.
 */
final class TrinoArchive {
    private static final int BUFFER = 1 << 20;

    private TrinoArchive() {}

    /**
     * Writes the entries {@code kept} accepts (names relative to the archive's top folder,
     * e.g. {@code lib/x.jar}) under {@code destination}, keeping executable bits; copies of
     * one jar become hard links again where the file system allows.
     * Returns the number of files written.
     */
    static int extract(Path tarball, Path destination, Predicate<String> kept) throws IOException {
        // Pass 1: link target -> the kept names that are hard links to it.
        Map<String, List<String>> linksByTarget = new HashMap<>();
        try (TarArchiveInputStream tar = open(tarball)) {
            for (TarArchiveEntry entry = tar.getNextEntry(); entry != null; entry = tar.getNextEntry()) {
                String name = relative(entry.getName());
                if (entry.isLink() && kept.test(name)) {
                    linksByTarget.computeIfAbsent(relative(entry.getLinkName()), target -> new ArrayList<>()).add(name);
                }
            }
        }
        // Pass 2: a hard link's target comes before it in a tar, so its data is at hand once.
        Set<String> linksWritten = new HashSet<>();
        int files = 0;
        try (TarArchiveInputStream tar = open(tarball)) {
            for (TarArchiveEntry entry = tar.getNextEntry(); entry != null; entry = tar.getNextEntry()) {
                String name = relative(entry.getName());
                if (entry.isDirectory()) {
                    if (kept.test(name)) {
                        Files.createDirectories(inside(destination, name));
                    }
                    continue;
                }
                if (entry.isSymbolicLink()) {
                    if (kept.test(name)) {
                        Path link = inside(destination, name);
                        Files.createDirectories(link.getParent());
                        Files.createSymbolicLink(link, Path.of(entry.getLinkName()));
                    }
                    continue;
                }
                if (!entry.isFile() || entry.isLink()) {
                    continue;
                }
                List<String> targets = new ArrayList<>();
                if (kept.test(name)) {
                    targets.add(name);
                }
                targets.addAll(linksByTarget.getOrDefault(name, List.of()));
                if (targets.isEmpty()) {
                    continue;
                }
                Path first = inside(destination, targets.get(0));
                Files.createDirectories(first.getParent());
                Files.copy(tar, first, StandardCopyOption.REPLACE_EXISTING);
                executable(first, entry.getMode());
                for (String other : targets.subList(1, targets.size())) {
                    Path copy = inside(destination, other);
                    Files.createDirectories(copy.getParent());
                    Files.deleteIfExists(copy);
                    try {
                        Files.createLink(copy, first);
                    }
                    catch (IOException | UnsupportedOperationException e) {
                        Files.copy(first, copy);
                    }
                    executable(copy, entry.getMode());
                }
                linksWritten.addAll(targets);
                files += targets.size();
            }
        }
        for (List<String> links : linksByTarget.values()) {
            for (String link : links) {
                if (!linksWritten.contains(link)) {
                    throw new IOException(tarball + ": " + link + " links to a file that is not in the archive");
                }
            }
        }
        return files;
    }

    private static TarArchiveInputStream open(Path tarball) throws IOException {
        InputStream file = new BufferedInputStream(Files.newInputStream(tarball), BUFFER);
        return new TarArchiveInputStream(new GZIPInputStream(file, BUFFER));
    }

    /** The name without the archive's top folder ({@code trino-server-476/}). */
    private static String relative(String name) {
        int slash = name.indexOf('/');
        return slash < 0 ? "" : name.substring(slash + 1);
    }

    /** {@code destination/name}, refusing names that would land outside it. */
    private static Path inside(Path destination, String name) {
        Path path = destination.resolve(name).normalize();
        if (!path.startsWith(destination)) {
            throw new UncheckedIOException(new IOException("archive entry outside the installation: " + name));
        }
        return path;
    }

    private static void executable(Path file, int mode) throws IOException {
        if ((mode & 0100) != 0) {
            Set<PosixFilePermission> permissions = new HashSet<>(Files.getPosixFilePermissions(file));
            permissions.add(PosixFilePermission.OWNER_EXECUTE);
            permissions.add(PosixFilePermission.GROUP_EXECUTE);
            permissions.add(PosixFilePermission.OTHERS_EXECUTE);
            Files.setPosixFilePermissions(file, permissions);
        }
    }
}
