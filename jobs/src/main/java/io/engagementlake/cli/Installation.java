package io.engagementlake.cli;

import java.nio.file.Path;

/** Where Engagement Lake is installed: bin/engagement passes it as {@code -Dengagement.home}. */
final class Installation {
    private Installation() {}

    static Path home() {
        String home = System.getProperty("engagement.home");
        return (home == null ? Path.of("") : Path.of(home)).toAbsolutePath().normalize();
    }
}
