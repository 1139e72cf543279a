package io.engagementlake.privacy;

import io.engagementlake.config.EngagementException;
import io.engagementlake.config.ErrorCode;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.Map;
import java.util.function.Function;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileAlreadyExistsException;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;

/**
 * The salt of the erasure audit's hashes, and where it came from. Either the value of the
 * environment variable that {@code privacy.salt_env} names (kept outside the lake, e.g. in a
 * secret store: someone who can read the lake cannot test guessed ids against the audit), or,
 * when {@code privacy.salt_env} is empty, a random salt created once under the lake root at
 * {@code <lake.root>/_privacy/erasure_salt} (nothing to set up; but whoever reads the lake
 * reads the salt too, so the hashes then only keep ids out of sight, not out of reach of a
 * guess). The salt must never change for a lake: a new salt makes earlier audit rows
 * impossible to match.
 */
public record ErasureSalt(String value, String source) {
    /** The salt file's path under the lake root. */
    public static final String FILE = "_privacy/erasure_salt";
    private static final int BYTES = 32;

    public ErasureSalt {
        if (value == null || value.isEmpty()) {
            throw new IllegalArgumentException("salt must not be empty");
        }
    }

    /** The salt of the lake at {@code root}: from the environment variable {@code saltEnv} names, or the lake's own. */
    public static ErasureSalt resolve(String saltEnv, String root, Configuration hadoop) {
        return resolve(saltEnv, root, hadoop, System::getenv);
    }

    static ErasureSalt resolve(String saltEnv, String root, Configuration hadoop, Function<String, String> environment) {
        if (!saltEnv.isEmpty()) {
            String value = environment.apply(saltEnv);
            if (value == null || value.isEmpty()) {
                throw new EngagementException(ErrorCode.BAD_CONFIG, "privacy.salt_env names the environment variable " + saltEnv
                        + ", which is not set: export it (the same value for every erasure of this lake), or set privacy.salt_env to \"\" to use the lake's own salt");
            }
            return new ErasureSalt(value, "env:" + saltEnv);
        }
        return new ErasureSalt(lakeSalt(new Path(root, FILE), hadoop), "lake:" + FILE);
    }

    /** Reads the lake's salt file, creating it with a random salt if it does not exist (first writer wins). */
    private static String lakeSalt(Path file, Configuration hadoop) {
        try {
            FileSystem fileSystem = file.getFileSystem(hadoop);
            if (!fileSystem.exists(file)) {
                byte[] random = new byte[BYTES];
                new SecureRandom().nextBytes(random);
                try (OutputStream out = fileSystem.create(file, false)) {
                    out.write(HexFormat.of().formatHex(random).getBytes(StandardCharsets.US_ASCII));
                }
                catch (FileAlreadyExistsException e) {
                    // created by another process between our look and our create: read theirs
                }
            }
            try (InputStream in = fileSystem.open(file)) {
                String salt = new String(in.readAllBytes(), StandardCharsets.US_ASCII).strip();
                if (salt.isEmpty()) {
                    throw new EngagementException(ErrorCode.BAD_CONFIG, "the lake's erasure salt " + file + " is empty; restore it from a backup"
                            + " (a new salt would make earlier audit rows impossible to match)");
                }
                return salt;
            }
        }
        catch (IOException e) {
            throw new UncheckedIOException("cannot read or create the erasure salt " + file + ": " + e.getMessage(), e);
        }
    }

    /** For tests: an environment of fixed variables. */
    static Function<String, String> environment(Map<String, String> variables) {
        return variables::get;
    }
}
