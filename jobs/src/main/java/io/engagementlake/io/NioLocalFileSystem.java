package io.engagementlake.io;

import java.io.IOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.attribute.PosixFilePermissions;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.ChecksumFs;
import org.apache.hadoop.fs.DelegateToFileSystem;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FsServerDefaults;
import org.apache.hadoop.fs.LocalFileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.fs.RawLocalFileSystem;
import org.apache.hadoop.fs.local.LocalConfigKeys;
import org.apache.hadoop.fs.permission.FsPermission;

/**
 * Hadoop's local file system ({@code file:}), checksums and all, except that it sets
 * permissions and looks for symbolic links with Java NIO. Without Hadoop's native library,
 * which no Maven artifact ships, {@link RawLocalFileSystem} forks a {@code chmod} process for
 * every file it creates and a {@code readlink} for every rename (each Delta commit renames):
 * about 2,300 forks of the multi-gigabyte driver in one run over 100,000 customers.
 * {@link SparkSessions} uses it, and {@link Fs} for {@code FileContext}, on the embedded local
 * master.
 */
public final class NioLocalFileSystem extends LocalFileSystem {
    public NioLocalFileSystem() {
        super(new NioRawLocalFileSystem());
    }

    /** The raw file system under the checksums. */
    public static final class NioRawLocalFileSystem extends RawLocalFileSystem {
        @Override
        public void setPermission(Path path, FsPermission permission) throws IOException {
            // The sticky, setuid and setgid bits have no NIO equivalent: those few go Hadoop's way.
            if (permission.getStickyBit() || permission.toShort() > 0777) {
                super.setPermission(path, permission);
                return;
            }
            try {
                Files.setPosixFilePermissions(pathToFile(path).toPath(), PosixFilePermissions.fromString(permission.toString()));
            }
            catch (UnsupportedOperationException e) {
                super.setPermission(path, permission);
            }
        }

        /** Hadoop's own answer for a path that is not a link is its plain status, found after a {@code readlink}. */
        @Override
        public FileStatus getFileLinkStatus(Path path) throws IOException {
            if (!Files.isSymbolicLink(pathToFile(path).toPath())) {
                return getFileStatus(path);
            }
            return super.getFileLinkStatus(path);
        }
    }

    /**
     * The same for Hadoop's {@code FileContext} API ({@code fs.AbstractFileSystem.file.impl}),
     * which Delta's log store uses to commit: {@code LocalFs}, over the NIO raw file system.
     */
    public static final class Fs extends ChecksumFs {
        public Fs(URI uri, Configuration conf) throws IOException, URISyntaxException {
            super(new RawFs(uri, conf));
        }
    }

    /** {@code org.apache.hadoop.fs.local.RawLocalFs}, whose constructors are not public. */
    static final class RawFs extends DelegateToFileSystem {
        RawFs(URI uri, Configuration conf) throws IOException, URISyntaxException {
            super(uri, new NioRawLocalFileSystem(), conf, "file", false);
        }

        @Override
        public int getUriDefaultPort() {
            return -1;
        }

        @Override
        public FsServerDefaults getServerDefaults(Path path) throws IOException {
            return LocalConfigKeys.getServerDefaults();
        }

        @Override
        @SuppressWarnings("deprecation")
        public FsServerDefaults getServerDefaults() throws IOException {
            return LocalConfigKeys.getServerDefaults();
        }

        @Override
        public boolean isValidName(String source) {
            return true;
        }
    }
}
