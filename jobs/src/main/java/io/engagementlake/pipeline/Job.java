package io.engagementlake.pipeline;

import io.engagementlake.io.LakeTable;
import java.util.List;

/**
 * One step of the pipeline: reads its inputs, transforms, writes its outputs. Jobs are thin
 * entry points; the transformations they call are pure functions of Datasets.
 */
public interface Job {
    /** Stable name, used on the command line, in run records and as the Airflow task id. */
    String name();

    String description();

    /** Jobs whose outputs this one reads; they run first in a full run. */
    List<String> dependsOn();

    /** Landing-zone sources read by this job ({@code raw/<source>}). */
    default List<String> rawInputs() {
        return List.of();
    }

    /**
     * Lake tables read by this job that must exist and, for gold tables, hold the run's as-of
     * slice: the runner checks them before the job starts.
     */
    List<LakeTable> inputs();

    /**
     * Lake tables read by this job whose as-of slice may legitimately be empty (a published
     * aggregate with nothing to count yet). The runner does not check them; the job shows an
     * empty slice as such.
     */
    default List<LakeTable> optionalInputs() {
        return List.of();
    }

    List<LakeTable> outputs();

    /**
     * Files (not tables) this job writes, as paths under {@code lake.root}; {@code <as-of>}
     * stands for the run's as-of date.
     */
    default List<String> fileOutputs() {
        return List.of();
    }

    JobResult run(JobContext context);
}
