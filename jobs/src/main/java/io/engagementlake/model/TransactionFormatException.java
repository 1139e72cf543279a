package io.engagementlake.model;

import java.nio.file.Path;

/**
 * A transaction file that cannot be read as its declared format. The message starts with
 * {@code file:line:} so that the user can go straight to the bad row.
 */
public class TransactionFormatException extends IllegalArgumentException {
    private static final long serialVersionUID = 1L;

    private final String file;
    private final long line;

    /**
     * @param file the file being read
     * @param line the 1-based line number of the bad row
     * @param problem what is wrong with it
     */
    public TransactionFormatException(Path file, long line, String problem) {
        super(file + ":" + line + ": " + problem);
        this.file = String.valueOf(file);
        this.line = line;
    }

    /** The file being read. */
    public String file() {
        return file;
    }

    /** The 1-based line number of the bad row. */
    public long line() {
        return line;
    }
}
