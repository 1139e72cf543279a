package io.engagementlake.pipeline;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.Optional;
import java.util.UUID;

/**
 * A lease file on a local (or NFS-like POSIX) file system, through {@code java.nio}: Hadoop's
 * local {@code create(path, overwrite=false)} checks for the file and then creates it, two steps
 * that two processes can interleave, while a hard link to a fully written temporary file is
 * created atomically or fails because the name exists.
 */
final class LocalLeaseFile implements LeaseFile {
    private final Path file;

    LocalLeaseFile(Path file) {
        this.file = file.toAbsolutePath();
    }

    @Override
    public boolean createNew(String content) throws IOException {
        Files.createDirectories(file.getParent());
        Path written = writeTemporary(content);
        try {
            Files.createLink(file, written);
            return true;
        }
        catch (FileAlreadyExistsException e) {
            return false;
        }
        catch (UnsupportedOperationException e) {
            // No hard links here: create-new is still atomic, only the content follows it.
            try {
                Files.writeString(file, content, StandardCharsets.UTF_8, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
                return true;
            }
            catch (FileAlreadyExistsException exists) {
                return false;
            }
        }
        finally {
            Files.deleteIfExists(written);
        }
    }

    @Override
    public Optional<String> read() throws IOException {
        try {
            return Optional.of(Files.readString(file, StandardCharsets.UTF_8));
        }
        catch (NoSuchFileException e) {
            return Optional.empty();
        }
    }

    @Override
    public void replace(String content) throws IOException {
        Path written = writeTemporary(content);
        try {
            Files.move(written, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        }
        finally {
            Files.deleteIfExists(written);
        }
    }

    @Override
    public boolean deleteIf(String expected) throws IOException {
        Optional<String> current = read();
        if (current.isEmpty() || !current.get().equals(expected)) {
            return false;
        }
        return Files.deleteIfExists(file);
    }

    @Override
    public String location() {
        return file.toString();
    }

    private Path writeTemporary(String content) throws IOException {
        Path temporary = file.resolveSibling("." + file.getFileName() + "." + UUID.randomUUID() + ".tmp");
        Files.writeString(temporary, content, StandardCharsets.UTF_8, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
        return temporary;
    }
}
