package io.engagementlake.cli;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.checksums.RequestChecksumCalculation;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.S3Object;

/**
 * An S3-compatible object store for integration tests: S3Proxy ({@code org.gaul:s3proxy}, the
 * self-contained {@code jar-with-dependencies} that the build copies to {@code target/s3proxy})
 * on 127.0.0.1 at a free port, keeping its buckets in a folder.
 *
 * <p>It runs in a JVM of its own: its Jetty 12, AWS SDK, Guava and Logback are other versions
 * than Spark's on the test classpath. It checks AWS signatures against a key pair made up for
 * this server alone, so a client only gets in with the keys it is handed here (as environment
 * variables, the way a user gives them to {@code bin/engagement}); no key is written in the repo.
 */
final class S3Server implements AutoCloseable {
    static final String REGION = "us-east-1";
    private static final long START_TIMEOUT_MILLIS = 60_000;

    private final Process process;
    private final URI endpoint;
    private final String accessKey;
    private final String secretKey;
    private final Path log;
    private final S3Client client;

    private S3Server(Process process, URI endpoint, String accessKey, String secretKey, Path log) {
        this.process = process;
        this.endpoint = endpoint;
        this.accessKey = accessKey;
        this.secretKey = secretKey;
        this.log = log;
        this.client = S3Client.builder()
                .endpointOverride(endpoint)
                .region(Region.of(REGION))
                .forcePathStyle(true)
                // Checksums only where S3 requires them, as S3A does for stores other than AWS.
                .requestChecksumCalculation(RequestChecksumCalculation.WHEN_REQUIRED)
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create(accessKey, secretKey)))
                .build();
    }

    /** Starts a server whose buckets live in {@code folder/buckets}; returns once it answers. */
    static S3Server start(Path folder) throws IOException, InterruptedException {
        Path jar = CliProcess.home().resolve("jobs/target/s3proxy/s3proxy.jar");
        if (!Files.isRegularFile(jar)) {
            throw new IllegalStateException(jar + " is missing: the build copies it in pre-integration-test (./mvnw verify)");
        }
        Path buckets = Files.createDirectories(folder.resolve("buckets"));
        int port = freePort();
        URI endpoint = URI.create("http://127.0.0.1:" + port);
        String accessKey = "test" + randomHex(8);
        String secretKey = randomHex(20);
        Path properties = folder.resolve("s3proxy.properties");
        Files.writeString(properties, String.join("\n",
                "s3proxy.endpoint=" + endpoint,
                "s3proxy.authorization=aws-v2-or-v4",
                "s3proxy.identity=" + accessKey,
                "s3proxy.credential=" + secretKey,
                "jclouds.provider=filesystem-nio2",
                "jclouds.filesystem.basedir=" + buckets,
                "jclouds.identity=" + accessKey,
                "jclouds.credential=" + secretKey,
                ""), StandardCharsets.UTF_8);
        Path log = folder.resolve("s3proxy.log");
        List<String> command = new ArrayList<>();
        command.add(ProcessHandle.current().info().command().orElse("java"));
        command.addAll(List.of("-Xmx512m", "-jar", jar.toString(), "--properties", properties.toString()));
        Process process = new ProcessBuilder(command)
                .redirectErrorStream(true)
                .redirectOutput(log.toFile())
                .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")))
                .start();
        S3Server server = new S3Server(process, endpoint, accessKey, secretKey, log);
        server.awaitAnswer();
        return server;
    }

    URI endpoint() {
        return endpoint;
    }

    /** The environment a process needs to reach this server with the AWS SDK's default credential chain. */
    Map<String, String> credentialsEnvironment() {
        return Map.of("AWS_ACCESS_KEY_ID", accessKey, "AWS_SECRET_ACCESS_KEY", secretKey);
    }

    void createBucket(String bucket) {
        client.createBucket(request -> request.bucket(bucket));
    }

    /** Uploads every file under {@code folder} to {@code bucket} under {@code prefix}/, keeping relative paths; returns how many. */
    int upload(Path folder, String bucket, String prefix) throws IOException {
        List<Path> files;
        try (Stream<Path> walk = Files.walk(folder)) {
            files = walk.filter(Files::isRegularFile).sorted().toList();
        }
        for (Path file : files) {
            String key = prefix + "/" + folder.relativize(file).toString().replace('\\', '/');
            client.putObject(request -> request.bucket(bucket).key(key), RequestBody.fromFile(file));
        }
        return files.size();
    }

    /** The keys of {@code bucket} that start with {@code prefix}. */
    List<String> keys(String bucket, String prefix) {
        return client.listObjectsV2Paginator(request -> request.bucket(bucket).prefix(prefix)).contents().stream()
                .map(S3Object::key).toList();
    }

    /** The object's content as UTF-8 text. */
    String read(String bucket, String key) {
        return client.getObjectAsBytes(request -> request.bucket(bucket).key(key)).asUtf8String();
    }

    private void awaitAnswer() throws IOException, InterruptedException {
        long deadline = System.currentTimeMillis() + START_TIMEOUT_MILLIS;
        while (true) {
            if (!process.isAlive()) {
                throw new IllegalStateException("S3Proxy exited with " + process.exitValue() + ": " + logTail());
            }
            try {
                client.listBuckets();
                return;
            }
            catch (SdkException notYet) {
                if (System.currentTimeMillis() > deadline) {
                    close();
                    throw new IllegalStateException("S3Proxy did not answer on " + endpoint + " within "
                            + START_TIMEOUT_MILLIS / 1000 + " s: " + notYet.getMessage() + "; log: " + logTail());
                }
                Thread.sleep(250);
            }
        }
    }

    private String logTail() throws IOException {
        List<String> lines = Files.exists(log) ? Files.readAllLines(log) : List.of();
        return String.join(" | ", lines.subList(Math.max(0, lines.size() - 10), lines.size()));
    }

    private static String randomHex(int bytes) {
        byte[] random = new byte[bytes];
        new SecureRandom().nextBytes(random);
        return HexFormat.of().formatHex(random);
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }

    @Override
    public void close() {
        client.close();
        process.destroy();
        try {
            if (!process.waitFor(20, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            }
        }
        catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
    }
}
