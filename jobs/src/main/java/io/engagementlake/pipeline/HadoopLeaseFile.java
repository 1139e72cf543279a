package io.engagementlake.pipeline;

import java.io.FileNotFoundException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import org.apache.commons.io.IOUtils;
import org.apache.hadoop.fs.FSDataOutputStream;
import org.apache.hadoop.fs.FSDataOutputStreamBuilder;
import org.apache.hadoop.fs.FileAlreadyExistsException;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Options;
import org.apache.hadoop.fs.Path;

/**
 * A lease file on a Hadoop file system other than the local one (HDFS, S3A, ABFS...). The
 * create asks for {@code overwrite=false} and, where the store supports it, an atomic
 * create-if-absent at close ({@code fs.option.create.conditional.overwrite}: on S3A a PUT with
 * {@code If-None-Match: *}); a store that supports neither makes the lock advisory, which
 * docs/operations.md says.
 */
final class HadoopLeaseFile implements LeaseFile {
    private final FileSystem fileSystem;
    private final Path file;

    HadoopLeaseFile(FileSystem fileSystem, Path file) {
        this.fileSystem = fileSystem;
        this.file = file;
    }

    @Override
    public boolean createNew(String content) throws IOException {
        FSDataOutputStreamBuilder<?, ?> create = fileSystem.createFile(file);
        create.overwrite(false);
        create.opt(Options.CreateFileOptionKeys.FS_OPTION_CREATE_CONDITIONAL_OVERWRITE, true);
        try (FSDataOutputStream out = create.build()) {
            out.write(content.getBytes(StandardCharsets.UTF_8));
        }
        catch (FileAlreadyExistsException e) {
            return false;
        }
        catch (IOException e) {
            // A conditional PUT that lost the race fails at close with the store's own
            // exception (412 Precondition Failed); the file is then someone else's.
            if (read().map(existing -> !existing.equals(content)).orElse(false)) {
                return false;
            }
            throw e;
        }
        return true;
    }

    @Override
    public Optional<String> read() throws IOException {
        try (var in = fileSystem.open(file)) {
            return Optional.of(IOUtils.toString(in, StandardCharsets.UTF_8));
        }
        catch (FileNotFoundException e) {
            return Optional.empty();
        }
    }

    @Override
    public void replace(String content) throws IOException {
        // Object stores publish the object whole at close; HDFS may show a short file for a moment.
        try (FSDataOutputStream out = fileSystem.create(file, true)) {
            out.write(content.getBytes(StandardCharsets.UTF_8));
        }
    }

    @Override
    public boolean deleteIf(String expected) throws IOException {
        Optional<String> current = read();
        if (current.isEmpty() || !current.get().equals(expected)) {
            return false;
        }
        return fileSystem.delete(file, false);
    }

    @Override
    public String location() {
        return file.toString();
    }
}
