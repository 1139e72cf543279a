package io.engagementlake.pipeline;

import java.io.IOException;
import java.util.Optional;

/**
 * The one small file a {@link LakeLock} keeps its lease in. Creating it must be atomic (of two
 * creators exactly one succeeds), and a reader must see either a whole lease or none: that is
 * all the lock needs from a file system, and what differs between a local disk and an object
 * store.
 */
interface LeaseFile {
    /** Creates the file with {@code content} unless it exists; false when it exists. */
    boolean createNew(String content) throws IOException;

    /** The content, or empty when there is no file. */
    Optional<String> read() throws IOException;

    /** Replaces the content as a whole (readers see the old or the new lease, never a mix). */
    void replace(String content) throws IOException;

    /**
     * Deletes the file if it still holds {@code expected}: the check and the delete are two
     * steps, so a lease written in between can be lost; its holder notices at its next renewal.
     */
    boolean deleteIf(String expected) throws IOException;

    /** Where the file is, for messages. */
    String location();
}
