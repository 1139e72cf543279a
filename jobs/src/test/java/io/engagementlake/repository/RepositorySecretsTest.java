package io.engagementlake.repository;

import static org.assertj.core.api.Assertions.assertThat;

import io.engagementlake.config.ConfigLoader;
import io.engagementlake.config.EngagementConfig;
import io.engagementlake.io.MetastoreServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Issue 8.6: no credential in any file of the repository, and every server the project starts
 * listens on loopback unless configured otherwise. The scanner is first shown to catch planted
 * examples, which are assembled at run time so that this file itself stays clean.
 */
class RepositorySecretsTest {
    /** Generated or ignored folders, skipped when the checkout has no git metadata to list its files. */
    private static final Set<String> NOT_SOURCES = Set.of(".git", "target", "lake", "metastore_db", "spark-warehouse",
            "__pycache__", "node_modules", ".idea", ".vscode");
    private static final long LARGEST_TEXT_FILE = 5L << 20;

    @Test
    void theScannerFindsPlantedCredentials() {
        String accessKey = "AKIA" + "Q7ZL3W5X2N4B6M8P";
        String sessionKey = "ASIA" + "Z9Y8X7W6V5U4T3S2";
        String keyBlock = "-----BEGIN " + "RSA PRIVATE KEY-----";
        String openSshBlock = "-----BEGIN " + "OPENSSH PRIVATE KEY-----";

        assertThat(CredentialScanner.scan("docs say:\nexport AWS_ACCESS_KEY_ID=" + accessKey + "\n", CredentialScanner.Scope.KEYS_ONLY))
                .containsExactly(new CredentialScanner.Finding(2, "AWS access key id"));
        assertThat(CredentialScanner.scan("token " + sessionKey, CredentialScanner.Scope.KEYS_ONLY)).extracting(CredentialScanner.Finding::kind)
                .containsExactly("AWS access key id");
        assertThat(CredentialScanner.scan(keyBlock + "\nMIIEow...\n", CredentialScanner.Scope.KEYS_ONLY)).extracting(CredentialScanner.Finding::kind)
                .containsExactly("private key block");
        assertThat(CredentialScanner.scan(openSshBlock, CredentialScanner.Scope.KEYS_ONLY)).hasSize(1);

        assertThat(CredentialScanner.scan("aws_secret_access_key = wJalrXUtnFEMI/K7MDENG", CredentialScanner.Scope.CONFIG)).extracting(CredentialScanner.Finding::kind)
                .containsExactly("literal value for aws_secret_access_key");
        assertThat(CredentialScanner.scan("spark:\n  settings:\n    spark.hadoop.fs.s3a.secret.key: \"hunter22\"\n", CredentialScanner.Scope.CONFIG))
                .containsExactly(new CredentialScanner.Finding(3, "literal value for spark.hadoop.fs.s3a.secret.key"));
        assertThat(CredentialScanner.scan("password: s3cr3t   # for the demo", CredentialScanner.Scope.CONFIG)).hasSize(1);
        assertThat(CredentialScanner.scan("    conn_password = 'letmein'", CredentialScanner.Scope.PYTHON)).hasSize(1);
        assertThat(CredentialScanner.scan("  \"api_token\": \"abc123\",", CredentialScanner.Scope.PYTHON)).hasSize(1);
    }

    @Test
    void referencesToTheEnvironmentAndEmptyValuesAreNotCredentials() {
        for (String line : List.of(
                "token_env: \"\"               # name of the environment variable holding the client token",
                "password: \"\"",
                "password: ${ENGAGEMENT_DB_PASSWORD}",
                "spark.hadoop.fs.s3a.secret.key: ${env:AWS_SECRET_ACCESS_KEY}",
                "secret: \"{{ var.value.engagement_secret }}\"",
                "token: null",
                "password: <fill in>",
                "# password: set it in the environment, never here")) {
            assertThat(CredentialScanner.scan(line, CredentialScanner.Scope.CONFIG)).as(line).isEmpty();
        }
        for (String line : List.of(
                "token = os.environ[\"ENGAGEMENT_TOKEN\"]",
                "password = Variable.get(\"engagement_password\")",
                "aws_session_token = session_token",
                "password = \"\"")) {
            assertThat(CredentialScanner.scan(line, CredentialScanner.Scope.PYTHON)).as(line).isEmpty();
        }
        // Outside conf/ and dags/ only key ids and key blocks count: prose about passwords is fine.
        assertThat(CredentialScanner.scan("password: leave it empty", CredentialScanner.Scope.KEYS_ONLY)).isEmpty();
    }

