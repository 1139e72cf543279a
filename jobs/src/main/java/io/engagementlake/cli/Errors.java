package io.engagementlake.cli;

import org.apache.spark.sql.AnalysisException;

/** Turns unexpected exceptions into the one line a user sees. */
final class Errors {
    private Errors() {}

    static String oneLine(Throwable exception) {
        Throwable cause = exception;
        // Spark wraps the error that matters; the innermost message names the file or column.
        while (cause.getCause() != null && cause.getCause() != cause && !(cause instanceof AnalysisException)) {
            cause = cause.getCause();
        }
        String message = cause.getMessage() == null ? cause.getClass().getSimpleName() : cause.getMessage();
        // Parse errors start with a line break; the first line with text is the message.
        String line = message.strip().lines().findFirst().orElse(message);
        return cause instanceof AnalysisException ? line : cause.getClass().getSimpleName() + ": " + line;
    }
}
