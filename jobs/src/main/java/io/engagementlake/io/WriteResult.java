package io.engagementlake.io;

/** What a Delta write committed: the table version and the rows it wrote. */
public record WriteResult(String table, long version, long rowsWritten) {}