    @Test
    void noTrackedFileHoldsACredential() throws IOException {
        Path home = home();
        List<String> findings = new ArrayList<>();
        List<Path> files = trackedFiles(home);
        for (Path file : files) {
            String relative = home.relativize(file).toString().replace('\\', '/');
            String text = text(file);
            if (text == null) {
                continue;
            }
            CredentialScanner.scan(text, CredentialScanner.Scope.of(relative))
                    .forEach(finding -> findings.add(relative + ":" + finding.line() + ": " + finding.kind()));
        }
        assertThat(files).as("files scanned").hasSizeGreaterThan(100)
                .anySatisfy(file -> assertThat(file.toString()).endsWith("conf/local.yaml"));
        assertThat(findings).as("credentials in the repository").isEmpty();
    }

    @Test
    void everyServerListensOnLoopbackByDefault() throws Exception {
        EngagementConfig config = ConfigLoader.load(home().resolve("conf/local.yaml"), List.of());

        assertThat(InetAddress.getByName(config.serve().host()).isLoopbackAddress()).as("serve.host " + config.serve().host()).isTrue();
        assertThat(InetAddress.getByName(config.bi().host()).isLoopbackAddress()).as("bi.host " + config.bi().host()).isTrue();
        // The Spark driver's own ports (RPC, block manager) and its web UI.
        for (String key : List.of("spark.driver.host", "spark.driver.bindAddress")) {
            String host = config.spark().settings().get(key);
            assertThat(host).as(key).isNotNull();
            assertThat(InetAddress.getByName(host).isLoopbackAddress()).as(key + " " + host).isTrue();
        }
        assertThat(config.spark().settings()).containsEntry("spark.ui.enabled", "false");
        // The Derby network server of the metastore: its host is fixed, not configurable.
        assertThat(config.catalog().type()).isEqualTo("derby_server");
        java.lang.reflect.Field metastoreHost = MetastoreServer.class.getDeclaredField("HOST");
        metastoreHost.setAccessible(true);
        String host = (String) metastoreHost.get(null);
        assertThat(InetAddress.getByName(host).isLoopbackAddress()).as("metastore host " + host).isTrue();
    }

    private static Path home() {
        return Path.of(System.getProperty("engagement.home")).toAbsolutePath().normalize();
    }

    /** The files git tracks, or, in a checkout without git metadata, every file outside generated folders. */
    private static List<Path> trackedFiles(Path home) throws IOException {
        if (Files.isDirectory(home.resolve(".git"))) {
            try {
                Process git = new ProcessBuilder("git", "-C", home.toString(), "ls-files", "-z").redirectErrorStream(false).start();
                byte[] listing = git.getInputStream().readAllBytes();
                if (git.waitFor(60, TimeUnit.SECONDS) && git.exitValue() == 0) {
                    List<Path> files = new ArrayList<>();
                    for (String name : new String(listing, StandardCharsets.UTF_8).split("\0")) {
                        if (!name.isEmpty() && Files.isRegularFile(home.resolve(name))) {
                            files.add(home.resolve(name));
                        }
                    }
                    return files;
                }
            }
            catch (IOException | InterruptedException e) {
                // No git on this machine: walk the tree instead.
            }
        }
        try (Stream<Path> walk = Files.walk(home)) {
            return walk.filter(Files::isRegularFile)
                    .filter(file -> {
                        for (Path part : home.relativize(file)) {
                            if (NOT_SOURCES.contains(part.toString())) {
                                return false;
                            }
                        }
                        return true;
                    })
                    .toList();
        }
    }

    /** The file as UTF-8 text, or null for binary and very large files. */
    private static String text(Path file) {
        try {
            if (Files.size(file) > LARGEST_TEXT_FILE) {
                return null;
            }
            byte[] bytes = Files.readAllBytes(file);
            for (int i = 0; i < Math.min(bytes.length, 8192); i++) {
                if (bytes[i] == 0) {
                    return null;
                }
            }
            return StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .decode(java.nio.ByteBuffer.wrap(bytes)).toString();
        }
        catch (CharacterCodingException e) {
            return null;
        }
        catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
