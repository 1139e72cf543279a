package io.engagementlake.generate;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.EnumMap;
import java.util.Map;
import java.util.zip.Deflater;
import java.util.zip.GZIPOutputStream;

/**
 * The part files of one shard for the landing date being written:
 * {@code <out>/<source>/date=YYYY-MM-DD/part-<shard>.<ext>}. A file is created on its first
 * row, so no empty files exist, and all are closed when the day is done: the generator never
 * holds more than one open file per source.
 */
final class LandingFiles implements AutoCloseable {
    /** Small: a shard opens thousands of files, most of them with a few rows only. */
    private static final int BUFFER_BYTES = 1 << 14;

    private final Path out;
    private final String partName;
    private final RowText rowText;
    private final ShardStatistics statistics;
    private final Map<LandingSource, Writer> open = new EnumMap<>(LandingSource.class);
    private LocalDate landingDate;

    LandingFiles(Path out, int shard, RowText rowText, ShardStatistics statistics) {
        this.out = out;
        this.partName = String.format("part-%05d", shard);
        this.rowText = rowText;
        this.statistics = statistics;
    }

    void beginDay(LocalDate date) throws IOException {
        closeDay();
        landingDate = date;
    }

    void write(LandingSource source, String text) throws IOException {
        Writer writer = open.get(source);
        if (writer == null) {
            writer = create(source);
            open.put(source, writer);
        }
        writer.write(text);
    }

    private Writer create(LandingSource source) throws IOException {
        Path folder = out.resolve(source.folderName()).resolve("date=" + landingDate);
        Files.createDirectories(folder);
        Path file = folder.resolve(partName + '.' + source.extension(landingDate.toEpochDay()));
        OutputStream stream = Files.newOutputStream(file);
        if (file.getFileName().toString().endsWith(".gz")) {
            stream = new FastGzipOutputStream(stream);
        }
        Writer writer = new BufferedWriter(new OutputStreamWriter(stream, StandardCharsets.UTF_8), BUFFER_BYTES);
        statistics.files[source.ordinal()]++;
        if (source.isCsv()) {
            writer.write(rowText.csvHeader(source));
        }
        return writer;
    }

    void closeDay() throws IOException {
        IOException failure = null;
        for (Writer writer : open.values()) {
            try {
                writer.close();
            }
            catch (IOException e) {
                failure = failure == null ? e : failure;
            }
        }
        open.clear();
        if (failure != null) {
            throw failure;
        }
    }

    @Override
    public void close() throws IOException {
        closeDay();
    }

    /**
     * Gzip at the fastest level: the landing zone is test data, and compressing it harder would
     * cost more time than everything else the generator does. The gzip header carries no
     * time stamp, so the bytes stay reproducible.
     */
    private static final class FastGzipOutputStream extends GZIPOutputStream {
        FastGzipOutputStream(OutputStream out) throws IOException {
            super(out, BUFFER_BYTES);
            def.setLevel(Deflater.BEST_SPEED);
        }
    }
}
