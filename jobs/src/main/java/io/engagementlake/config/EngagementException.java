package io.engagementlake.config;

import static java.util.Objects.requireNonNull;

/**
 * An error the user can act on. Its message names the file, row, key or job at
 * fault and is printed as the single line a failing command writes to stderr.
 */
public class EngagementException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private final ErrorCode code;

    public EngagementException(ErrorCode code, String message) {
        super(requireNonNull(message, "message is null"));
        this.code = requireNonNull(code, "code is null");
    }

    public EngagementException(ErrorCode code, String message, Throwable cause) {
        super(requireNonNull(message, "message is null"), cause);
        this.code = requireNonNull(code, "code is null");
    }

    public ErrorCode code() {
        return code;
    }
}
