package io.engagementlake.pipeline;

import io.engagementlake.bronze.IngestJob;
import io.engagementlake.bronze.Source;
import io.engagementlake.config.EngagementException;
import io.engagementlake.config.ErrorCode;
import io.engagementlake.io.LakeTable;
import io.engagementlake.gold.GoldJob;
import io.engagementlake.model.ModelFitJob;
import io.engagementlake.serve.ReportJob;
import io.engagementlake.silver.SilverJob;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/** Every job of the pipeline and how they depend on each other, in a valid run order. */
public final class JobGraph {
    private final Map<String, Job> jobs = new LinkedHashMap<>();

    public JobGraph(List<Job> jobs) {
        jobs.forEach(job -> {
            if (this.jobs.put(job.name(), job) != null) {
                throw new IllegalArgumentException("job " + job.name() + " is defined twice");
            }
        });
        for (Job job : jobs) {
            for (String dependency : job.dependsOn()) {
                if (!this.jobs.containsKey(dependency)) {
                    throw new IllegalArgumentException("job " + job.name() + " depends on unknown job " + dependency);
                }
            }
        }
        order(this.jobs.keySet());
    }

    /**
     * The pipeline: ingestion of each source, then silver, the model fits, the published tables,
     * and last the run report, which follows every job that publishes a table.
     */
    public static JobGraph standard() {
        List<Job> all = new ArrayList<>();
        for (Source source : Source.values()) {
            all.add(new IngestJob(source));
        }
        all.addAll(SilverJob.all());
        List<Job> published = new ArrayList<>();
        published.add(new ModelFitJob());
        published.addAll(GoldJob.all());
        all.addAll(published);
        all.add(new ReportJob(published.stream().map(Job::name).toList()));
        return new JobGraph(all);
    }

    public List<Job> jobs() {
        return order(jobs.keySet());
    }

    public Job job(String name) {
        Job job = jobs.get(name);
        if (job == null) {
            throw new EngagementException(ErrorCode.BAD_ARGUMENT, "unknown job '" + name + "' (known: " + String.join(", ", jobs.keySet()) + ")");
        }
        return job;
    }

    /** The job that writes {@code table}, if any. */
    public Optional<Job> producerOf(LakeTable table) {
        return jobs.values().stream()
                .filter(job -> job.outputs().stream().anyMatch(output -> output.qualifiedName().equals(table.qualifiedName())))
                .findFirst();
    }

    /** Every table some job writes, in run order. */
    public List<LakeTable> tables() {
        Map<String, LakeTable> tables = new LinkedHashMap<>();
        for (Job job : jobs()) {
            job.outputs().forEach(table -> tables.putIfAbsent(table.qualifiedName(), table));
        }
        return List.copyOf(tables.values());
    }

    /** Every table analysts query by name: what the jobs write, plus the run records and the erasure audit. */
    public List<LakeTable> queryableTables() {
        List<LakeTable> tables = new ArrayList<>(tables());
        tables.add(LakeTable.pipelineRuns());
        tables.add(io.engagementlake.privacy.ErasureAudit.table());
        return List.copyOf(tables);
    }

    /** The named jobs in dependency order (a topological sort; ties keep definition order). */
    public List<Job> order(Set<String> names) {
        List<Job> ordered = new ArrayList<>();
        Set<String> done = new LinkedHashSet<>();
        Set<String> visiting = new LinkedHashSet<>();
        for (String name : jobs.keySet()) {
            visit(name, done, visiting);
        }
        for (String name : done) {
            if (names.contains(name)) {
                ordered.add(jobs.get(name));
            }
        }
        return ordered;
    }

    private void visit(String name, Set<String> done, Set<String> visiting) {
        if (done.contains(name)) {
            return;
        }
        if (!visiting.add(name)) {
            throw new IllegalArgumentException("job dependencies form a cycle through " + name);
        }
        for (String dependency : jobs.get(name).dependsOn()) {
            visit(dependency, done, visiting);
        }
        visiting.remove(name);
        done.add(name);
    }
}
