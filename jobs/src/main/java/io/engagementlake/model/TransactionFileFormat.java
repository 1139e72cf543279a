package io.engagementlake.model;

/** The transaction file layouts {@link TransactionHistory#read} understands. */
public enum TransactionFileFormat {
    /**
     * The CDNOW layout: whitespace-separated columns, CRLF or LF line ends. Either the
     * master file (optional header line, then {@code customer_id date number_of_cds
     * dollar_value}) or the 1/10 sample (no header, {@code master_id sample_id date
     * number_of_cds dollar_value}, where the sample id identifies the customer so that
     * results line up with the published per-customer summaries). Dates are
     * {@code YYYYMMDD}.
     */
    CDNOW,
    /**
     * Comma-separated with a header naming the columns {@code customer_id}, {@code date}
     * ({@code YYYY-MM-DD}) and {@code amount}, in any order; other columns are ignored.
     */
    CSV;

    /**
     * Parses {@code cdnow} or {@code csv} (case-insensitive), the spelling of the
     * command-line option.
     *
     * @throws IllegalArgumentException for any other text
     */
    public static TransactionFileFormat parse(String text) {
        for (TransactionFileFormat format : values()) {
            if (format.name().equalsIgnoreCase(text == null ? "" : text.trim())) {
                return format;
            }
        }
        throw new IllegalArgumentException("input format must be 'cdnow' or 'csv', got '" + text + "'");
    }
}
