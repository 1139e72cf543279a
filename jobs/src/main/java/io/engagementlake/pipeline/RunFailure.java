package io.engagementlake.pipeline;

import static java.util.Objects.requireNonNull;

import io.engagementlake.config.EngagementException;
import io.engagementlake.config.ErrorCode;
import org.apache.spark.sql.AnalysisException;

/**
 * Why a command failed, as one line: the code and message that {@code bin/engagement} prints
 * ({@code engagement: error [CODE]: message}) and that {@code pipeline_runs} records for the
 * failed job, made in one place so that the two never disagree.
 */
public record RunFailure(ErrorCode code, String message) {
    public RunFailure {
        requireNonNull(code, "code is null");
        requireNonNull(message, "message is null");
    }

    /** Our own errors keep their code and message; anything else is a {@code JOB_FAILED} with its innermost cause. */
    public static RunFailure of(Throwable exception) {
        if (exception instanceof EngagementException engagement) {
            return new RunFailure(engagement.code(), firstLine(engagement.getMessage()));
        }
        return new RunFailure(ErrorCode.JOB_FAILED, oneLine(exception));
    }

    /** The line a user sees on stderr. */
    public String line() {
        return "engagement: error [" + code + "]: " + message;
    }

    /**
     * The innermost cause's first line: Spark wraps the error that matters, and the innermost
     * message names the file or column. Analysis errors are Spark's own words; other causes are
     * prefixed with their class, which says more than many of their messages.
     */
    public static String oneLine(Throwable exception) {
        Throwable cause = exception;
        while (cause.getCause() != null && cause.getCause() != cause && !(cause instanceof AnalysisException)) {
            cause = cause.getCause();
        }
        String message = cause.getMessage() == null ? cause.getClass().getSimpleName() : cause.getMessage();
        String line = firstLine(message);
        return cause instanceof AnalysisException ? line : cause.getClass().getSimpleName() + ": " + line;
    }

    /** Parse errors start with a line break: the first line with text is the message. */
    private static String firstLine(String message) {
        return message.strip().lines().findFirst().orElse(message);
    }
}
