package io.engagementlake.io;

import io.engagementlake.config.EngagementException;
import io.engagementlake.config.ErrorCode;
import java.io.FileNotFoundException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;

/**
 * The landing zone {@code <lake.raw>/<source>/date=YYYY-MM-DD/<files>}, listed through the
 * Hadoop file system API so that local folders and {@code s3a://} buckets work alike.
 */
public final class LandingZone {
    private static final Pattern DATE_FOLDER = Pattern.compile("date=(.+)");

    private final String root;
    private final Configuration hadoopConfiguration;

    public LandingZone(String root, Configuration hadoopConfiguration) {
        this.root = root;
        this.hadoopConfiguration = hadoopConfiguration;
    }

    public String root() {
        return root;
    }

    /** Fails with one clear line when the landing zone root does not exist. */
    public void requireExists() {
        try {
            Path path = new Path(root);
            if (!path.getFileSystem(hadoopConfiguration).exists(path)) {
                throw new EngagementException(ErrorCode.MISSING_INPUT,
                        "landing zone not found: " + root + " (set lake.raw, or run 'bin/engagement generate --out " + root + "')");
            }
        }
        catch (IOException e) {
            throw new UncheckedIOException("cannot read landing zone " + root, e);
        }
    }

    /**
     * Every data file of {@code source} whose landing date is on or before {@code asOf},
     * ordered by landing date then path. Names starting with {@code _} or {@code .} are
     * markers or temporary files of the writer and are skipped, as Spark and Hadoop do.
     */
    public List<LandedFile> list(String source, LocalDate asOf) {
        Path sourceFolder = new Path(root, source);
        List<LandedFile> files = new ArrayList<>();
        try {
            FileSystem fileSystem = sourceFolder.getFileSystem(hadoopConfiguration);
            FileStatus[] folders;
            try {
                folders = fileSystem.listStatus(sourceFolder);
            }
            catch (FileNotFoundException e) {
                return List.of();
            }
            for (FileStatus folder : folders) {
                String name = folder.getPath().getName();
                if (isHidden(name)) {
                    continue;
                }
                LocalDate landingDate = landingDate(folder);
                if (landingDate.isAfter(asOf)) {
                    continue;
                }
                for (FileStatus file : fileSystem.listStatus(folder.getPath())) {
                    if (file.isFile() && !isHidden(file.getPath().getName())) {
                        files.add(new LandedFile(file.getPath().toString(), landingDate, file.getLen()));
                    }
                }
            }
        }
        catch (IOException e) {
            throw new UncheckedIOException("cannot list landing folder " + sourceFolder, e);
        }
        files.sort(Comparator.comparing(LandedFile::landingDate).thenComparing(LandedFile::path));
        return files;
    }

    private static LocalDate landingDate(FileStatus folder) {
        Matcher matcher = DATE_FOLDER.matcher(folder.getPath().getName());
        if (!folder.isDirectory() || !matcher.matches()) {
            throw new EngagementException(ErrorCode.BAD_LANDING_LAYOUT,
                    "unexpected entry in the landing zone: " + folder.getPath() + " (expected folders named date=YYYY-MM-DD)");
        }
        try {
            return LocalDate.parse(matcher.group(1));
        }
        catch (DateTimeParseException e) {
            throw new EngagementException(ErrorCode.BAD_LANDING_LAYOUT,
                    "landing folder " + folder.getPath() + " has no valid date (expected date=YYYY-MM-DD)");
        }
    }

    private static boolean isHidden(String name) {
        return name.startsWith("_") || name.startsWith(".");
    }
}
