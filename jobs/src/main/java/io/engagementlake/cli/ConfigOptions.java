package io.engagementlake.cli;

import io.engagementlake.config.ConfigLoader;
import io.engagementlake.config.EngagementConfig;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Option;

/** {@code --conf FILE} and {@code --set key=value}, shared by every command that reads the lake. */
public final class ConfigOptions {
    @Option(names = "--conf", paramLabel = "FILE", description = "Config file (default: conf/local.yaml of the installation).")
    Path conf;

    @Option(names = "--set", paramLabel = "KEY=VALUE", description = "Override one config key, e.g. --set windows.economic_days=400 (repeatable).")
    List<String> overrides = new ArrayList<>();

    public EngagementConfig load() {
        return ConfigLoader.load(confFile(), overrides);
    }

    public Path confFile() {
        return conf != null ? conf : Installation.home().resolve("conf/local.yaml");
    }
}
