package io.engagementlake.config;

/**
 * Every error a user can cause, with a stable code that schedulers and support
 * can match on. The process exit status is taken from here as well.
 */
public enum ErrorCode {
    /** A command-line flag or argument is missing, unknown or malformed. */
    BAD_ARGUMENT(2),
    /** A config file is missing, unparsable, has an unknown key or a wrong type. */
    BAD_CONFIG(2),
    /** A date argument or value could not be parsed. */
    BAD_DATE(2),
    /** A folder or file the command needs does not exist. */
    MISSING_INPUT(3),
    /** A landing folder does not follow the {@code date=YYYY-MM-DD} layout. */
    BAD_LANDING_LAYOUT(3),
    /** A table contract in {@code schemas/} is missing or invalid. */
    BAD_CONTRACT(4),
    /** A job's input table has not been built yet: another job must run first. */
    MISSING_DEPENDENCY(5),
    /** A query given to {@code sql} failed to parse or analyse. */
    BAD_QUERY(6),
    /** A run's row accounting does not add up: rows would have been lost. */
    RECONCILIATION_FAILED(7),
    /** The table catalog (metastore) could not be reached or started. */
    METASTORE_UNAVAILABLE(8),
    /** A server was asked to listen beyond this machine without authentication. */
    UNSAFE_BIND(2),
    /** A server cannot listen on its host and port: another process holds the port, or the host is not this machine's. */
    CANNOT_LISTEN(9),
    /** Another run holds the lake's write lock ({@code <lake.root>/_lock}): one writer per lake. */
    LAKE_BUSY(10),
    /** Anything else that stopped a job. */
    JOB_FAILED(1);

    private final int exitStatus;

    ErrorCode(int exitStatus) {
        this.exitStatus = exitStatus;
    }

    public int exitStatus() {
        return exitStatus;
    }
}
