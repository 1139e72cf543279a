package io.engagementlake.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code bin/engagement clv-fit} on the real CDNOW sample must print the published estimates
 * (Fader, Hardie &amp; Lee 2005; Fader &amp; Hardie 2013) within their rounding.
 */
class ClvFitIT {
    private static final Path SAMPLE = CliProcess.home().resolve("../shared/data/cdnow/CDNOW_sample.txt").normalize();

    @Test
    void printsThePublishedEstimatesOnTheCdnowSample() throws Exception {
        CliProcess.Result result = CliProcess.run("clv-fit", "--transactions", SAMPLE.toString(), "--input-format", "cdnow",
                "--calibration-end", "1997-09-30", "--holdout-end", "1998-06-30", "--time-unit", "weeks");

        assertThat(result.exitStatus()).as(result.stderr()).isZero();
        JsonNode fit = new ObjectMapper().readTree(result.stdout());
        JsonNode bgnbd = fit.path("bgnbd");
        assertThat(bgnbd.path("r").asDouble()).isCloseTo(0.243, within(0.0005));
        assertThat(bgnbd.path("alpha").asDouble()).isCloseTo(4.414, within(0.0005));
        assertThat(bgnbd.path("a").asDouble()).isCloseTo(0.793, within(0.0005));
        assertThat(bgnbd.path("b").asDouble()).isCloseTo(2.426, within(0.0005));
        assertThat(bgnbd.path("log_likelihood").asDouble()).isCloseTo(-9582.4, within(0.05));
        assertThat(bgnbd.path("converged").asBoolean()).isTrue();
        JsonNode gammaGamma = fit.path("gamma_gamma");
        assertThat(gammaGamma.path("customers").asLong()).isEqualTo(946);
        assertThat(gammaGamma.path("p").asDouble()).isCloseTo(6.25, within(0.005));
        assertThat(gammaGamma.path("q").asDouble()).isCloseTo(3.74, within(0.005));
        assertThat(gammaGamma.path("gamma").asDouble()).isCloseTo(15.44, within(0.005));
        JsonNode holdout = fit.path("holdout");
        assertThat(holdout.path("actual").asDouble()).isEqualTo(1882.0);
        assertThat(holdout.path("predicted").asDouble()).isCloseTo(1653.4, within(0.05));
        assertThat(holdout.path("by_frequency")).hasSize(8);
        assertThat(holdout.path("by_frequency").get(7).path("frequency").asText()).isEqualTo("7+");
    }

    @Test
    void aBadRowIsNamedByFileAndLine(@TempDir Path folder) throws Exception {
        Path file = folder.resolve("tx.csv");
        Files.writeString(file, "customer_id,date,amount\nA,2025-01-01,10\nB,2025-02-30,5\n");

        CliProcess.Result result = CliProcess.run("clv-fit", "--transactions", file.toString(), "--input-format", "csv",
                "--calibration-end", "2025-06-30");

        assertThat(result.exitStatus()).isEqualTo(2);
        assertThat(result.errorLines()).singleElement().asString()
                .isEqualTo("engagement: error [BAD_ARGUMENT]: bad csv transaction file: " + file
                        + ":3: date '2025-02-30' is not a valid YYYY-MM-DD date");
        assertThat(result.stdout()).isEmpty();
    }

    @Test
    void aMissingFileIsNamed(@TempDir Path folder) throws Exception {
        CliProcess.Result result = CliProcess.run("clv-fit", "--transactions", folder.resolve("none.txt").toString(),
                "--calibration-end", "1997-09-30");

        assertThat(result.exitStatus()).isEqualTo(3);
        assertThat(result.errorLines()).singleElement().asString()
                .isEqualTo("engagement: error [MISSING_INPUT]: transaction file " + folder.resolve("none.txt") + " does not exist");
    }
}
