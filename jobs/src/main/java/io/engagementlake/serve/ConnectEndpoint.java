package io.engagementlake.serve;

import static java.util.Objects.requireNonNull;

import io.engagementlake.config.EngagementConfig;
import io.engagementlake.config.EngagementException;
import io.engagementlake.config.ErrorCode;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.UnknownHostException;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * Where {@code bin/engagement serve} listens and which token clients must present: the
 * {@code serve} section of the config with the token read from the environment variable that
 * {@code serve.token_env} names (the secret never lives in {@code conf/}).
 *
 * <p>Spark Connect has no users and no TLS of its own: whoever reaches the port can read every
 * table and run any SQL as this process. So the endpoint listens on a loopback address unless a
 * token is configured; {@link #of} refuses anything else with one error naming the keys.
 */
public record ConnectEndpoint(String host, int port, String tokenVariable, Optional<String> token) {
    /** The Spark setting that makes the server accept only calls with {@code Authorization: Bearer <token>}. */
    public static final String TOKEN_SETTING = "spark.connect.authenticate.token";

    public ConnectEndpoint {
        requireNonNull(host, "host is null");
        requireNonNull(tokenVariable, "tokenVariable is null");
        requireNonNull(token, "token is null");
    }

    /**
     * The endpoint of {@code serve}, with the token looked up in {@code environment}.
     *
     * @throws EngagementException {@link ErrorCode#UNSAFE_BIND} when {@code serve.host} is not a
     *     loopback address and no token is configured; {@link ErrorCode#BAD_CONFIG} when
     *     {@code serve.token_env} names a variable that is unset or empty, or when
     *     {@code serve.host} does not resolve
     */
    public static ConnectEndpoint of(EngagementConfig.Serve serve, Map<String, String> environment) {
        String variable = serve.tokenEnv().strip();
        Optional<String> token = Optional.empty();
        if (!variable.isEmpty()) {
            String value = environment.get(variable);
            if (value == null || value.isBlank()) {
                throw new EngagementException(ErrorCode.BAD_CONFIG, "serve.token_env names the environment variable " + variable
                        + ", which is " + (value == null ? "not set" : "empty") + "; export the token clients must present in it,"
                        + " or set serve.token_env to \"\" to serve without a token on a loopback serve.host");
            }
            token = Optional.of(value.strip());
        }
        if (token.isEmpty() && !isLoopback(serve.host())) {
            throw new EngagementException(ErrorCode.UNSAFE_BIND, "serve.host is " + serve.host() + ", which is not a loopback address,"
                    + " and serve.token_env is empty: Spark Connect would let anyone who reaches the port read the lake."
                    + " Keep serve.host at 127.0.0.1 (and use an SSH tunnel), or set serve.token_env to an environment variable"
                    + " holding a token (see docs/serve-spark-connect.md)");
        }
        return new ConnectEndpoint(serve.host(), serve.port(), variable, token);
    }

    /** True when every address {@code host} stands for is a loopback one (127.0.0.0/8, ::1). */
    static boolean isLoopback(String host) {
        try {
            InetAddress[] addresses = InetAddress.getAllByName(host);
            return addresses.length > 0 && Arrays.stream(addresses).allMatch(InetAddress::isLoopbackAddress);
        }
        catch (UnknownHostException e) {
            throw new EngagementException(ErrorCode.BAD_CONFIG, "serve.host " + host + " does not resolve to an address of this machine", e);
        }
    }

    /** The Spark settings that make the Connect service listen here, with the token if any. */
    public Map<String, String> sparkSettings() {
        Map<String, String> settings = new LinkedHashMap<>();
        settings.put("spark.connect.grpc.binding.address", host);
        settings.put("spark.connect.grpc.binding.port", String.valueOf(port));
        // Fail when the port is taken rather than quietly moving to the next one, which the
        // printed address and every client's connection string would then miss.
        settings.put("spark.connect.grpc.port.maxRetries", "0");
        token.ifPresent(value -> settings.put(TOKEN_SETTING, value));
        return settings;
    }

    /** The connection string clients use, without the token: {@code sc://host:port}. */
    public String url() {
        String shown = host.contains(":") && !host.startsWith("[") ? "[" + host + "]" : host;
        return "sc://" + shown + ":" + port;
    }

    /**
     * Fails with {@link ErrorCode#CANNOT_LISTEN} when the address cannot be bound right now
     * (the port is taken, or the host is not this machine's), before Spark spends its start-up
     * time; the Connect service's own bind failure says the same if the port is taken later.
     */
    public void checkCanListen() {
        try (ServerSocket socket = new ServerSocket()) {
            socket.bind(new InetSocketAddress(host, port));
        }
        catch (IOException e) {
            throw cannotListen(e);
        }
    }

    EngagementException cannotListen(Throwable cause) {
        String reason = cause.getMessage() == null ? cause.getClass().getSimpleName() : cause.getMessage();
        // Spark's bind error appends advice about its own port settings; the reason comes first.
        int advice = reason.indexOf(": Service");
        reason = advice < 0 ? reason : reason.substring(0, advice);
        String hint = reason.toLowerCase(Locale.ROOT).contains("in use")
                ? "is another serve running? Stop it, or pick another port with --set serve.port=N"
                : "serve.host must be an address of this machine";
        return new EngagementException(ErrorCode.CANNOT_LISTEN, "cannot listen on " + host + ":" + port + " (" + reason + "); " + hint, cause);
    }

    /** Never shows the token. */
    @Override
    public String toString() {
        return "ConnectEndpoint[" + url() + (token.isPresent() ? ", token from $" + tokenVariable : ", no token") + "]";
    }
}
