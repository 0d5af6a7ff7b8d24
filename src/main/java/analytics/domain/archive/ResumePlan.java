package analytics.domain.archive;

import java.util.Collection;
import java.util.List;
import java.util.OptionalLong;

/**
 * What to do with a source partition's files before writing it again, when the partition is assigned to this
 * writer (at start, or after a rebalance or a failure).
 *
 * <p>With a committed offset: everything before it is in the archive, complete; files that start at or after it
 * were written but never committed (the writer died between moving them and committing) and will be written again
 * by the replay, possibly cut at other offsets when an idle rotation was involved. They are deleted, so no record
 * can be in the archive twice; the consumer resumes at the committed offset.
 *
 * <p>Without one (a first start, or the group's offsets expired): the archive itself says how far it got, and
 * the consumer resumes after the highest archived offset, deleting nothing. Nothing is then archived twice; the
 * only gap possible is a batch torn across hours by a crash at the very moment its group's offsets were lost.
 *
 * @param delete files to delete before writing
 * @param seekTo where to resume if not at the committed offset (empty: the consumer's own position)
 */
public record ResumePlan(List<ArchiveFile> delete, OptionalLong seekTo) {

    public ResumePlan {
        delete = List.copyOf(delete);
    }

    public static ResumePlan committedAt(long committedOffset, Collection<ArchiveFile> partitionFiles) {
        return new ResumePlan(partitionFiles.stream().filter(file -> file.startOffset() >= committedOffset)
                .sorted(java.util.Comparator.comparingLong(ArchiveFile::startOffset)).toList(), OptionalLong.empty());
    }

    public static ResumePlan withoutCommit(OptionalLong highestArchivedOffset) {
        return new ResumePlan(List.of(), highestArchivedOffset.isPresent()
                ? OptionalLong.of(highestArchivedOffset.getAsLong() + 1)
                : OptionalLong.empty());
    }
}
