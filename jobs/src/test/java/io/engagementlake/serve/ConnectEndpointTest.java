package io.engagementlake.serve;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.engagementlake.config.EngagementConfig;
import io.engagementlake.config.EngagementException;
import io.engagementlake.config.ErrorCode;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The address rule of {@code bin/engagement serve}: a loopback address, or a token. The
 * addresses are literals or {@code localhost}, so no name is looked up on the network.
 */
class ConnectEndpointTest {
    private static final Map<String, String> NO_VARIABLES = Map.of();

    @ParameterizedTest
    @ValueSource(strings = {"127.0.0.1", "127.0.0.2", "localhost", "::1"})
    void aLoopbackHostNeedsNoToken(String host) {
        ConnectEndpoint endpoint = ConnectEndpoint.of(serve(host, 15002, ""), NO_VARIABLES);

        assertThat(endpoint.token()).isEmpty();
        assertThat(endpoint.sparkSettings()).doesNotContainKey(ConnectEndpoint.TOKEN_SETTING);
    }

    @Test
    void theSparkSettingsBindTheConfiguredAddressAndDoNotMoveToAnotherPort() {
        ConnectEndpoint endpoint = ConnectEndpoint.of(serve("127.0.0.1", 15002, ""), NO_VARIABLES);

        assertThat(endpoint.sparkSettings()).containsExactlyInAnyOrderEntriesOf(Map.of(
                "spark.connect.grpc.binding.address", "127.0.0.1",
                "spark.connect.grpc.binding.port", "15002",
                "spark.connect.grpc.port.maxRetries", "0"));
        assertThat(endpoint.url()).isEqualTo("sc://127.0.0.1:15002");
    }

    @ParameterizedTest
    @ValueSource(strings = {"0.0.0.0", "192.0.2.10", "::"})
    void aNonLoopbackHostWithoutATokenIsRefusedNamingBothKeys(String host) {
        assertThatThrownBy(() -> ConnectEndpoint.of(serve(host, 15002, ""), NO_VARIABLES))
                .isInstanceOf(EngagementException.class)
                .satisfies(error -> assertThat(((EngagementException) error).code()).isEqualTo(ErrorCode.UNSAFE_BIND))
                .hasMessageContaining("serve.host is " + host)
                .hasMessageContaining("not a loopback address")
                .hasMessageContaining("serve.token_env")
                .hasMessageNotContaining("\n");
    }

    @Test
    void aNonLoopbackHostWithATokenTakesItFromTheNamedVariableAndNeverShowsIt() {
        ConnectEndpoint endpoint = ConnectEndpoint.of(serve("0.0.0.0", 15002, "LAKE_TOKEN"), Map.of("LAKE_TOKEN", "s3cret-token\n"));

        assertThat(endpoint.token()).contains("s3cret-token");
        assertThat(endpoint.sparkSettings()).containsEntry(ConnectEndpoint.TOKEN_SETTING, "s3cret-token")
                .containsEntry("spark.connect.grpc.binding.address", "0.0.0.0");
        assertThat(endpoint.toString()).doesNotContain("s3cret").contains("$LAKE_TOKEN");
        assertThat(endpoint.url()).isEqualTo("sc://0.0.0.0:15002");
    }

    @Test
    void aLoopbackHostWithATokenRequiresIt() {
        ConnectEndpoint endpoint = ConnectEndpoint.of(serve("127.0.0.1", 15002, "LAKE_TOKEN"), Map.of("LAKE_TOKEN", "abc"));

        assertThat(endpoint.sparkSettings()).containsEntry(ConnectEndpoint.TOKEN_SETTING, "abc");
    }

    @Test
    void aTokenVariableThatIsUnsetOrEmptyIsAnErrorEvenOnLoopback() {
        assertThatThrownBy(() -> ConnectEndpoint.of(serve("127.0.0.1", 15002, "LAKE_TOKEN"), NO_VARIABLES))
                .isInstanceOf(EngagementException.class)
                .hasMessageContaining("serve.token_env names the environment variable LAKE_TOKEN, which is not set");
        assertThatThrownBy(() -> ConnectEndpoint.of(serve("0.0.0.0", 15002, "LAKE_TOKEN"), Map.of("LAKE_TOKEN", "  ")))
                .isInstanceOf(EngagementException.class)
                .hasMessageContaining("LAKE_TOKEN, which is empty");
    }

    @Test
    void aHostThatDoesNotResolveIsAConfigError() {
        // .invalid never resolves (RFC 6761).
        assertThatThrownBy(() -> ConnectEndpoint.of(serve("no-such-host.invalid", 15002, ""), NO_VARIABLES))
                .isInstanceOf(EngagementException.class)
                .satisfies(error -> assertThat(((EngagementException) error).code()).isEqualTo(ErrorCode.BAD_CONFIG))
                .hasMessageContaining("serve.host no-such-host.invalid");
    }

    @Test
    void anIpv6HostIsBracketedInTheConnectionString() {
        assertThat(ConnectEndpoint.of(serve("::1", 15002, ""), NO_VARIABLES).url()).isEqualTo("sc://[::1]:15002");
    }

    @Test
    void aTakenPortIsReportedBeforeSparkStarts() throws Exception {
        try (ServerSocket taken = new ServerSocket()) {
            taken.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
            ConnectEndpoint endpoint = ConnectEndpoint.of(serve("127.0.0.1", taken.getLocalPort(), ""), NO_VARIABLES);

            assertThatThrownBy(endpoint::checkCanListen)
                    .isInstanceOf(EngagementException.class)
                    .satisfies(error -> assertThat(((EngagementException) error).code()).isEqualTo(ErrorCode.CANNOT_LISTEN))
                    .hasMessageContaining("cannot listen on 127.0.0.1:" + taken.getLocalPort())
                    .hasMessageContaining("--set serve.port=N");
        }
    }

    @Test
    void aFreePortPassesTheCheckAndStaysFree() throws Exception {
        int port;
        try (ServerSocket probe = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            port = probe.getLocalPort();
        }
        ConnectEndpoint.of(serve("127.0.0.1", port, ""), NO_VARIABLES).checkCanListen();
        try (ServerSocket again = new ServerSocket(port, 1, InetAddress.getLoopbackAddress())) {
            assertThat(again.getLocalPort()).isEqualTo(port);
        }
    }

    private static EngagementConfig.Serve serve(String host, int port, String tokenEnv) {
        return new EngagementConfig.Serve(host, port, tokenEnv);
    }
}
